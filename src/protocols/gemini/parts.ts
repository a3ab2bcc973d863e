/** Content parts: one Gemini part ⇄ IR parts, shared by requests, responses and streams. */
import { imageOfURL } from "../images";
import { invalid, signatureFor, signatureFromClient, type IRImageSource, type IRPart, type IRSignature, type Side } from "../ir";
import { argumentsObject, object, optional, string, type JSONObject } from "../json";
import type { GeminiPart } from "./types";

/**
 * Google's documented stand-in for a function call it did not sign (history from another model):
 * without some signature Gemini 3 rejects a replayed call with 400.
 */
export const PLACEHOLDER_SIGNATURE = "skip_thought_signature_validator";

/** How IR ids are found for Gemini calls and responses, which often carry no id. */
export interface CallIds {
  call(id: string | undefined, name: string): string;
  result(id: string | undefined, name: string): string;
}

/** A part's signature; a client may send back other formats' signatures, wrapped (see ir.ts). */
function readSignature(value: string | undefined, from: Side): { signature?: IRSignature; redacted?: true } {
  if (value === undefined) return {};
  if (from === "channel") return { signature: { format: "gemini", value } };
  const { signature, redacted } = signatureFromClient("gemini", value);
  return redacted ? { signature, redacted } : { signature };
}

/**
 * One Gemini part → IR parts, or undefined for a kind the IR cannot carry. A signature on a
 * non-thought text part has no IR home of its own: it rides on a thinking part placed before
 * the text (see `appendPart`, which merges it into a preceding unsigned thinking part).
 */
export function partFromGemini(raw: unknown, at: string, ids: CallIds, from: Side): IRPart[] | undefined {
  const part = object(raw, at);
  const signed = readSignature(optional(part.thoughtSignature, `${at}.thoughtSignature`, string), from);
  const { signature } = signed;
  if (part.functionCall !== undefined) {
    const call = object(part.functionCall, `${at}.functionCall`);
    const name = string(call.name, `${at}.functionCall.name`);
    const args = optional(call.args, `${at}.functionCall.args`, object) ?? {};
    const id = ids.call(optional(call.id, `${at}.functionCall.id`, string), name);
    return [{ type: "tool_call", id, name, arguments: JSON.stringify(args), ...(signature && { signature }) }];
  }
  if (part.functionResponse !== undefined) {
    const fr = object(part.functionResponse, `${at}.functionResponse`);
    const name = string(fr.name, `${at}.functionResponse.name`);
    const response = fr.response === undefined ? {} : object(fr.response, `${at}.functionResponse.response`);
    const callId = ids.result(optional(fr.id, `${at}.functionResponse.id`, string), name);
    return [{ type: "tool_result", callId, name, ...toolOutput(response) }];
  }
  if (part.inlineData !== undefined) {
    const d = object(part.inlineData, `${at}.inlineData`);
    const mediaType = string(d.mimeType, `${at}.inlineData.mimeType`);
    return [{ type: "image", source: { kind: "base64", mediaType, data: string(d.data, `${at}.inlineData.data`) } }];
  }
  if (part.fileData !== undefined) {
    const f = object(part.fileData, `${at}.fileData`);
    return [{ type: "image", source: { kind: "url", url: string(f.fileUri, `${at}.fileData.fileUri`) } }];
  }
  if (part.text !== undefined || signature) {
    const text = part.text === undefined ? "" : string(part.text, `${at}.text`);
    if (part.thought === true) return [{ type: "thinking", text, ...signed }];
    const carrier: IRPart[] = signature ? [{ type: "thinking", text: "", ...signed }] : [];
    return text === "" ? carrier : [...carrier, { type: "text", text }];
  }
  return undefined;
}

