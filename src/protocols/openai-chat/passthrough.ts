/**
 * Passing a Chat Completions request through: Octopus always asks a streaming upstream for usage
 * (`stream_options.include_usage`), as it needs the counts; when the client did not ask, the
 * stream it gets leaves out the usage-only chunk and the null `usage` of the others, as OpenAI
 * sends them then.
 */
import type { PassedThrough, PassthroughFilter } from "../adapter";
import type { Json } from "../client-request";
import { SSEParser, sseFrame, type SSEEvent } from "../sse";

export function passthrough(body: Json, text: string, model: string, stream: boolean): PassedThrough {
  const sameModel = body.model === model;
  const out: Json = sameModel ? body : { ...body, model };
  if (!stream) return { body: out, text: sameModel ? text : undefined };
  const asked = (body.stream_options as Json | undefined)?.include_usage === true;
  if (sameModel && asked) return { body: out, text };
  const changed = sameModel ? { ...out } : out;
  changed.stream_options = { ...(body.stream_options as Json), include_usage: true };
  return { body: changed, filter: asked ? undefined : withoutUsageChunk };
}

/** A quick look for `"choices": []` anywhere; only then is a chunk parsed to see if it is the usage chunk. */
const emptyChoices = /"choices"\s*:\s*\[\s*\]/;

/** An OpenAI chat chunk with `choices: []`: the usage-only chunk. */
function isUsageOnly(e: SSEEvent): boolean {
  if (!e.data.includes('"usage"') || !emptyChoices.test(e.data)) return false;
  try {
    const chunk = JSON.parse(e.data);
    return Array.isArray(chunk.choices) && chunk.choices.length === 0;
  } catch {
    return false;
  }
}

const WHITESPACE = new Set([9, 10, 13, 32]);

/** A `[`, maybe whitespace, then `]` in the bytes: the one cheap sign of `"choices": []`. */
function hasEmptyArray(bytes: Uint8Array): boolean {
  for (let open = bytes.indexOf(91); open !== -1; open = bytes.indexOf(91, open + 1)) {
    let next = open + 1;
    while (WHITESPACE.has(bytes[next])) next++;
    if (bytes[next] === 93) return true;
  }
  return false;
}

const USAGE_KEY = Buffer.from('"usage"');
const skipSpace = (bytes: Uint8Array, i: number, step: 1 | -1) => {
  while (WHITESPACE.has(bytes[i])) i += step;
  return i;
};

/**
 * The bytes without any `, "usage": null` member. Asked for usage, OpenAI writes it on every chunk
 * but the last; a client that did not ask gets chunks without the field, as OpenAI sends them
 * then. `"usage"` followed by `:` is a key (inside a string its quotes would be escaped).
 */
function withoutNullUsage(bytes: Uint8Array): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let key = buffer.indexOf(USAGE_KEY); key !== -1; key = buffer.indexOf(USAGE_KEY, key + USAGE_KEY.length)) {
    const comma = skipSpace(buffer, key - 1, -1);
    const colon = skipSpace(buffer, key + USAGE_KEY.length, 1);
    const value = skipSpace(buffer, colon + 1, 1);
    if (buffer[comma] !== 44 || buffer[colon] !== 58 || buffer.toString("latin1", value, value + 4) !== "null") continue;
    parts.push(buffer.subarray(from, comma));
    from = value + 4;
  }
  if (parts.length === 0) return bytes;
  parts.push(buffer.subarray(from));
  return Buffer.concat(parts);
}

/**
 * The bytes of an OpenAI chat stream without the usage that Octopus asked for and the client did
 * not (the usage-only chunk, the null usage of the others): whole events go out as they complete (where the tail found them to end),
 * unchanged unless they hold a chunk with empty choices, which are re-framed without it. The last
 * event, if never ended, goes out as is.
 */
export function withoutUsageChunk(): PassthroughFilter {
  const utf8 = new TextDecoder();
  let begun: Uint8Array = new Uint8Array(0);
  /** Stream offset of begun[0]. */
  let at = 0;
  return {
    /** `ended`: the stream offset where the last event that ended, ended, counting `chunk`. */
    push(chunk: Uint8Array, ended: number): Uint8Array | string {
      const bytes = begun.length > 0 ? Buffer.concat([begun, chunk]) : chunk;
      const whole = bytes.subarray(0, Math.max(0, ended - at));
      begun = bytes.subarray(whole.length);
      at += whole.length;
      if (whole.length === 0) return whole;
      const out = withoutNullUsage(whole);
      if (!hasEmptyArray(out)) return out;
      return new SSEParser().push(utf8.decode(out)).filter((e) => !isUsageOnly(e)).map((e) => sseFrame(e.data, e.event)).join("");
    },
    end: () => begun,
  };
}

