import { describe, expect, test } from "bun:test";
import { decodeAll, decodeByShape, encodeAll } from "../../../test/golden";
import { emptyUsage, type IRRequest, type IRStreamEvent } from "../ir";
import { openaiChatAdapter as chat } from "./index";

const chunk = (delta: object | null, finish: string | null = null, extra: object = {}) =>
  JSON.stringify({
    id: "chatcmpl-x",
    object: "chat.completion.chunk",
    created: 7,
    model: "m",
    choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

/** Runs data lines (with their event names, if any) through a fresh decoder, then ends the stream. */
const decode = (lines: string[], events?: (string | undefined)[]): IRStreamEvent[] =>
  decodeAll(chat.streamDecoder(), lines.map((data, i) => (events?.[i] === undefined ? { data } : { event: events[i], data })));

const role = chunk({ role: "assistant", content: "" });
const call = (index: number, id: string | undefined, name: string | undefined, args: unknown) =>
  chunk({ tool_calls: [{ index, ...(id ? { id, type: "function" } : {}), function: { ...(name ? { name } : {}), arguments: args } }] });

const argumentsOf = (events: IRStreamEvent[], blockIndex: number) =>
  events
    .flatMap((e) => (e.type === "block_delta" && e.index === blockIndex && e.delta.type === "arguments" ? [e.delta.json] : []))
    .join("");

const blocks = (events: IRStreamEvent[]) => events.flatMap((e) => (e.type === "block_start" ? [e.block] : []));

describe("stream decoder", () => {
  test("arguments streamed in pieces reassemble into the call's JSON", () => {
    const pieces = ['{"ci', 'ty":', '"Paris', '","unit":"cel', 'sius"}'];
    const events = decode([role, call(0, "call_1", "get_weather", ""), ...pieces.map((p) => call(0, undefined, undefined, p)), chunk({}, "tool_calls"), "[DONE]"]);
    expect(JSON.parse(argumentsOf(events, 0))).toEqual({ city: "Paris", unit: "celsius" });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls", usage: emptyUsage() });
  });

  test("parallel calls that all claim index 0 stay separate blocks when their ids differ", () => {
    const events = decode([role, call(0, "a", "f", '{"x":1}'), call(0, "b", "g", '{"y":2}'), chunk({}, "tool_calls"), "[DONE]"]);
    expect(blocks(events)).toEqual([
      { type: "tool_call", id: "a", name: "f" },
      { type: "tool_call", id: "b", name: "g" },
    ]);
    expect(argumentsOf(events, 0)).toBe('{"x":1}');
    expect(argumentsOf(events, 1)).toBe('{"y":2}');
  });

  test("a call that never streams arguments gets {}; arguments sent as an object are stringified", () => {
    const events = decode([role, call(0, "a", "now", ""), call(1, "b", "f", { q: "x" }), chunk({}, "tool_calls"), "[DONE]"]);
    expect(argumentsOf(events, 0)).toBe("{}");
    expect(argumentsOf(events, 1)).toBe('{"q":"x"}');
  });

  test("the stream ending before a finish_reason yields an error", () => {
    const events = decode([role, chunk({ content: "Hel" })]);
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { status: 502, kind: "server_error", message: "upstream stream ended before it finished" },
    });
    expect(events.filter((e) => e.type === "finish")).toEqual([]);
    expect(decode(["[DONE]"])).toEqual([
      { type: "error", error: { status: 502, kind: "server_error", message: "upstream stream ended before it started" } },
    ]);
  });

  test("a finish_reason without the [DONE] trailer still finishes", () => {
    const events = decode([role, chunk({ content: "Hi" }), chunk({}, "stop")]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop", usage: emptyUsage() });
  });

  test("an in-band error first yields only that error", () => {
    const error = JSON.stringify({ error: { message: "Rate limit", type: "rate_limit_error", code: "rate_limit_exceeded" } });
    expect(decode([error, chunk({ content: "late" })])).toEqual([
      { type: "error", error: { status: 429, kind: "rate_limit", message: "Rate limit" } },
    ]);
  });

  test("an `event: error` frame and a numeric error code are read too", () => {
    const events = decode([role, JSON.stringify({ message: "Provider returned error", code: 502 })], [undefined, "error"]);
    expect(events.at(-1)).toEqual({ type: "error", error: { status: 502, kind: "server_error", message: "Provider returned error" } });
  });

  test("an event that is not JSON is an error", () => {
    expect(decode([role, "{oops"]).at(-1)?.type).toBe("error");
  });

  test("usage sent on the finish chunk itself is reported and carried by finish", () => {
    const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, completion_tokens_details: { reasoning_tokens: 1 } };
    const events = decode([role, chunk({ content: "x" }), chunk({}, "stop", { usage }), "[DONE]"]);
    const ir = { inputTokens: 5, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 1 };
    expect(events.slice(-2)).toEqual([
      { type: "usage", usage: ir },
      { type: "finish", reason: "stop", usage: ir },
    ]);
  });

  test("each reasoning spelling opens a thinking block; OpenRouter's duplicate copy is not doubled", () => {
    for (const field of ["reasoning_content", "reasoning"]) {
      const events = decode([role, chunk({ [field]: "Hm" }), chunk({}, "stop"), "[DONE]"]);
      expect(events[1]).toEqual({ type: "block_start", index: 0, block: { type: "thinking" } });
      expect(events[2]).toEqual({ type: "block_delta", index: 0, delta: { type: "thinking", text: "Hm" } });
    }
    const both = decode([role, chunk({ reasoning: "Hm", reasoning_details: [{ type: "reasoning.text", text: "Hm" }] }), chunk({}, "stop")]);
    expect(both.filter((e) => e.type === "block_delta")).toEqual([{ type: "block_delta", index: 0, delta: { type: "thinking", text: "Hm" } }]);
  });

  test("events after [DONE] are ignored and end() adds nothing", () => {
    const d = chat.streamDecoder();
    [role, chunk({}, "stop"), "[DONE]"].forEach((data) => d.push({ data }));
    expect(d.push({ data: chunk({ content: "late" }) })).toEqual([]);
    expect(d.end()).toEqual([]);
  });
});