/** Gemini tool output is an object; {output} and {error} are the conventional shapes. */
function toolOutput(response: JSONObject): { content: [{ type: "text"; text: string }]; isError?: true } {
  const keys = Object.keys(response);
  const asText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  if (keys.length === 1 && keys[0] === "error") return { content: [{ type: "text", text: asText(response.error) }], isError: true };
  const text = keys.length === 1 && keys[0] === "output" ? asText(response.output) : JSON.stringify(response);
  return { content: [{ type: "text", text }] };
}

/** Appends, merging a thinking part into a preceding unsigned one (one thought run, one part). */
export function appendPart(parts: IRPart[], part: IRPart) {
  const last = parts[parts.length - 1];
  if (part.type === "thinking" && !part.redacted && last?.type === "thinking" && !last.signature && !last.redacted) {
    last.text += part.text;
    if (part.signature) last.signature = part.signature;
  } else parts.push(part);
}

export interface ToGeminiOptions {
  /**
   * "channel": omit ids, send only Gemini signatures, drop unsigned thoughts, sign unsigned calls
   * with the placeholder. "client": every signature, others wrapped.
   */
  to: Side;
  /** The function name of an earlier call, for tool results that lack it. */
  nameOfCall?: (callId: string) => string | undefined;
}

/** IR parts of one message → Gemini parts. */
export function partsToGemini(parts: IRPart[], opts: ToGeminiOptions): GeminiPart[] {
  const out: GeminiPart[] = [];
  const hasSignedCall = parts.some((p) => p.type === "tool_call" && p.signature?.format === "gemini");
  let carried: string | undefined; // a signature-only thought, replayed on the part it came with
  const forChannel = opts.to === "channel";
  let placeholderDue = forChannel && !hasSignedCall;
  const emit = (part: GeminiPart) => {
    if (carried !== undefined && part.thoughtSignature === undefined) part.thoughtSignature = carried;
    carried = undefined;
    out.push(part);
  };
  for (const p of parts) {
    if (p.type === "text") emit({ text: p.text });
    else if (p.type === "image") emit(imageToGemini(p.source));
    else if (p.type === "thinking") {
      const sig = signatureFor("gemini", opts.to, p.signature, p.redacted);
      if (sig === undefined && (forChannel || p.text === "")) continue;
      if (forChannel && p.text === "") carried = sig;
      else emit({ text: p.text, thought: true, ...(sig !== undefined && { thoughtSignature: sig }) });
    } else if (p.type === "tool_call") {
      const sig = signatureFor("gemini", opts.to, p.signature);
      const part: GeminiPart = {
        functionCall: { ...(!forChannel && { id: p.id }), name: p.name, args: argumentsOf(p.arguments) },
        ...(sig !== undefined && { thoughtSignature: sig }),
      };
      if (placeholderDue && sig === undefined && carried === undefined) part.thoughtSignature = PLACEHOLDER_SIGNATURE;
      placeholderDue = false;
      emit(part);
    } else {
      const name = p.name ?? opts.nameOfCall?.(p.callId);
      if (name === undefined) throw invalid(`tool result ${p.callId} answers no earlier tool call`);
      const text = p.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("\n");
      emit({ functionResponse: { name, response: p.isError ? { error: text } : { output: text } } });
      // Gemini function responses hold no images; they follow as parts of the same turn.
      for (const c of p.content) if (c.type === "image") emit(imageToGemini(c.source));
    }
  }
  if (carried !== undefined) out.push({ text: "", thoughtSignature: carried });
  return out;
}

/** Tool arguments are JSON text in the IR and an object in Gemini. */
export const argumentsOf = (json: string): JSONObject => argumentsObject(json) ?? {};

const EXTENSION_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
};

export function imageToGemini(image: IRImageSource): GeminiPart {
  const source = image.kind === "url" ? imageOfURL(image.url) : image;
  if (source.kind === "base64") return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const ext = source.url.match(/\.([a-z0-9]+)(?:[?#].*)?$/i)?.[1]?.toLowerCase();
  const mimeType = ext === undefined ? undefined : EXTENSION_TYPES[ext];
  return { fileData: { ...(mimeType && { mimeType }), fileUri: source.url } };
}
