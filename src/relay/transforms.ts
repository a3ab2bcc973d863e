/**
 * What happens to upstream stream bytes on their way to the client. Both transforms parse the
 * upstream SSE (bounded per event) and decode it to IR events, which the relay reads for usage,
 * finish and errors; they differ in what the client receives.
 */
import type { StreamEncoder } from "../protocols/adapter";
import { ADAPTERS } from "../protocols";
import type { Format, IRError, IRRequest, IRStreamEvent } from "../protocols/ir";
import { SSEParser, sseFrame, type SSEEvent } from "../protocols/sse";

export interface StreamTransform {
  push(chunk: Uint8Array): { out: Uint8Array | string; events: IRStreamEvent[] };
  end(): { out: string; events: IRStreamEvent[] };
  /** Text that ends the client's stream with `error`, well-formed in the client's format. */
  fail(error: IRError): string;
}

/**
 * Client and channel speak the same format: the client gets the upstream bytes unchanged. The
 * one exception: OpenAI chat streams always ask upstream for usage; when the client did not ask,
 * the usage-only chunk is left out (re-framed), so the client sees what it asked for.
 */
export function passthroughTransform(format: Format, maxEventSize: number, dropUsageChunk = false): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const decoder = ADAPTERS[format].streamDecoder();
  const decode = (events: SSEEvent[]) => events.flatMap((e) => decoder.push(e));
  const isUsageOnly = (e: SSEEvent) => {
    if (!e.data.includes('"usage"')) return false;
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
      const events = decode(sse);
      if (!dropUsageChunk) return { out: chunk, events };
      return { out: sse.filter((e) => !isUsageOnly(e)).map((e) => sseFrame(e.data, e.event)).join(""), events };
    },
    end() {
      return { out: "", events: [...decode(parser.end()), ...decoder.end()] };
    },
    // A blank line first closes any event the upstream left half-written.
    fail: (error) => "\n\n" + ADAPTERS[format].streamEncoder().push({ type: "error", error }),
  };
}

/** Through the IR: upstream SSE → IR events → the client's SSE, shaped by the client's request. */
export function convertTransform(from: Format, to: Format, maxEventSize: number, request: IRRequest): StreamTransform {
  const parser = new SSEParser(maxEventSize);
  const decoder = ADAPTERS[from].streamDecoder();
  const encoder: StreamEncoder = ADAPTERS[to].streamEncoder(request);
  const encode = (events: IRStreamEvent[]) => events.map((e) => encoder.push(e)).join("");
  return {
    push(chunk) {
      const events = parser.push(chunk).flatMap((e) => decoder.push(e));
      return { out: encode(events), events };
    },
    end() {
      const events = [...parser.end().flatMap((e) => decoder.push(e)), ...decoder.end()];
      return { out: encode(events), events };
    },
    fail: (error) => encoder.push({ type: "error", error }),
  };
}
