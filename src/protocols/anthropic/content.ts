/** Content blocks ⇄ IR parts, shared by requests (messages) and responses (assistant content). */
import { imageOfURL } from "../images";
import {
  carryCallSignatures,
  invalid,
  signatureFor,
  signatureFromClient,
  type Side,
  type IRImagePart,
  type IRImageSource,
  type IRPart,
  type IRSignature,
  type IRTextPart,
} from "../ir";
import { argumentsObject, array, boolean, nonEmptyString, object, oneOf, optional, own, string, type JSONObject } from "../json";
import { anthropicSignature } from "./wire";

type BlockDecoder = (block: JSONObject, at: string, from: Side) => IRPart;

/** A client may send back other formats' signatures, wrapped (see ir.ts). */
function readSignature(value: string, from: Side): { signature: IRSignature; redacted: boolean } {
  return from === "client" ? signatureFromClient("anthropic", value) : { signature: anthropicSignature(value), redacted: false };
}

function decodeImageSource(v: unknown, at: string): IRImageSource {
  const source = object(v, at);
  const type = oneOf(source.type, `${at}.type`, ["base64", "url"] as const);
  if (type === "url") return { kind: "url", url: nonEmptyString(source.url, `${at}.url`) };
  return {
    kind: "base64",
    mediaType: nonEmptyString(source.media_type, `${at}.media_type`),
    data: string(source.data, `${at}.data`),
  };
}

const decodeText = (b: JSONObject, at: string): IRTextPart => ({ type: "text", text: string(b.text, `${at}.text`) });

const decodeImage = (b: JSONObject, at: string): IRImagePart => ({
  type: "image",
  source: decodeImageSource(b.source, `${at}.source`),
});

function decodeToolResultContent(v: unknown, at: string): (IRTextPart | IRImagePart)[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [{ type: "text", text: v }];
  return array(v, at).map((item, i) => {
    const block = object(item, `${at}[${i}]`);
    const type = oneOf(block.type, `${at}[${i}].type`, ["text", "image"] as const);
    return type === "text" ? decodeText(block, `${at}[${i}]`) : decodeImage(block, `${at}[${i}]`);
  });
}

const BLOCK_DECODERS: Record<string, BlockDecoder> = {
  text: decodeText,
  image: decodeImage,
  tool_use: (b, at) => ({
    type: "tool_call",
    id: nonEmptyString(b.id, `${at}.id`),
    name: nonEmptyString(b.name, `${at}.name`),
    arguments: JSON.stringify(b.input === undefined || b.input === null ? {} : object(b.input, `${at}.input`)),
  }),
  tool_result: (b, at) => {
    const isError = optional(b.is_error, `${at}.is_error`, boolean);
    return {
      type: "tool_result",
      callId: nonEmptyString(b.tool_use_id, `${at}.tool_use_id`),
      content: decodeToolResultContent(b.content, `${at}.content`),
      ...(isError ? { isError } : {}),
    };
  },
  thinking: (b, at, from) => {
    const text = string(b.thinking, `${at}.thinking`);
    const value = optional(b.signature, `${at}.signature`, string);
    if (!value) return { type: "thinking", text };
    const { signature, redacted } = readSignature(value, from);
    return { type: "thinking", text, signature, ...(redacted && { redacted }) };
  },
  redacted_thinking: (b, at, from) => ({
    type: "thinking",
    text: "",
    redacted: true,
    signature: readSignature(string(b.data, `${at}.data`), from).signature,
  }),
};

/** One content block → an IR part; undefined for a block type the IR cannot carry. */
export function decodeBlock(v: unknown, at: string, from: Side): IRPart | undefined {
  const block = object(v, at);
  const type = string(block.type, `${at}.type`);
  return own(BLOCK_DECODERS, type)?.(block, at, from);
}

/** Anthropic accepts tool_use ids matching ^[a-zA-Z0-9_-]+$; other formats' ids may not. */
export const toolUseIdOf = (id: string): string => id.replace(/[^a-zA-Z0-9_-]/g, "_");

function imageBlock(image: IRImageSource): JSONObject {
  const source = image.kind === "url" ? imageOfURL(image.url) : image;
  if (source.kind === "base64") {
    return { type: "image", source: { type: "base64", media_type: source.mediaType, data: source.data } };
  }
  return { type: "image", source: { type: "url", url: source.url } };
}

/**
 * IR parts → content blocks, leaving out those with no place in this format. A channel gets only
 * Anthropic-signed thinking and must get object tool input; a client gets every signature (others
 * wrapped, a call's in a thinking block before it) and `{}` for arguments that are not an object
 * (cut off by max tokens).
 */
export function encodeParts(parts: IRPart[], to: Side): JSONObject[] {
  const placed = to === "client" ? carryCallSignatures(parts) : parts;
  return placed.map((p) => encodePart(p, to)).filter((b) => b !== undefined);
}

function encodePart(part: IRPart, to: Side): JSONObject | undefined {
  switch (part.type) {
    case "text":
      // The API rejects empty text blocks.
      return part.text === "" ? undefined : { type: "text", text: part.text };
    case "image":
      return imageBlock(part.source);
    case "tool_call": {
      const input = argumentsObject(part.arguments);
      if (input === undefined && to === "channel") {
        throw invalid(`tool call ${part.id} arguments must be a JSON object`);
      }
      return { type: "tool_use", id: toolUseIdOf(part.id), name: part.name, input: input ?? {} };
    }
    case "tool_result": {
      const content = part.content.map((p) => encodePart(p, to)).filter((b) => b !== undefined);
      return {
        type: "tool_result",
        tool_use_id: toolUseIdOf(part.callId),
        ...(content.length > 0 ? { content } : {}),
        ...(part.isError ? { is_error: true } : {}),
      };
    }
    case "thinking": {
      const value = signatureFor("anthropic", to, part.signature, part.redacted);
      if (part.redacted) return value === undefined ? undefined : { type: "redacted_thinking", data: value };
      if (value === undefined && to === "channel") return undefined;
      return { type: "thinking", thinking: part.text, signature: value ?? "" };
    }
  }
}
