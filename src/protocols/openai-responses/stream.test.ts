import { describe, expect, test } from "bun:test";
import { decodeByShape, encodeAll, fromSSEText } from "../../../test/golden";
import { emptyUsage, type IRRequest, type IRStreamEvent } from "../ir";
import type { SSEEvent } from "../sse";
import { openaiResponsesAdapter as adapter } from "./index";

/** Wire events (data objects; the SSE event name is their type) → IR events, with the end of stream. */
function decode(events: Record<string, unknown>[], ended = true): IRStreamEvent[] {
  const decoder = adapter.streamDecoder();
  const out = events.flatMap((data) => decoder.push({ event: String(data.type), data: JSON.stringify(data) }));
  return ended ? [...out, ...decoder.end()] : out;
}

const encode = (events: IRStreamEvent[]) => encodeAll(adapter.streamEncoder(), events);

const created = { type: "response.created", response: { id: "resp_1", model: "gpt-5", created_at: 7, status: "in_progress", output: [] } };
const completed = (output: unknown[] = [], status = "completed", extra: object = {}) => ({
  type: "response.completed",
  response: { id: "resp_1", status, output, usage: { input_tokens: 3, output_tokens: 2 }, ...extra },
});
const start: IRStreamEvent = { type: "start", id: "resp_1", model: "gpt-5", created: 7 };
const usage = { ...emptyUsage(), inputTokens: 3, outputTokens: 2 };

