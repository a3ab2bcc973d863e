import { describe, expect, test } from "bun:test";
import { decodeByShape, encodeAll, fromSSEText, toSSEEvents, type FixtureEvent } from "../../../test/golden";
import { emptyUsage, type IRStreamEvent } from "../ir";
import { anthropicAdapter as adapter } from "./index";

const messageStart: FixtureEvent = {
  event: "message_start",
  data: {
    type: "message_start",
    message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } },
  },
};
const blockStart = (index: number, content_block: object): FixtureEvent => ({
  event: "content_block_start",
  data: { type: "content_block_start", index, content_block },
});
const blockDelta = (index: number, delta: object): FixtureEvent => ({
  event: "content_block_delta",
  data: { type: "content_block_delta", index, delta },
});
const blockStop = (index: number): FixtureEvent => ({ event: "content_block_stop", data: { type: "content_block_stop", index } });
const messageDelta = (stop_reason: string): FixtureEvent => ({
  event: "message_delta",
  data: { type: "message_delta", delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 7 } },
});
const messageStop: FixtureEvent = { event: "message_stop", data: { type: "message_stop" } };

function decode(lines: FixtureEvent[], { end = true } = {}): IRStreamEvent[] {
  const decoder = adapter.streamDecoder();
  const events = toSSEEvents(lines).flatMap((e) => decoder.push(e));
  return end ? [...events, ...decoder.end()] : events;
}

const kinds = (events: IRStreamEvent[]) => events.map((e) => e.type);

describe("stream decoder", () => {
  test("tool arguments streamed in pieces reassemble into the call's JSON", () => {
    const pieces = ['{"ci', 'ty": "Par', 'is", "days": [1,', " 2]}"];
    const events = decode([
      messageStart,
      blockStart(0, { type: "tool_use", id: "toolu_1", name: "forecast", input: {} }),
      ...pieces.map((partial_json) => blockDelta(0, { type: "input_json_delta", partial_json })),
      blockStop(0),
      messageDelta("tool_use"),
      messageStop,
    ]);
    const json = events.flatMap((e) => (e.type === "block_delta" && e.delta.type === "arguments" ? [e.delta.json] : [])).join("");
    expect(JSON.parse(json)).toEqual({ city: "Paris", days: [1, 2] });
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "tool_calls" });
  });

  test("a stream that ends without message_stop yields an error", () => {
    const events = decode([messageStart, blockStart(0, { type: "text", text: "" }), blockDelta(0, { type: "text_delta", text: "Hel" })]);
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { status: 502, kind: "server_error", message: "upstream stream ended before message_stop" },
    });
    expect(kinds(events).filter((k) => k === "finish" || k === "error")).toEqual(["error"]);
  });

  test("an empty stream yields an error", () => {
    expect(kinds(decode([]))).toEqual(["error"]);
  });

  test("in-band error events decode to an IR error and end the stream", () => {
    const events = decode([
      { event: "error", data: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } },
      messageStart,
    ]);
    expect(events).toEqual([{ type: "error", error: { status: 429, kind: "rate_limit", message: "slow down" } }]);
  });

  test("an event that is not JSON, or content before message_start, is an error", () => {
    expect(decode([{ event: "message_start", data: "{oops" }], { end: false })).toMatchObject([{ type: "error" }]);
    expect(decode([blockStart(0, { type: "text", text: "" })], { end: false })).toMatchObject([
      { type: "error", error: { message: "upstream stream did not begin with message_start" } },
    ]);
  });

  test("pings, unknown events, citations and server tool blocks are skipped; indices stay contiguous", () => {
    const events = decode([
      { event: "ping", data: { type: "ping" } },
      messageStart,
      blockStart(0, { type: "redacted_thinking", data: "opaque" }),
      blockStop(0),
      blockStart(1, { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }),
      blockDelta(1, { type: "input_json_delta", partial_json: '{"query":"x"}' }),
      blockStop(1),
      { event: "future_event", data: { type: "future_event" } },
      blockStart(2, { type: "text", text: "" }),
      blockDelta(2, { type: "citations_delta", citation: {} }),
      blockDelta(2, { type: "text_delta", text: "Hi" }),
      { event: "ping", data: { type: "ping" } },
      blockStop(2),
      messageDelta("end_turn"),
      messageStop,
    ]);
    expect(events.filter((e) => e.type.startsWith("block"))).toEqual([
      { type: "block_start", index: 0, block: { type: "thinking", redacted: true } },
      { type: "block_delta", index: 0, delta: { type: "signature", signature: { format: "anthropic", value: "opaque" } } },
      { type: "block_stop", index: 0 },
      { type: "block_start", index: 1, block: { type: "text" } },
      { type: "block_delta", index: 1, delta: { type: "text", text: "Hi" } },
      { type: "block_stop", index: 1 },
    ]);
  });

  test("a block started before the previous one stopped is closed first", () => {
    const events = decode([
      messageStart,
      blockStart(0, { type: "text", text: "" }),
      blockStart(1, { type: "tool_use", id: "t", name: "f", input: { a: 1 } }),
      blockStop(1),
      messageDelta("tool_use"),
      messageStop,
    ]);
    expect(events.filter((e) => e.type.startsWith("block"))).toEqual([
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_stop", index: 0 },
      { type: "block_start", index: 1, block: { type: "tool_call", id: "t", name: "f" } },
      { type: "block_delta", index: 1, delta: { type: "arguments", json: '{"a":1}' } },
      { type: "block_stop", index: 1 },
    ]);
  });

  test("message_delta usage is cumulative: fields it leaves out keep their message_start value", () => {
    const events = decode([
      { ...messageStart, data: { type: "message_start", message: { id: "m", model: "m", usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 1 } } } },
      { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 20, cache_read_input_tokens: null } } },
      messageStop,
    ]);
    expect(events.at(-1)).toEqual({
      type: "finish",
      reason: "stop",
      usage: { inputTokens: 14, outputTokens: 20, cacheReadTokens: 4, cacheWriteTokens: 0, reasoningTokens: 0 },
    });
  });

  test("events after message_stop are ignored and end() owes nothing", () => {
    const decoder = adapter.streamDecoder();
    for (const e of toSSEEvents([messageStart, messageDelta("end_turn"), messageStop])) decoder.push(e);
    expect(decoder.push(toSSEEvents([blockStart(0, { type: "text", text: "" })])[0]!)).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });
});

