/**
 * What happens to upstream stream bytes on their way to the client. Both transforms parse the
 * upstream SSE (bounded per event) and decode it to IR events, which the relay reads for usage,
 * finish and errors; they differ in what the client receives. Pass-through decodes through the
 * format's tap, which skips the events that cannot carry those.
 */
import type { StreamDecoder, StreamEncoder } from "../protocols/adapter";
import { ADAPTERS } from "../protocols";
import type { Format, IRError, IRRequest, IRStreamEvent } from "../protocols/ir";
import { SSEParser, sseFrame, type SSEEvent } from "../protocols/sse";

export interface StreamTransform {
  push(chunk: Uint8Array): { out: Uint8Array | string; events: IRStreamEvent[] };
  end(): { out: string; events: IRStreamEvent[] };
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
 * Client and channel speak the same format: the client gets the upstream bytes unchanged. The
 * one exception: OpenAI chat streams always ask upstream for usage; when the client did not ask,
 * the usage-only chunk is left out (re-framed), so the client sees what it asked for.
 */
export function passthroughTransform(format: Format, maxEventSize: number, dropUsageChunk = false): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const adapter = ADAPTERS[format];
  const decoder = adapter.streamTap?.() ?? adapter.streamDecoder();
  const isUsageOnly = (e: SSEEvent) => {
    if (!e.data.includes('"usage"') || !emptyChoices.test(e.data)) return false;
    try {
      const chunk = JSON.parse(e.data);
      return Array.isArray(chunk.choices) && chunk.choices.length === 0;
    } catch {
      return false;
    }
  };
  return {
    push(chunk) {
      const sse = parser.push(chunk);
      const events = decodeEach(decoder, sse);
      if (!dropUsageChunk) return { out: chunk, events };
      return { out: sse.filter((e) => !isUsageOnly(e)).map((e) => sseFrame(e.data, e.event)).join(""), events };
    },
    end() {
      return { out: "", events: [...decodeEach(decoder, parser.end()), ...decoder.end()] };
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
    fail: (error) => encoder.push({ type: "error", error }),
  };
}
