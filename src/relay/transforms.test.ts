import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { decodeAll, loadJSONL, toSSEEvents } from "../../test/golden";
import { ADAPTERS } from "../protocols";
import type { IRRequest, IRStreamEvent } from "../protocols/ir";
import { irError } from "./errors";
import { SSEParser, sseFrame } from "../protocols/sse";
import { withoutUsageChunk } from "../protocols/openai-chat/passthrough";
import { passthroughTransform } from "./transforms";

const PROTOCOLS = join(import.meta.dir, "..", "protocols");
const bytes = new TextEncoder();

/**
 * What the relay reads of a pass-through stream: the first event past the opening, then the
 * usage, that it finished, and errors. Not the finish's reason, which it does not use: read from
 * the tail alone, a Gemini stream that called a tool earlier finishes with "stop".
 */
function outcome(events: IRStreamEvent[]) {
  return {
    first: events.find((e) => e.type !== "start" && e.type !== "usage"),
    decisive: events.flatMap((e): object[] =>
      e.type === "finish" ? [{ type: e.type, usage: e.usage }] : e.type === "usage" || e.type === "error" ? [e] : [],
    ),
  };
}

/** The wire text split into chunks: whole, one per event, every `n` bytes, in two halves. */
function chunkings(wire: Uint8Array, frames: string[]): Uint8Array[][] {
  const every = (n: number) => Array.from({ length: Math.ceil(wire.length / n) }, (_, i) => wire.subarray(i * n, (i + 1) * n));
  const half = wire.length >> 1;
  return [[wire], frames.map((f) => bytes.encode(f)), every(7), every(1000), [wire.subarray(0, half), wire.subarray(half)]];
}

function relay(format: keyof typeof ADAPTERS, chunks: Uint8Array[]) {
  const transform = passthroughTransform(format, 1 << 20);
  const events: IRStreamEvent[] = [];
  const out: Uint8Array[] = [];
  for (const chunk of chunks) {
    const r = transform.push(chunk);
    events.push(...r.events);
    out.push(typeof r.out === "string" ? bytes.encode(r.out) : r.out);
  }
  events.push(...transform.end().events);
  return { events, out: Buffer.concat(out) };
}

describe("pass-through transform", () => {
  for (const adapter of Object.values(ADAPTERS)) {
    const dir = join(PROTOCOLS, adapter.format, "fixtures");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".stream.jsonl")))
      test(`${adapter.format} ${file}: however it is chunked, LF or CRLF, the bytes pass unchanged and read as the full decoder reads them`, () => {
        const events = toSSEEvents(loadJSONL(join(dir, file)));
        const expected = outcome(decodeAll(adapter.streamDecoder(), events));
        for (const eol of ["\n", "\r\n"]) {
          const frames = events.map((e) => sseFrame(e.data, e.event).replaceAll("\n", eol));
          const wire = bytes.encode(frames.join(""));
          for (const chunks of chunkings(wire, frames)) {
            const relayed = relay(adapter.format, chunks);
            expect(relayed.out).toEqual(Buffer.from(wire));
            expect(outcome(relayed.events)).toEqual(expected);
          }
        }
      });
  }

  const usage = { inputTokens: 12, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  const words = (index: number, n: number): IRStreamEvent[] => [
    { type: "block_start", index, block: { type: "text" } },
    ...Array.from({ length: n }, (_, i): IRStreamEvent => ({ type: "block_delta", index, delta: { type: "text", text: ` word${i}` } })),
    { type: "block_stop", index },
  ];
  /** Long streams, as each format's encoder writes them, cut into a few large chunks anywhere. */
  const LONG: Record<string, IRStreamEvent[]> = {
    text: [{ type: "start", id: "s", model: "m", created: 1 }, ...words(0, 200), { type: "usage", usage }, { type: "finish", reason: "stop", usage }],
    "text then a tool call": [
      { type: "start", id: "s", model: "m", created: 1 },
      ...words(0, 120),
      { type: "block_start", index: 1, block: { type: "tool_call", id: "call_1", name: "lookup" } },
      { type: "block_delta", index: 1, delta: { type: "arguments", json: '{"q":"x"}' } },
      { type: "block_stop", index: 1 },
      ...words(2, 80),
      { type: "finish", reason: "tool_calls", usage },
    ],
    "an error mid-stream": [{ type: "start", id: "s", model: "m", created: 1 }, ...words(0, 100), { type: "error", error: irError("overloaded", "overloaded") }],
  };
  const clientRequest: IRRequest = { model: "m", messages: [], stream: true, streamUsage: true };

  for (const adapter of Object.values(ADAPTERS))
    for (const [name, ir] of Object.entries(LONG))
      test(`${adapter.format}, long stream, ${name}: chunks of many events read as the full decoder reads them`, () => {
        const encoder = adapter.streamEncoder(clientRequest);
        const text = ir.map((e) => encoder.push(e)).join("");
        const events = [...new SSEParser().push(text)];
        const expected = outcome(decodeAll(adapter.streamDecoder(), events));
        for (const eol of ["\n", "\r\n"]) {
          const wire = bytes.encode(text.replaceAll("\n", eol));
          const at = (f: number) => Math.floor(wire.length * f);
          for (const cuts of [[], [0.5], [0.33, 0.66], [0.1, 0.2, 0.9], [0.97]]) {
            const bounds = [0, ...cuts.map(at), wire.length];
            const relayed = relay(adapter.format, bounds.slice(1).map((end, i) => wire.subarray(bounds[i], end)));
            expect(relayed.out).toEqual(Buffer.from(wire));
            expect(outcome(relayed.events)).toEqual(expected);
          }
        }
      });

  test("a client that did not ask for usage gets every byte but the usage-only chunk and the null usage of the others, however the stream is chunked", () => {
    const encoder = ADAPTERS["openai-chat"].streamEncoder(clientRequest);
    const text = LONG.text.map((e) => encoder.push(e)).join("");
    const usageChunk = new SSEParser().push(text).find((e) => e.data.includes('"choices":[]'))!;
    expect(text).toContain(',"usage":null}');
    const expected = text.replace(sseFrame(usageChunk.data), "").replaceAll(',"usage":null}', "}");
    expect(expected.length).toBeLessThan(text.length);
    const wire = bytes.encode(text);
    for (const size of [7, 100, 4096, wire.length]) {
      const transform = passthroughTransform("openai-chat", 1 << 20, withoutUsageChunk);
      let out = "";
      const events: IRStreamEvent[] = [];
      for (let at = 0; at < wire.length; at += size) {
        const r = transform.push(wire.subarray(at, at + size));
        out += typeof r.out === "string" ? r.out : new TextDecoder().decode(r.out);
        events.push(...r.events);
      }
      const end = transform.end();
      out += typeof end.out === "string" ? end.out : new TextDecoder().decode(end.out);
      events.push(...end.events);
      expect(out).toBe(expected);
      expect(events.at(-1)).toMatchObject({ type: "finish", usage: { inputTokens: 12, outputTokens: 200 } });
    }
  });
});

describe("SSE line endings per spec in a passed-through stream", () => {
  test("a stream framed by CR alone opens at its first event, not when the stream ends", () => {
    const transform = passthroughTransform("openai-chat", 1 << 20);
    const chunk = (content: string) => `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\r\r`;
    const { events } = transform.push(bytes.encode(chunk("Hi")));
    expect(events.find((e) => e.type !== "start")).toMatchObject({ type: "block_start", block: { type: "text" } });
  });
});