describe("stream decoder: text chunks read by their shape", () => {
  const text = (content: string, extra: object = {}) => chunk({ content }, null, extra);
  const events = (lines: (string | { event: string; data: string })[]) => lines.map((l) => (typeof l === "string" ? { data: l } : l));

  test("decodes exactly as parsing does: escapes, unicode, surrogates, padding, other orders and extra fields", () => {
    const { byShape, byParsing, unparsed } = decodeByShape(
      chat.streamDecoder,
      events([
        role,
        text("Hel"),
        text('lo "quoted" \\ back\nslash'),
        text("🐙 日本語 \u2028"),
        text(""),
        text("\ud83d"),
        text("A").replace('"content":"A"', '"content":"\\u0041\\/\\ud83d\\udc19"'),
        text("x", { obfuscation: "abc" }),
        text("y", { obfuscation: 'q\\"' }),
        JSON.stringify({ model: "m", id: "chatcmpl-x", object: "chat.completion.chunk", created: 7, choices: [{ index: 0, delta: { content: "z" }, finish_reason: null }] }),
        chunk({ content: "c", refusal: "no" }),
        chunk({ content: "r", reasoning_content: "think" }),
        text("second choice").replace('"index":0', '"index":1'),
        call(0, "c1", "f", '{"a":1}'),
        text("after the call"),
        text("more"),
        chunk({ content: "bad" }).replace('"content":"bad"', '"content":"b\\x"'),
      ]),
    );
    expect(byShape).toEqual(byParsing);
    expect(unparsed).toBeGreaterThanOrEqual(5);
  });

  test("the next stream reads by the shape an earlier one learned, once it has started", () => {
    decodeAll(chat.streamDecoder(), events([role, text("a"), text("b")]));
    const next = decodeByShape(chat.streamDecoder, events([text("first"), text("second"), text("third"), chunk({}, "stop")]));
    expect(next.byShape).toEqual(next.byParsing);
    expect(next.byShape[0]).toEqual({ type: "start", id: "chatcmpl-x", model: "m", created: 7 });
    // The first chunk is parsed, as it starts the stream; the next two are read by their shape.
    expect(next.unparsed).toBe(2);
  });

  test("a text-shaped event named error, the finish, and chunks after it keep their meaning", () => {
    const named = decodeByShape(chat.streamDecoder, events([role, text("a"), text("b"), text("c"), { event: "error", data: text("d") }]));
    expect(named.byShape).toEqual(named.byParsing);
    expect(named.byShape.at(-1)?.type).toBe("error");
    const late = decodeByShape(chat.streamDecoder, events([role, text("a"), text("b"), text("c"), chunk({}, "stop"), text("late"), chunk(null, null, { usage: { prompt_tokens: 1, completion_tokens: 2 } }), "[DONE]"]));
    expect(late.byShape).toEqual(late.byParsing);
    expect(late.byShape.at(-1)).toMatchObject({ type: "finish", reason: "stop" });
  });
});

