import { describe, expect, test } from "bun:test";
import { decodeAll, decodeByShape, encodeAll, fromSSEText } from "../../../test/golden";
import type { IRStreamEvent, IRUsage } from "../ir";
import { SSEParser } from "../sse";
import { GeminiStreamDecoder, GeminiStreamEncoder } from "./stream";

const usage: IRUsage = { inputTokens: 5, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
const chunk = (body: unknown) => ({ data: JSON.stringify(body) });
const decode = (bodies: unknown[]) => decodeAll(new GeminiStreamDecoder(), bodies.map(chunk));

describe("stream decoder", () => {
  test("a stream that ends without a finishReason ends in an error", () => {
    const events = decode([{ candidates: [{ content: { parts: [{ text: "Hel" }], role: "model" } }], responseId: "r" }]);
    expect(events.map((e) => e.type)).toEqual(["start", "block_start", "block_delta", "block_stop", "error"]);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { status: 502, kind: "server_error" } });
  });

  test("an in-band error as the first event is the only event", () => {
    const events = decode([{ error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED" } }]);
    expect(events).toEqual([{ type: "error", error: { status: 429, kind: "rate_limit", message: "Resource has been exhausted" } }]);
  });

  test("a non-JSON event is an upstream error and nothing follows it", () => {
    const d = new GeminiStreamDecoder();
    expect(d.push({ data: "not json" })).toMatchObject([{ type: "error", error: { kind: "server_error" } }]);
    expect(d.push(chunk({ candidates: [] }))).toEqual([]);
    expect(d.end()).toEqual([]);
  });

  test("thinking-mode chunks without candidates or usage add nothing; a trailing signature-only part is kept", () => {
    const events = decode([
      { modelVersion: "gemini-2.5-pro", responseId: "r" },
      { candidates: [{ content: { parts: [{ text: "Hi" }], role: "model" }, index: 0 }], modelVersion: "gemini-2.5-pro", responseId: "r" },
      {
        candidates: [{ content: { parts: [{ text: "", thoughtSignature: "SIG" }], role: "model" }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, totalTokenCount: 6 },
        responseId: "r",
      },
    ]);
    expect(events).toEqual<IRStreamEvent[]>([
      { type: "start", id: "r", model: "gemini-2.5-pro", created: expect.any(Number) },
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_delta", index: 0, delta: { type: "text", text: "Hi" } },
      { type: "block_stop", index: 0 },
      { type: "block_start", index: 1, block: { type: "thinking" } },
      { type: "block_delta", index: 1, delta: { type: "signature", signature: { format: "gemini", value: "SIG" } } },
      { type: "usage", usage: { inputTokens: 5, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
      { type: "block_stop", index: 1 },
      { type: "finish", reason: "stop", usage: { inputTokens: 5, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
    ]);
  });

  test("the latest usage wins and a call in the last chunk still makes the finish tool_calls", () => {
    const events = decode([
      { candidates: [{ content: { parts: [{ text: "Let me check." }], role: "model" } }], usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, responseId: "r" },
      {
        candidates: [{ content: { parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }], role: "model" }, finishReason: "STOP" }],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 7, totalTokenCount: 16 },
        responseId: "r",
      },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls", usage: { ...usage, inputTokens: 9, outputTokens: 7 } });
    expect(events).toContainEqual({ type: "block_start", index: 1, block: { type: "tool_call", id: "call_r_0", name: "get_weather" } });
  });

  test("a blocked prompt ends as a content filter", () => {
    const events = decode([{ promptFeedback: { blockReason: "SAFETY" }, responseId: "r" }]);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "content_filter" });
  });

  test("CRLF-framed events (as Google sends them) parse and decode", () => {
    const body = { candidates: [{ content: { parts: [{ text: "ok" }], role: "model" }, finishReason: "STOP" }], responseId: "r" };
    const parser = new SSEParser();
    const d = new GeminiStreamDecoder();
    const events = [...parser.push(`data: ${JSON.stringify(body)}\r\n\r\n`), ...parser.end()].flatMap((e) => d.push(e));
    expect([...events, ...d.end()].map((e) => e.type)).toEqual(["start", "block_start", "block_delta", "block_stop", "finish"]);
  });
});

describe("stream decoder: text chunks read by their shape", () => {
  const text = (t: string, extra: object = {}) => ({
    candidates: [{ content: { parts: [{ text: t }], role: "model" }, index: 0 }],
    modelVersion: "gemini-2.5-flash",
    responseId: "r1",
    ...extra,
  });

  test("decodes exactly as parsing does: escapes, empty text, thoughts, calls, usage and the finish", () => {
    const bodies = [
      text("Hel"),
      text("lo"),
      text('"quoted" \\ and\nnew line'),
      text("🐙 \ud83d 日本"),
      text(""),
      { ...text("other ids"), responseId: "r2", modelVersion: "m2" },
      { candidates: [{ content: { parts: [{ text: "thought", thought: true }], role: "model" }, index: 0 }], modelVersion: "gemini-2.5-flash", responseId: "r1" },
      text("after the thought"),
      { candidates: [{ content: { parts: [{ functionCall: { name: "f", args: { a: 1 } } }], role: "model" }, index: 0 }], modelVersion: "gemini-2.5-flash", responseId: "r1" },
      text("after the call"),
      text("with usage", { usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, totalTokenCount: 6 } }),
      { candidates: [{ content: { parts: [{ text: "two" }, { text: " parts" }], role: "model" }, index: 0 }], modelVersion: "gemini-2.5-flash", responseId: "r1" },
      text("more"),
      { candidates: [{ content: { parts: [{ text: "!" }], role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 }, modelVersion: "gemini-2.5-flash", responseId: "r1" },
    ];
    const { byShape, byParsing, unparsed } = decodeByShape(() => new GeminiStreamDecoder(), bodies.map(chunk));
    expect(byShape).toEqual(byParsing);
    expect(unparsed).toBeGreaterThanOrEqual(7);
  });
});

describe("stream encoder", () => {
  const run = (events: IRStreamEvent[]) => encodeAll(new GeminiStreamEncoder(), events).map((f) => f.data as any);
  const start: IRStreamEvent = { type: "start", id: "r", model: "m", created: 0 };

  test("arguments streamed in pieces reassemble into one whole functionCall", () => {
    const chunks = run([
      start,
      { type: "block_start", index: 0, block: { type: "tool_call", id: "call_1", name: "get_weather" } },
      { type: "block_delta", index: 0, delta: { type: "arguments", json: '{"ci' } },
      { type: "block_delta", index: 0, delta: { type: "arguments", json: 'ty":"Par' } },
      { type: "block_delta", index: 0, delta: { type: "arguments", json: 'is"}' } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "tool_calls", usage },
    ]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].candidates[0]).toEqual({
      content: { parts: [{ functionCall: { id: "call_1", name: "get_weather", args: { city: "Paris" } } }], role: "model" },
      finishReason: "STOP",
      index: 0,
    });
  });

  test("always ends with a chunk carrying finishReason and usageMetadata", () => {
    for (const events of [
      [start, { type: "finish", reason: "stop", usage }],
      [start, { type: "block_start", index: 0, block: { type: "text" } }, { type: "block_delta", index: 0, delta: { type: "text", text: "a" } }, { type: "block_delta", index: 0, delta: { type: "text", text: "b" } }, { type: "block_stop", index: 0 }, { type: "usage", usage }, { type: "finish", reason: "length", usage }],
    ] as IRStreamEvent[][]) {
      const last = run(events).at(-1);
      expect(last.candidates[0].finishReason).toBeString();
      expect(last.usageMetadata).toEqual({ promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 });
      expect(last.responseId).toBe("r");
    }
  });

  test("signatures of other formats reach Gemini clients wrapped", () => {
    const chunks = run([
      start,
      { type: "block_start", index: 0, block: { type: "thinking" } },
      { type: "block_delta", index: 0, delta: { type: "thinking", text: "hm" } },
      { type: "block_delta", index: 0, delta: { type: "signature", signature: { format: "anthropic", value: "A" } } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "stop", usage },
    ]);
    expect(chunks[0].candidates[0].content.parts).toEqual([{ text: "hm", thought: true, thoughtSignature: "octopus1antSQQ==" }]);
  });

  test("an error after content flushes the held chunk, then writes Google's error object", () => {
    const chunks = run([
      start,
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_delta", index: 0, delta: { type: "text", text: "par" } },
      { type: "error", error: { status: 529, kind: "overloaded", message: "busy" } },
    ]);
    expect(chunks.map((c) => c.candidates?.[0].content.parts[0].text ?? c.error)).toEqual([
      "par",
      { code: 503, message: "busy", status: "UNAVAILABLE" },
    ]);
  });
});

test("empty text deltas write no chunk", () => {
  const e = new GeminiStreamEncoder();
  e.push({ type: "start", id: "r", model: "m", created: 0 });
  e.push({ type: "block_start", index: 0, block: { type: "text" } });
  expect(e.push({ type: "block_delta", index: 0, delta: { type: "text", text: "a" } })).toBe("");
  expect(e.push({ type: "block_delta", index: 0, delta: { type: "text", text: "" } })).toBe("");
  const frames = fromSSEText(e.push({ type: "finish", reason: "stop", usage }));
  expect(frames).toHaveLength(1);
  expect((frames[0].data as any).candidates[0].content.parts).toEqual([{ text: "a" }]);
});
