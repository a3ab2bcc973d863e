/** Content blocks ⇄ IR parts, shared by requests (messages) and responses (assistant content). */
import { invalid, type IRImagePart, type IRImageSource, type IRPart, type IRTextPart } from "../ir";
import { array, boolean, isObject, nonEmptyString, object, oneOf, optional, own, string, type Obj } from "./validate";
import { anthropicSignature, ownSignature } from "./wire";

type BlockDecoder = (block: Obj, at: string) => IRPart;

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

const decodeText = (b: Obj, at: string): IRTextPart => ({ type: "text", text: string(b.text, `${at}.text`) });

const decodeImage = (b: Obj, at: string): IRImagePart => ({
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
  thinking: (b, at) => {
    const signature = optional(b.signature, `${at}.signature`, string);
    return {
      type: "thinking",
      text: string(b.thinking, `${at}.thinking`),
      ...(signature ? { signature: anthropicSignature(signature) } : {}),
    };
  },
  redacted_thinking: (b, at) => ({
    type: "thinking",
    text: "",
    redacted: true,
    signature: anthropicSignature(string(b.data, `${at}.data`)),
  }),
};

/** One content block → an IR part; undefined for a block type the IR cannot carry. */
export function decodeBlock(v: unknown, at: string): IRPart | undefined {
  const block = object(v, at);
  const type = string(block.type, `${at}.type`);
  return own(BLOCK_DECODERS, type)?.(block, at);
}

/** Tool arguments as the object Anthropic's `input` needs; undefined when they are not one. */
export function argumentsObject(json: string): Obj | undefined {
  if (json.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Anthropic accepts tool_use ids matching ^[a-zA-Z0-9_-]+$; other formats' ids may not. */
export const toolUseIdOf = (id: string): string => id.replace(/[^a-zA-Z0-9_-]/g, "_");

function imageBlock(source: IRImageSource): Obj {
  if (source.kind === "base64") {
    return { type: "image", source: { type: "base64", media_type: source.mediaType, data: source.data } };
  }
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (dataUrl) return { type: "image", source: { type: "base64", media_type: dataUrl[1], data: dataUrl[2] } };
  return { type: "image", source: { type: "url", url: source.url } };
}

/**
 * "request": bound for an Anthropic upstream, which rejects unsigned thinking and
 * non-object tool input. "response": bound for an Anthropic client, which gets thinking from
 * other formats unsigned, and `{}` for arguments that are not an object (cut off by max tokens).
 */
export type EncodeMode = "request" | "response";

/** One IR part → a content block; undefined when it has no place in this format. */
export function encodePart(part: IRPart, mode: EncodeMode): Obj | undefined {
  switch (part.type) {
    case "text":
      // The API rejects empty text blocks.
      return part.text === "" ? undefined : { type: "text", text: part.text };
    case "image":
      return imageBlock(part.source);
    case "tool_call": {
      const input = argumentsObject(part.arguments);
      if (input === undefined && mode === "request") {
        throw invalid(`tool call ${part.id}: arguments must be a JSON object`);
      }
      return { type: "tool_use", id: toolUseIdOf(part.id), name: part.name, input: input ?? {} };
    }
    case "tool_result": {
      const content = part.content.map((p) => encodePart(p, mode)).filter((b) => b !== undefined);
      return {
        type: "tool_result",
        tool_use_id: toolUseIdOf(part.callId),
        ...(content.length > 0 ? { content } : {}),
        ...(part.isError ? { is_error: true } : {}),
      };
    }
    case "thinking": {
      const signature = ownSignature(part.signature);
      if (signature !== undefined && part.redacted) return { type: "redacted_thinking", data: signature };
      if (signature === undefined && mode === "request") return undefined;
      return { type: "thinking", thinking: part.text, signature: signature ?? "" };
    }
  }
}
