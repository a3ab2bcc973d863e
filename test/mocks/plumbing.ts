/**
 * What every mock upstream shares, whatever it speaks: recording each call, the fault queue,
 * bodies sent in pieces that may drop, serving on 127.0.0.1, and reading a mock's SSE back into
 * IR. The bytes each mock answers with stay its own, written by hand in its file.
 */
import type { StreamDecoder } from "../../src/protocols/adapter";
import type { IRStreamEvent } from "../../src/protocols/ir";
import { SSEParser } from "../../src/protocols/sse";
import type { MockCall, MockFault, MockUpstream } from "./scenario";

export interface MockRequest {
  request: Request;
  url: URL;
  /** The body as sent. */
  raw: string;
  /** The body parsed as JSON; the raw text when it is not JSON; null when empty. */
  body: unknown;
  /** The fault queued for this request, if any; a slow first byte has already been waited out. */
  fault?: MockFault;
  /** How many requests this mock has received, this one included. */
  served: number;
}

/** A mock upstream whose `respond` answers each recorded request. */
export function mockUpstream(respond: (r: MockRequest) => Response | Promise<Response>): MockUpstream {
  const calls: MockCall[] = [];
  const faults: MockFault[] = [];
  return {
    calls,
    fault: (f) => void faults.push(f),
    clearFaults: () => void faults.splice(0),
    async fetch(request) {
      const url = new URL(request.url);
      const raw = await request.text();
      let body: unknown = raw === "" ? null : raw;
      try {
        body = JSON.parse(raw);
      } catch {}
      calls.push({ method: request.method, path: url.pathname + url.search, headers: Object.fromEntries(request.headers), body });
      const fault = faults.shift();
      if (fault?.kind === "slow_first_byte") await Bun.sleep(fault.ms);
      return respond({ request, url, raw, body, fault, served: calls.length });
    },
  };
}

/** A body that sends `chunks` one at a time, then ends, or with `reset` drops the connection. */
export function pieceByPiece(chunks: string[], reset = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(encoder.encode(chunk));
        await Bun.sleep(1);
      }
      if (!reset) return controller.close();
      // Let the chunks reach the socket before it is torn down; Bun then resets it without logging.
      await Bun.sleep(10);
      controller.error(undefined);
    },
  });
}

/** The token of an `Authorization: Bearer …` header. */
export const bearerToken = (request: Request): string | undefined =>
  request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];

/** Serves a handler (a mock's `fetch`) on 127.0.0.1 at a free port. */
export function serveLocally(fetch: (request: Request) => Promise<Response>): { origin: string; stop(): void } {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch });
  return { origin: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** Reads an SSE response through a stream decoder; a dropped connection is left to `end()` to report. */
export async function decodeSSE(response: Response, decoder: StreamDecoder): Promise<IRStreamEvent[]> {
  const parser = new SSEParser();
  const events: IRStreamEvent[] = [];
  try {
    for await (const bytes of response.body!) for (const e of parser.push(bytes)) events.push(...decoder.push(e));
  } catch {}
  for (const e of parser.end()) events.push(...decoder.push(e));
  return [...events, ...decoder.end()];
}