const usage = { ...emptyUsage(), inputTokens: 5, outputTokens: 2 };
const encode = (events: IRStreamEvent[]) => encodeAll(adapter.streamEncoder(), events);

describe("stream decoder: text deltas read by their shape", () => {
  const text = (index: number, t: string) => blockDelta(index, { type: "text_delta", text: t });

  test("decodes exactly as parsing does, including deltas for a block that is not the open one", () => {
    const lines = [
      messageStart,
      blockStart(0, { type: "text", text: "" }),
      text(0, "Hel"),
      text(0, 'lo "quoted" \\ and\nnew line'),
      text(0, "🐙 \ud83d 日本"),
      text(0, ""),
      { event: "ping", data: { type: "ping" } },
      text(5, "not the open block"),
      blockStop(0),
      text(0, "after its stop"),
      blockStart(1, { type: "thinking", thinking: "", signature: "" }),
      blockDelta(1, { type: "thinking_delta", thinking: "hmm" }),
      text(1, "a text delta in a thinking block"),
      blockStop(1),
      blockStart(2, { type: "text", text: "" }),
      text(2, "second"),
      text(2, "block"),
      blockDelta(2, { type: "text_delta", text: "extra", citations: null }),
      text(12, "far"),
      messageDelta("end_turn"),
      messageStop,
    ];
    const events = toSSEEvents(lines);
    // Escapes JSON.stringify would not write: read as JSON.parse reads them.
    events[5] = { ...events[5]!, data: events[5]!.data.replace('"text":""', '"text":"\\u0041\\/"') };
    const { byShape, byParsing, unparsed } = decodeByShape(adapter.streamDecoder, events);
    expect(byShape).toEqual(byParsing);
    expect(unparsed).toBeGreaterThanOrEqual(8);
  });
});

describe("stream encoder", () => {
  test("always ends with message_delta then message_stop, closing an open block first", () => {
    const wire = encode([
      { type: "start", id: "chatcmpl-1", model: "gpt", created: 1 },
      { type: "block_start", index: 0, block: { type: "text" } },
      { type: "block_delta", index: 0, delta: { type: "text", text: "Hi" } },
      { type: "finish", reason: "length", usage },
    ]);
    expect(wire.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect((wire[0]!.data as any).message.id).toBe("msg_chatcmpl-1");
    expect(wire.at(-2)!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "max_tokens", stop_sequence: null },
      usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 2 },
    });
    expect(wire.at(-1)!.data).toEqual({ type: "message_stop" });
  });

  test("message_start comes first even for a stream with no blocks, and nothing follows the end", () => {
    const encoder = adapter.streamEncoder();
    const text =
      encoder.push({ type: "start", id: "msg_9", model: "m", created: 1 }) + encoder.push({ type: "finish", reason: "stop", usage });
    expect(fromSSEText(text).map((e) => e.event)).toEqual(["message_start", "message_delta", "message_stop"]);
    expect(encoder.push({ type: "block_start", index: 0, block: { type: "text" } })).toBe("");
    expect(encoder.push({ type: "finish", reason: "stop", usage })).toBe("");
  });

  test("an IR error becomes an in-band error event, which ends the stream", () => {
    const encoder = adapter.streamEncoder();
    const text =
      encoder.push({ type: "start", id: "x", model: "m", created: 1 }) +
      encoder.push({ type: "error", error: { status: 503, kind: "overloaded", message: "busy" } });
    expect(fromSSEText(text)).toEqual([
      { event: "error", data: { type: "error", error: { type: "overloaded_error", message: "busy" } } },
    ]);
    expect(encoder.push({ type: "finish", reason: "stop", usage })).toBe("");
  });

  test("IR block indices are renumbered from 0, and foreign signatures are written wrapped", () => {
    const wire = encode([
      { type: "start", id: "x", model: "m", created: 1 },
      { type: "block_start", index: 3, block: { type: "thinking" } },
      { type: "block_delta", index: 3, delta: { type: "thinking", text: "hmm" } },
      { type: "block_delta", index: 3, delta: { type: "signature", signature: { format: "gemini", value: "g" } } },
      { type: "block_stop", index: 3 },
      { type: "block_start", index: 7, block: { type: "tool_call", id: "call.1", name: "f" } },
      { type: "block_delta", index: 7, delta: { type: "arguments", json: "{}" } },
      { type: "block_stop", index: 7 },
      { type: "finish", reason: "tool_calls", usage },
    ]);
    const blocks = wire.filter((e) => e.event?.startsWith("content_block")).map((e) => e.data);
    expect(blocks).toEqual([
      { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "hmm" } },
      { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "octopus1gemSZw==" } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "call_1", name: "f", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "{}" } },
      { type: "content_block_stop", index: 1 },
    ]);
  });
});
