/**
 * The one script every mock upstream follows, whatever wire format it speaks, so end-to-end
 * tests can assert the same content, tool arguments and token counts across all pairs.
 */
import type { IRUsage } from "../../src/protocols/ir";

export const SCENARIO = {
  /** Answered when the request carries no tools. Streamed in several chunks. */
  text: "Hello from the mock upstream.",
  /** Answered when tools are offered and the last message is not a tool result. */
  toolCall: { name: "get_weather", arguments: { city: "Paris", unit: "celsius" } },
  /** Answered when the last message carries a tool result. */
  afterTool: "It is 18°C and sunny in Paris.",
  /** Usage in IR arithmetic; each mock reports it in its own (Anthropic subtracts the cache). */
  usage: { inputTokens: 25, outputTokens: 9, cacheReadTokens: 5, cacheWriteTokens: 3, reasoningTokens: 0 } satisfies IRUsage,
  /** Thinking the mock emits first when the request asks for reasoning. */
  thinking: "Let me think about the weather.",
} as const;

/** Faults a test can queue on a mock; each mock answers them exactly as its provider does. */
export type MockFault =
  | {
      kind: "status";
      status: 400 | 401 | 403 | 404 | 413 | 422 | 429 | 500 | 502 | 503 | 529;
      retryAfter?: number;
      /** OpenAI chat mock only: the error message instead of OpenAI's, as OpenAI-compatible providers word theirs (some quote the key they were sent). */
      message?: string;
    }
  | { kind: "stream_error_first" } // stream opens (200) and its first event is an in-band error
  | { kind: "reset_mid_stream" } // some content, then the connection drops
  | { kind: "slow_first_byte"; ms: number };

export interface MockCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

export interface MockUpstream {
  /** Handler for Bun.serve. */
  fetch(request: Request): Promise<Response>;
  /** Every request received, in order. */
  calls: MockCall[];
  /** Queue a fault for the next request (first in, first out). */
  fault(f: MockFault): void;
  /** Drops the faults no request took: run after each test, so none leaks into the next. */
  clearFaults(): void;
}

export interface MockOptions {
  /** The key the mock accepts; anything else gets the provider's own 401. */
  apiKey: string;
  /** Models listed by the models route. */
  models?: string[];
}
