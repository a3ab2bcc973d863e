/**
 * What happens to upstream stream bytes on their way to the client. Both transforms read the
 * upstream SSE (bounded per event) as IR events, which the relay reads for usage, finish and
 * errors; they differ in what the client receives and in how much they read. Converting reads
 * everything; pass-through reads through the format's tap, which decodes only the events that
 * can carry those, and once the stream has opened only its end (tail.ts).
 */
import type { StreamDecoder, StreamEncoder } from "../protocols/adapter";
import { ADAPTERS } from "../protocols";
import type { Format, IRError, IRRequest, IRStreamEvent } from "../protocols/ir";
import { SSEParser, sseFrame, type SSEEvent } from "../protocols/sse";
import { StreamTail } from "./tail";

export interface StreamTransform {
  push(chunk: Uint8Array): { out: Uint8Array | string; events: IRStreamEvent[] };
  end(): { out: Uint8Array | string; events: IRStreamEvent[] };
  /** The events received and not read yet, for a stream that stops early (client gone, upstream broken). */
  drain(): IRStreamEvent[];
  /** Text that ends the client's stream with `error`, well-formed in the client's format. */
  fail(error: IRError): string;
}

/** A quick look for `"choices": []` anywhere; only then is a chunk parsed to see if it is the usage chunk. */
const emptyChoices = /"choices"\s*:\s*\[\s*\]/;

/** What the decoder makes of each event, in order; plain loops, as this runs for every event. */
function decodeEach(decoder: StreamDecoder, events: SSEEvent[], into: IRStreamEvent[] = []): IRStreamEvent[] {
  for (const event of events) for (const ir of decoder.push(event)) into.push(ir);
  return into;
}

/**
 * What a pass-through stream reads of its end: the events in its last 2 KiB (and the whole event
 * they begin in). Several times what any format sends after its usage and finish.
 */
const TAIL_BYTES = 2048;

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
function withoutUsageChunk() {
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

/**
 * Client and channel speak the same format: the client gets the upstream bytes unchanged. They
 * are read until the stream opens (its first real event: an error before it may still fail
 * over), then kept only as the stream's tail, read when it ends. The one exception: OpenAI chat
 * streams always ask upstream for usage; when the client did not ask, the usage-only chunk is
 * left out, so the client sees what it asked for.
 */
export function passthroughTransform(format: Format, maxEventSize: number, dropUsageChunk = false): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const adapter = ADAPTERS[format];
  const tap = adapter.streamTap();
  const tail = new StreamTail(TAIL_BYTES, maxEventSize);
  const usage = dropUsageChunk ? withoutUsageChunk() : undefined;
  const read = (bytes: Uint8Array, into?: IRStreamEvent[]) => decodeEach(tap, parser.push(bytes), into);
  return {
    push(chunk) {
      // First: an event past the size bound throws before any of the chunk goes out.
      tail.add(chunk);
      const out = usage ? usage.push(chunk, tail.ended) : chunk;
      const events: IRStreamEvent[] = [];
      // Event by event until the stream opens; after that only its end is read (end, drain).
      while (!tap.opened) {
        const event = tail.takeEvent();
        if (event.length === 0) break;
        read(event, events);
      }
      tail.trim();
      return { out, events };
    },
    drain: () => read(tail.takeEnd(false)),
    end() {
      const events = read(tail.takeEnd(true));
      return { out: usage?.end() ?? "", events: [...decodeEach(tap, parser.end(), events), ...tap.end()] };
    },
    // A blank line first closes any event the upstream left half-written.
    fail: (error) => "\n\n" + adapter.streamEncoder().push({ type: "error", error }),
  };
}

/** Through the IR: upstream SSE → IR events → the client's SSE, shaped by the client's request. */
export function convertTransform(from: Format, to: Format, maxEventSize: number, request: IRRequest): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const decoder = ADAPTERS[from].streamDecoder();
  const encoder: StreamEncoder = ADAPTERS[to].streamEncoder(request);
  const encode = (events: IRStreamEvent[]) => {
    let out = "";
    for (const event of events) out += encoder.push(event);
    return out;
  };
  return {
    push(chunk) {
      const events = decodeEach(decoder, parser.push(chunk));
      return { out: encode(events), events };
    },
    end() {
      const events = [...decodeEach(decoder, parser.end()), ...decoder.end()];
      return { out: encode(events), events };
    },
    // Every event was read as it came.
    drain: () => [],
    fail: (error) => encoder.push({ type: "error", error }),
  };
}