describe("stream encoder", () => {
  const start: IRStreamEvent = { type: "start", id: "chatcmpl-9", model: "m", created: 3 };
  const encode = (events: IRStreamEvent[]) => encodeAll(chat.streamEncoder(), events);

  test("always ends with the finish chunk, the usage chunk and [DONE], and nothing after", () => {
    const usage = { ...emptyUsage(), inputTokens: 4, outputTokens: 2 };
    const lines = encode([start, { type: "finish", reason: "stop", usage }, { type: "block_start", index: 0, block: { type: "text" } }]);
    expect(lines.slice(-3)).toEqual([
      { data: { id: "chatcmpl-9", object: "chat.completion.chunk", created: 3, model: "m", choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }], usage: null } },
      {
        data: {
          id: "chatcmpl-9",
          object: "chat.completion.chunk",
          created: 3,
          model: "m",
          choices: [],
          usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
        },
      },
      { data: "[DONE]" },
    ]);
  });

  test("given the client's request, the usage chunk is sent only when it asked for it", () => {
    const events: IRStreamEvent[] = [start, { type: "finish", reason: "stop", usage: emptyUsage() }];
    const usageChunks = (request?: IRRequest) =>
      encodeAll(chat.streamEncoder(request), events).filter((l) => (l.data as { choices?: unknown[] }).choices?.length === 0);
    const request: IRRequest = { model: "m", stream: true, messages: [] };
    expect(usageChunks({ ...request, streamUsage: true })).toHaveLength(1);
    expect(usageChunks({ ...request, streamUsage: false })).toHaveLength(0);
    // As OpenAI: asked, every other chunk carries "usage": null; not asked, no chunk has the field.
    const others = (request: IRRequest) => encodeAll(chat.streamEncoder(request), events).filter((l) => (l.data as { choices?: unknown[] }).choices?.length !== 0 && l.data !== "[DONE]");
    expect(others({ ...request, streamUsage: true }).map((l) => (l.data as { usage?: unknown }).usage)).toEqual([null, null]);
    expect(others({ ...request, streamUsage: false }).map((l) => "usage" in (l.data as object))).toEqual([false, false]);
    expect(usageChunks(request)).toHaveLength(0);
    expect(usageChunks()).toHaveLength(1);
  });

  test("an error ends the stream with an error frame and no [DONE]", () => {
    const lines = encode([start, { type: "error", error: { status: 529, kind: "overloaded", message: "busy" } }, { type: "finish", reason: "stop", usage: emptyUsage() }]);
    expect(lines.at(-1)).toEqual({ data: { error: { message: "busy", type: "server_error", param: null, code: "overloaded" } } });
    expect(lines).toHaveLength(2);
  });

  test("a call whose block closes without arguments is sent {} rather than an empty string", () => {
    const lines = encode([
      start,
      { type: "block_start", index: 0, block: { type: "tool_call", id: "c", name: "now" } },
      { type: "block_stop", index: 0 },
      { type: "finish", reason: "tool_calls", usage: emptyUsage() },
    ]);
    const deltas = lines.slice(1, 3).map((l) => (l.data as { choices: { delta: object }[] }).choices[0].delta);
    expect(deltas).toEqual([
      { tool_calls: [{ index: 0, id: "c", type: "function", function: { name: "now", arguments: "" } }] },
      { tool_calls: [{ index: 0, function: { arguments: "{}" } }] },
    ]);
  });

  test("continuation chunks never repeat id, type or name", () => {
    const lines = encode([
      start,
      { type: "block_start", index: 0, block: { type: "tool_call", id: "c", name: "f" } },
      { type: "block_delta", index: 0, delta: { type: "arguments", json: '{"a"' } },
      { type: "block_delta", index: 0, delta: { type: "arguments", json: ":1}" } },
      { type: "block_stop", index: 0 },
    ]);
    for (const line of lines.slice(2)) {
      const [toolCall] = (line.data as { choices: { delta: { tool_calls: object[] } }[] }).choices[0].delta.tool_calls;
      expect(Object.keys(toolCall).sort()).toEqual(["function", "index"]);
    }
  });

  test("a signature from another format is written wrapped, thinking text is kept", () => {
    const lines = encode([
      start,
      { type: "block_start", index: 0, block: { type: "thinking" } },
      { type: "block_delta", index: 0, delta: { type: "thinking", text: "Hm" } },
      { type: "block_delta", index: 0, delta: { type: "signature", signature: { format: "anthropic", value: "sig" } } },
      { type: "block_stop", index: 0 },
    ]);
    expect(lines.map((l) => (l.data as { choices: { delta: object }[] }).choices[0].delta)).toEqual([
      { role: "assistant", content: "", refusal: null },
      { reasoning_content: "Hm" },
      { reasoning_details: [{ type: "reasoning.text", text: "", signature: "octopus1antSc2ln" }] },
    ]);
  });
});
