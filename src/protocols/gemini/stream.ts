/**
 * streamGenerateContent?alt=sse: every SSE event is a whole GenerateContentResponse, with no
 * event names and no [DONE]. Text arrives in pieces, function calls arrive whole, the last
 * chunk carries finishReason and usageMetadata.
 */
import type { StreamDecoder, StreamEncoder } from "../adapter";
import { EventKind } from "../event-shape";
import { emptyUsage, signatureForClient, type IRError, type IRFinishReason, type IRPart, type IRStreamEvent, type IRUsage } from "../ir";
import { isObject, parseJSON } from "../json";
import { sseFrame, type SSEEvent } from "../sse";
import { encodeError, errorFromJSON } from "./errors";
import { finishFromGemini, finishToGemini } from "./finish";
import { argumentsOf, type CallIds } from "./parts";
import { blockedFinish, candidateParts, createdOf, responseCallIds, upstreamError } from "./response";
import type { GeminiPart, GeminiResponse } from "./types";
import { usageFromGemini, usageToGemini } from "./usage";

/** The top-level keys the decoder reads once the stream has started; the rest (model, ids, times) may differ from chunk to chunk. */
const CHUNK_KEYS_READ = new Set(["candidates", "usageMetadata", "promptFeedback", "error"]);
/** Text-only chunks, read by their shape (see event-shape.ts): their text. */
const TEXT_CHUNKS = new EventKind([["candidates", 0, "content", "parts", 0, "text"]], CHUNK_KEYS_READ);

/** A chunk whose whole effect is one text part: no thought, signature, finish, usage or error. */
function isTextOnly(res: GeminiResponse): boolean {
  const candidate = res.candidates?.[0];
  const parts = candidate?.content?.parts;
  if (!Array.isArray(parts) || parts.length !== 1 || candidate?.finishReason !== undefined || res.usageMetadata !== undefined) return false;
  const part = parts[0];
  return isObject(part) && typeof part.text === "string" && Object.keys(part).length === 1;
}

export class GeminiStreamDecoder implements StreamDecoder {
  private ids: CallIds | undefined;
  private open: { index: number; type: "text" | "thinking"; signed: boolean } | undefined;
  private nextIndex = 0;
  private sawToolCall = false;
  private finishReason: string | undefined;
  private blocked: IRFinishReason | undefined;
  private usage: IRUsage = emptyUsage();
  private over = false;
  private readonly textShape = TEXT_CHUNKS.inStream();

  push(event: SSEEvent): IRStreamEvent[] {
    if (this.over) return [];
    if (this.ids) {
      const read = this.textShape.match(event.data);
      if (read !== undefined) {
        const out: IRStreamEvent[] = [];
        if (read[0] !== "") this.feed({ type: "text", text: read[0] as string }, out);
        return out;
      }
    }
    const body = parseJSON(event.data);
    if (body === undefined) return this.fail(upstreamError("stream event is not JSON").ir);
    const inBand = errorFromJSON(500, body);
    if (inBand) return this.fail(inBand);
    if (!isObject(body)) return this.fail(upstreamError("stream event is not a JSON object").ir);
    const res = body as GeminiResponse;
    const out: IRStreamEvent[] = [];
    if (this.ids && isTextOnly(res)) this.textShape.learn(event.data, body);
    if (!this.ids) {
      const created = createdOf(res);
      const id = res.responseId ?? `gemini_${created}`;
      this.ids = responseCallIds(id);
      out.push({ type: "start", id, model: res.modelVersion ?? "", created });
    }
    // Thinking-mode chunks may carry neither candidates nor usage: they simply add nothing.
    const candidate = res.candidates?.[0];
    let parts: IRPart[];
    try {
      parts = candidateParts(candidate, this.ids);
    } catch (e) {
      return [...out, ...this.fail((e as { ir: IRError }).ir)];
    }
    for (const part of parts) this.feed(part, out);
    if (isObject(res.usageMetadata)) {
      this.usage = usageFromGemini(res.usageMetadata);
      out.push({ type: "usage", usage: this.usage });
    }
    if (typeof candidate?.finishReason === "string") this.finishReason = candidate.finishReason;
    this.blocked ??= blockedFinish(res);
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.over) return [];
    if (this.finishReason === undefined && this.blocked === undefined) {
      return this.fail(upstreamError("stream ended before a finishReason").ir);
    }
    this.over = true;
    const out = this.close();
    const reason = this.blocked ?? finishFromGemini(this.finishReason ?? "STOP", this.sawToolCall);
    out.push({ type: "finish", reason, usage: this.usage });
    return out;
  }

  private feed(part: IRPart, out: IRStreamEvent[]) {
    if (part.type === "thinking") {
      // One thought run is one block; a signature closes it for further thought text.
      if (this.open?.type !== "thinking" || this.open.signed) out.push(...this.openBlock("thinking"));
      const index = this.open!.index;
      if (part.text !== "") out.push({ type: "block_delta", index, delta: { type: "thinking", text: part.text } });
      if (part.signature) {
        out.push({ type: "block_delta", index, delta: { type: "signature", signature: part.signature } });
        this.open!.signed = true;
      }
    } else if (part.type === "text") {
      if (this.open?.type !== "text") out.push(...this.openBlock("text"));
      out.push({ type: "block_delta", index: this.open!.index, delta: { type: "text", text: part.text } });
    } else if (part.type === "tool_call") {
      out.push(...this.close());
      const index = this.nextIndex++;
      this.sawToolCall = true;
      const { id, name, signature } = part;
      out.push({ type: "block_start", index, block: { type: "tool_call", id, name, ...(signature && { signature }) } });
      out.push({ type: "block_delta", index, delta: { type: "arguments", json: part.arguments } });
      out.push({ type: "block_stop", index });
    }
  }

  private openBlock(type: "text" | "thinking"): IRStreamEvent[] {
    const out = this.close();
    this.open = { index: this.nextIndex++, type, signed: false };
    out.push({ type: "block_start", index: this.open.index, block: { type } });
    return out;
  }

  private close(): IRStreamEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = undefined;
    return [{ type: "block_stop", index }];
  }

  private fail(error: IRError): IRStreamEvent[] {
    this.over = true;
    return [...this.close(), { type: "error", error }];
  }
}

