/**
 * What happens to upstream stream bytes on their way to the client. Both transforms read the
 * upstream SSE (bounded per event) as IR events, which the relay reads for usage, finish and
 * errors; they differ in what the client receives and in how much they read. Converting reads
 * everything; pass-through reads through the format's tap, which decodes only the events that
 * can carry those, and once the stream has opened only its end (protocols/stream-ends/tail.ts).
 */
import type { PassthroughFilter, StreamDecoder, StreamEncoder } from "../protocols/adapter";
import { ADAPTERS } from "../protocols";
import type { Format, IRError, IRRequest, IRStreamEvent } from "../protocols/ir";
import { SSEParser, sseFrame, type SSEEvent } from "../protocols/sse";
import type { Envelope } from "../channels/target";
import { StreamTail } from "../protocols/stream-ends/tail";

export interface StreamTransform {
  push(chunk: Uint8Array): { out: Uint8Array | string; events: readonly IRStreamEvent[] };
  end(): { out: Uint8Array | string; events: readonly IRStreamEvent[] };
  /** The events received and not read yet, for a stream that stops early (client gone, upstream broken). */
  drain(): IRStreamEvent[];
  /** Text that ends the client's stream with `error`, well-formed in the client's format. */
  fail(error: IRError): string;
}

/**
 * What `decoder` makes of the events of a stream's chunks, in order, appended to `to`. One
 * callback serves every event, and the parser gives them in one reused object: this runs for
 * every event relayed.
 */
function decoding(parser: SSEParser, decoder: StreamDecoder) {
  // Set only while a chunk is read: held longer, its events would keep the chunk's text alive.
  let into: IRStreamEvent[] | undefined;
  const onEvent = (event: SSEEvent) => {
    const made = decoder.push(event);
    for (let i = 0; i < made.length; i++) into!.push(made[i]!);
  };
  return {
    push(chunk: Uint8Array, to: IRStreamEvent[] = []): IRStreamEvent[] {
      into = to;
      parser.each(chunk, onEvent);
      into = undefined;
      return to;
    },
    end(to: IRStreamEvent[] = []): IRStreamEvent[] {
      into = to;
      parser.endEach(onEvent);
      into = undefined;
      return to;
    },
  };
}

/** What a chunk of an opened pass-through stream gives to read, for every chunk: one array, frozen, as all share it. */
const NO_EVENTS: readonly IRStreamEvent[] = Object.freeze([]);

/**
 * What a pass-through stream reads of its end: the events in its last 2 KiB (and the whole event
 * they begin in). Several times what any format sends after its usage and finish.
 */
const TAIL_BYTES = 2048;

/**
 * Client and channel speak the same format: the client gets the upstream bytes unchanged. They
 * are read until the stream opens (its first real event: an error before it may still fail
 * over), then kept only as the stream's tail, read when it ends. `filter`, when the format's
 * adapter gives one, takes out what Octopus asked upstream for and the client did not.
 */
export function passthroughTransform(format: Format, maxEventSize: number, filter?: () => PassthroughFilter): StreamTransform {
  const adapter = ADAPTERS[format];
  const tap = adapter.streamTap();
  const read = decoding(new SSEParser(maxEventSize), tap);
  const tail = new StreamTail(TAIL_BYTES, maxEventSize);
  const filtered = filter?.();
  return {
    push(chunk) {
      // First: an event past the size bound throws before any of the chunk goes out.
      tail.add(chunk);
      const out = filtered ? filtered.push(chunk, tail.ended) : chunk;
      // Event by event until the stream opens; after that only its end is read (end, drain).
      if (tap.opened) {
        tail.trim();
        return { out, events: NO_EVENTS };
      }
      const events: IRStreamEvent[] = [];
      while (!tap.opened) {
        const event = tail.takeEvent();
        if (event.length === 0) break;
        read.push(event, events);
      }
      tail.trim();
      return { out, events };
    },
    drain: () => read.push(tail.takeEnd(false)),
    end() {
      const events = read.end(read.push(tail.takeEnd(true)));
      for (const e of tap.end()) events.push(e);
      return { out: filtered?.end() ?? "", events };
    },
    // A blank line first closes any event the upstream left half-written.
    fail: (error) => "\n\n" + adapter.streamEncoder().push({ type: "error", error }),
  };
}

/** Through the IR: upstream SSE → IR events → the client's SSE, shaped by the client's request. */
export function convertTransform(from: Format, to: Format, maxEventSize: number, request: IRRequest): StreamTransform {
  const decoder = ADAPTERS[from].streamDecoder();
  const read = decoding(new SSEParser(maxEventSize), decoder);
  const encoder: StreamEncoder = ADAPTERS[to].streamEncoder(request);
  const encode = (events: IRStreamEvent[]) => {
    let out = "";
    for (const event of events) out += encoder.push(event);
    return out;
  };
  return {
    push(chunk) {
      const events = read.push(chunk);
      return { out: encode(events), events };
    },
    end() {
      const events = read.end();
      for (const e of decoder.end()) events.push(e);
      return { out: encode(events), events };
    },
    // Every event was read as it came.
    drain: () => [],
    fail: (error) => encoder.push({ type: "error", error }),
  };
}

const utf8 = new TextEncoder();
/** A transform's output as bytes. */
export const asBytes = (out: Uint8Array | string) => (typeof out === "string" ? utf8.encode(out) : out);

/** Two outputs as one: most often one of them is empty. */
function joined(a: Uint8Array | string, b: Uint8Array | string): Uint8Array | string {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const [first, second] = [asBytes(a), asBytes(b)];
  const both = new Uint8Array(first.length + second.length);
  both.set(first);
  both.set(second, first.length);
  return both;
}

/**
 * A channel whose stream events come in an envelope (channels/target.ts): each event's data is
 * taken out of it and framed anew, and `inner` reads (or passes to the client) the stream as if
 * the upstream had sent it bare. Data that is not JSON goes on as it came, for `inner` to judge.
 */
export function unwrapTransform(inner: StreamTransform, envelope: Envelope, maxEventSize: number): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const unwrap = (data: string) => {
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch {
      return data;
    }
    return JSON.stringify(envelope.unwrap(body));
  };
  const reframe = (events: SSEEvent[]) => {
    let out = "";
    for (const event of events) out += sseFrame(unwrap(event.data), event.event);
    return utf8.encode(out);
  };
  return {
    push: (chunk) => inner.push(reframe(parser.push(chunk))),
    end() {
      const last = reframe(parser.end());
      if (last.length === 0) return inner.end();
      const pushed = inner.push(last);
      const ended = inner.end();
      return { out: joined(pushed.out, ended.out), events: [...pushed.events, ...ended.events] };
    },
    drain: () => inner.drain(),
    fail: (error) => inner.fail(error),
  };
}