describe("stream decoder", () => {
  test("arguments streamed in pieces reassemble; the done event is not repeated", () => {
    const pieces = ['{"ci', 'ty":"Pa', 'ris","unit', '":"celsius"}'];
    const events = decode([
      created,
      { type: "response.output_item.added", output_index: 0, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "get_weather", arguments: "" } },
      ...pieces.map((delta) => ({ type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta, obfuscation: "xyz" })),
      { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 0, arguments: pieces.join("") },
      { type: "response.output_item.done", output_index: 0, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "get_weather", arguments: pieces.join("") } },
      completed([{ type: "function_call" }]),
    ]);
    const json = events.map((e) => (e.type === "block_delta" && e.delta.type === "arguments" ? e.delta.json : "")).join("");
    expect(JSON.parse(json)).toEqual({ city: "Paris", unit: "celsius" });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls", usage });
  });

  test("a call whose arguments come only whole (or not at all) still gets them, {} when empty", () => {
    const item = (id: string, args: string) => ({ id, type: "function_call", call_id: id, name: "f", arguments: args });
    const events = decode([
      created,
      { type: "response.output_item.added", output_index: 0, item: item("a", "") },
      { type: "response.output_item.done", output_index: 0, item: item("a", '{"x":1}') },
      { type: "response.output_item.added", output_index: 1, item: item("b", "") },
      { type: "response.function_call_arguments.done", output_index: 1, arguments: "" },
      { type: "response.output_item.done", output_index: 1, item: item("b", "") },
      completed(),
    ]);
    expect(events.filter((e) => e.type === "block_delta")).toEqual([
      { type: "block_delta", index: 0, delta: { type: "arguments", json: '{"x":1}' } },
      { type: "block_delta", index: 1, delta: { type: "arguments", json: "{}" } },
    ]);
  });

  test("an upstream that ends without a terminal event yields an IR error", () => {
    const events = decode([created, { type: "response.output_text.delta", item_id: "m", output_index: 0, content_index: 0, delta: "Hel" }]);
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { status: 502, kind: "server_error", message: "upstream stream closed before response.completed" },
    });
  });

  test("after a terminal event the end of the stream owes nothing", () => {
    expect(decode([created, completed()])).toEqual([start, { type: "finish", reason: "stop", usage }]);
  });

  test("in-band error events decode to IR errors, flat (SDK type) or nested, and end the stream", () => {
    expect(decode([{ type: "error", code: "rate_limit_exceeded", message: "slow down", param: null, sequence_number: 0 }])).toEqual([
      { type: "error", error: { status: 429, kind: "rate_limit", message: "slow down" } },
    ]);
    const nested = { type: "error", error: { type: "invalid_request_error", code: "context_length_exceeded", message: "too long" } };
    expect(decode([created, nested, completed()])).toEqual([
      start,
      { type: "error", error: { status: 400, kind: "invalid_request", message: "too long" } },
    ]);
  });

  test("response.failed decodes to an IR error", () => {
    const failed = { type: "response.failed", response: { id: "resp_1", status: "failed", error: { code: "server_error", message: "boom" } } };
    expect(decode([created, failed])).toEqual([start, { type: "error", error: { status: 500, kind: "server_error", message: "boom" } }]);
  });

  test("an event that is not JSON is an IR error", () => {
    const decoder = adapter.streamDecoder();
    const bad: SSEEvent = { event: "response.created", data: "{not json" };
    expect(decoder.push(bad)).toEqual([
      { type: "error", error: { status: 502, kind: "server_error", message: "upstream sent an SSE event that is not a JSON object" } },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  test("text deltas without the added events still form a block (compatible upstreams)", () => {
    const events = decode([
      created,
      { type: "response.output_text.delta", item_id: "m", output_index: 0, content_index: 0, delta: "Hi" },
      completed(),
    ]);
    expect(events).toEqual([
      start,
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_delta", index: 0, delta: { type: "text", text: "Hi" } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "stop", usage },
    ]);
  });

  test("a message sent only whole in output_item.done becomes a text block", () => {
    const message = { id: "m", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Whole", annotations: [] }] };
    const events = decode([
      created,
      { type: "response.output_item.added", output_index: 0, item: { ...message, content: [] } },
      { type: "response.output_item.done", output_index: 0, item: message },
      completed(),
    ]);
    expect(events.filter((e) => e.type === "block_delta")).toEqual([{ type: "block_delta", index: 0, delta: { type: "text", text: "Whole" } }]);
  });

  test("reasoning: summary parts join with a blank line; the done item's encrypted content is the signature", () => {
    const rs = (encrypted: string, summary: unknown[]) => ({ id: "rs_1", type: "reasoning", encrypted_content: encrypted, summary });
    const events = decode([
      created,
      { type: "response.output_item.added", output_index: 0, item: rs("early", []) },
      { type: "response.reasoning_summary_part.added", item_id: "rs_1", output_index: 0, summary_index: 0, part: { type: "summary_text", text: "" } },
      { type: "response.reasoning_summary_text.delta", item_id: "rs_1", output_index: 0, summary_index: 0, delta: "One" },
      { type: "response.reasoning_summary_part.added", item_id: "rs_1", output_index: 0, summary_index: 1, part: { type: "summary_text", text: "" } },
      { type: "response.reasoning_summary_text.delta", item_id: "rs_1", output_index: 0, summary_index: 1, delta: "Two" },
      { type: "response.output_item.done", output_index: 0, item: rs("final", [{ type: "summary_text", text: "One" }, { type: "summary_text", text: "Two" }]) },
      completed(),
    ]);
    const deltas = events.flatMap((e) => (e.type === "block_delta" ? [e.delta] : []));
    expect(deltas).toEqual([
      { type: "thinking", text: "One" },
      { type: "thinking", text: "\n\n" },
      { type: "thinking", text: "Two" },
      { type: "signature", signature: { format: "openai-responses", value: "final" } },
    ]);
  });

  test("hosted-tool items are skipped without breaking the block order", () => {
    const events = decode([
      created,
      { type: "response.output_item.added", output_index: 0, item: { id: "ws_1", type: "web_search_call", status: "in_progress" } },
      { type: "response.web_search_call.completed", item_id: "ws_1", output_index: 0 },
      { type: "response.output_item.done", output_index: 0, item: { id: "ws_1", type: "web_search_call", status: "completed" } },
      completed(),
    ]);
    expect(events).toEqual([start, { type: "finish", reason: "stop", usage }]);
  });
});

describe("stream decoder: text deltas read by their shape", () => {
  let sequence = 0;
  const text = (delta: string, extra: object = {}) => ({
    type: "response.output_text.delta",
    sequence_number: ++sequence,
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta,
    logprobs: [],
    obfuscation: "x".repeat(sequence % 4),
    ...extra,
  });

  test("decodes exactly as parsing does, whatever the sequence numbers, item ids and padding", () => {
    const wire = [
      created,
      text("before any item"),
      { type: "response.output_item.added", output_index: 0, item: { id: "msg_1", type: "message", status: "in_progress", content: [], role: "assistant" } },
      { type: "response.content_part.added", item_id: "msg_1", output_index: 0, content_index: 0, part: { type: "output_text", text: "" } },
      text("Hel"),
      text('lo "quoted" \\ and\nnew line'),
      text("🐙 \ud83d 日本"),
      text(""),
      text("other item", { item_id: "msg_2", output_index: 7 }),
      { ...text("refused"), type: "response.refusal.delta" },
      text("extra", { annotations: [] }),
      { type: "response.output_text.done", item_id: "msg_1", output_index: 0, content_index: 0, text: "whole" },
      { type: "response.content_part.done", item_id: "msg_1", output_index: 0, content_index: 0 },
      text("between parts"),
      { type: "response.output_item.added", output_index: 1, item: { id: "rs_1", type: "reasoning", summary: [] } },
      text("in a reasoning item"),
      completed(),
      text("after the end"),
    ];
    const { byShape, byParsing, unparsed } = decodeByShape(adapter.streamDecoder, wire.map((data) => ({ event: String(data.type), data: JSON.stringify(data) })));
    expect(byShape).toEqual(byParsing);
    expect(unparsed).toBeGreaterThanOrEqual(6);
  });
});

describe("stream encoder", () => {
  const terminalTypes = (events: IRStreamEvent[]) => encode(events).map((e) => e.event);

  test("every finish reason ends with exactly one terminal lifecycle event", () => {
    const cases: [IRStreamEvent, string[]][] = [
      [{ type: "finish", reason: "stop", usage }, ["response.completed"]],
      [{ type: "finish", reason: "tool_calls", usage }, ["response.completed"]],
      [{ type: "finish", reason: "length", usage }, ["response.incomplete"]],
      [{ type: "finish", reason: "content_filter", usage }, ["response.incomplete"]],
      [{ type: "finish", reason: "error", usage }, ["error", "response.failed"]],
      [{ type: "error", error: { status: 429, kind: "rate_limit", message: "m" } }, ["error", "response.failed"]],
    ];
    for (const [last, tail] of cases) {
      const names = terminalTypes([start, { type: "block_start", index: 0, block: { type: "text" } }, last]);
      expect(names.slice(-tail.length)).toEqual(tail);
      expect(names.filter((n) => /^response\.(completed|incomplete|failed)$/.test(n!))).toHaveLength(1);
    }
  });

  test("an open block is closed before the terminal event", () => {
    const names = terminalTypes([start, { type: "block_start", index: 0, block: { type: "text" } }, { type: "finish", reason: "stop", usage }]);
    expect(names.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  test("an error before start still yields a created response and a terminal event", () => {
    const events = encode([{ type: "error", error: { status: 401, kind: "authentication", message: "bad key" } }]);
    expect(events.map((e) => e.event)).toEqual(["response.created", "response.in_progress", "error", "response.failed"]);
    expect((events[3].data as any).response.error).toEqual({ code: "invalid_api_key", message: "bad key" });
  });

  test("nothing follows the terminal event, and sequence numbers count up from 0", () => {
    const encoder = adapter.streamEncoder();
    const text = [start, { type: "finish", reason: "stop", usage } as IRStreamEvent].map((e) => encoder.push(e)).join("");
    expect(encoder.push({ type: "block_start", index: 0, block: { type: "text" } })).toBe("");
    expect(fromSSEText(text).map((e) => (e.data as any).sequence_number)).toEqual([0, 1, 2]);
  });

  test("a tool call without argument deltas is done with {}", () => {
    const events = encode([
      start,
      { type: "block_start", index: 0, block: { type: "tool_call", id: "call_1", name: "get_time" } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "tool_calls", usage },
    ]);
    const done = events.find((e) => e.event === "response.function_call_arguments.done")!.data as any;
    expect(done.arguments).toBe("{}");
    expect((events.at(-1)!.data as any).response.output[0]).toMatchObject({ type: "function_call", call_id: "call_1", arguments: "{}" });
  });

  test("thinking from another format streams its summary, and its signature wrapped", () => {
    const events = encode([
      start,
      { type: "block_start", index: 0, block: { type: "thinking" } },
      { type: "block_delta", index: 0, delta: { type: "thinking", text: "hmm" } },
      { type: "block_delta", index: 0, delta: { type: "signature", signature: { format: "anthropic", value: "sig" } } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "stop", usage },
    ]);
    const item = events.find((e) => e.event === "response.output_item.done")!.data as any;
    expect(item.item).toEqual({
      id: "rs_1_0",
      type: "reasoning",
      encrypted_content: "octopus1antSc2ln",
      summary: [{ type: "summary_text", text: "hmm" }],
    });
  });

  test("IR ids from other formats get the resp_ prefix, and item ids derive from it", () => {
    const events = encode([
      { type: "start", id: "msg_01XYZ", model: "claude", created: 1 },
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "stop", usage },
    ]);
    expect((events[0].data as any).response.id).toBe("resp_msg_01XYZ");
    expect((events[2].data as any).item.id).toBe("msg_msg_01XYZ_0");
  });
});

describe("stream encoder with the client's request", () => {
  const request: IRRequest = { model: "m", stream: true, messages: [], tools: [{ name: "p", parameters: {}, freeform: true }] };
  const freeformCall = (...pieces: string[]): IRStreamEvent[] => [
    start,
    { type: "block_start", index: 0, block: { type: "tool_call", id: "call_1", name: "p" } },
    ...pieces.map((json): IRStreamEvent => ({ type: "block_delta", index: 0, delta: { type: "arguments", json } })),
    { type: "block_stop", index: 0 },
    { type: "finish", reason: "tool_calls", usage },
  ];
  const inputEvents = (events: IRStreamEvent[]) =>
    encodeAll(adapter.streamEncoder(request), events)
      .filter((e) => e.event!.startsWith("response.custom_tool_call_input."))
      .map((e) => [e.event, (e.data as any).delta ?? (e.data as any).input]);

  test("a freeform call's text streams as it is read from the arguments, and is done whole", () => {
    expect(inputEvents(freeformCall('{"input":"caf\\u00', 'e9\\n"}'))).toEqual([
      ["response.custom_tool_call_input.delta", "caf"],
      ["response.custom_tool_call_input.delta", "é\n"],
      ["response.custom_tool_call_input.done", "café\n"],
    ]);
  });

  test("arguments of another shape give their text in one delta when the call ends", () => {
    expect(inputEvents(freeformCall('{"path":"a",', '"input":"x"}'))).toEqual([
      ["response.custom_tool_call_input.delta", "x"],
      ["response.custom_tool_call_input.done", "x"],
    ]);
  });
});