/**
 * Writes one chunk per text or thought delta and one per finished function call, always holding
 * the latest chunk back so that `finish` can put finishReason and usageMetadata on it, as Gemini
 * does on its last chunk.
 */
export class GeminiStreamEncoder implements StreamEncoder {
  private id = "";
  private model = "";
  /** Thinking blocks by index, and whether each is redacted. */
  private thinkingBlocks = new Map<number, boolean>();
  private calls = new Map<number, { id: string; name: string; args: string; signature?: string }>();
  private held: { index: number; parts: GeminiPart[] } | undefined;
  /** A chunk's text after its candidates: model and response id, and the frame's end. */
  private idsTail: string | undefined;

  push(event: IRStreamEvent): string {
    switch (event.type) {
      case "start":
        this.id = event.id;
        this.model = event.model;
        this.idsTail = undefined;
        return "";
      case "block_start":
        if (event.block.type === "thinking") this.thinkingBlocks.set(event.index, event.block.redacted === true);
        if (event.block.type === "tool_call") {
          const { id, name, signature } = event.block;
          this.calls.set(event.index, { id, name, args: "", signature: signature && signatureForClient("gemini", signature) });
        }
        return "";
      case "block_delta":
        return this.delta(event.index, event.delta);
      case "block_stop":
        return this.flushCall(event.index);
      case "usage":
        return "";
      case "finish": {
        const pending = [...this.calls.keys()].map((i) => this.flushCall(i)).join("");
        const last = this.held ?? { index: -1, parts: [] };
        this.held = undefined;
        return pending + this.frame(last.parts, { reason: finishToGemini(event.reason), usage: event.usage });
      }
      case "error":
        return this.release() + sseFrame(JSON.stringify(encodeError(event.error).body));
    }
  }

  private delta(index: number, delta: Extract<IRStreamEvent, { type: "block_delta" }>["delta"]): string {
    // An empty text part is one some Gemini clients reject as invalid content.
    if ((delta.type === "text" || delta.type === "thinking") && delta.text === "") return "";
    if (delta.type === "text") return this.hold(index, { text: delta.text });
    if (delta.type === "thinking") return this.hold(index, { text: delta.text, thought: true });
    const call = this.calls.get(index);
    if (delta.type === "arguments") {
      if (call) call.args += delta.json;
      return "";
    }
    const redacted = this.thinkingBlocks.get(index);
    if (redacted === undefined) return "";
    const signature = signatureForClient("gemini", delta.signature, redacted);
    const last = this.held?.index === index ? this.held.parts[this.held.parts.length - 1] : undefined;
    if (last?.thought && last.thoughtSignature === undefined) {
      last.thoughtSignature = signature;
      return "";
    }
    return this.hold(index, { text: "", thought: true, thoughtSignature: signature });
  }

  private flushCall(index: number): string {
    const call = this.calls.get(index);
    if (!call) return "";
    this.calls.delete(index);
    return this.hold(index, {
      functionCall: { id: call.id, name: call.name, args: argumentsOf(call.args) },
      ...(call.signature !== undefined && { thoughtSignature: call.signature }),
    });
  }

  private hold(index: number, part: GeminiPart): string {
    const out = this.release();
    this.held = { index, parts: [part] };
    return out;
  }

  private release(): string {
    if (!this.held) return "";
    const out = this.frame(this.held.parts);
    this.held = undefined;
    return out;
  }

  private frame(parts: GeminiPart[], finish?: { reason: string; usage: IRUsage }): string {
    // The bulk of a stream, written around its parts: the same bytes as the whole chunk's JSON below.
    if (finish === undefined && parts.length > 0) {
      this.idsTail ??= `,"modelVersion":${JSON.stringify(this.model)},"responseId":${JSON.stringify(this.id)}}\n\n`;
      return `data: {"candidates":[{"content":{"parts":${JSON.stringify(parts)},"role":"model"},"index":0}]${this.idsTail}`;
    }
    const chunk: GeminiResponse = {
      candidates: [
        {
          ...(parts.length > 0 && { content: { parts, role: "model" } }),
          ...(finish && { finishReason: finish.reason }),
          index: 0,
        },
      ],
      ...(finish && { usageMetadata: usageToGemini(finish.usage) }),
      modelVersion: this.model,
      responseId: this.id,
    };
    return sseFrame(JSON.stringify(chunk));
  }
}
