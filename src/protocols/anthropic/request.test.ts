import { describe, expect, test } from "bun:test";
import { ProtocolError, type IRMessage, type IRRequest } from "../ir";
import { anthropicAdapter as adapter } from "./index";
import { DEFAULT_MAX_TOKENS } from "./request";

const valid = { model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }] };

function rejection(body: unknown): ProtocolError {
  try {
    adapter.decodeRequest(body);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw new Error(`expected a ProtocolError, got ${error}`);
  }
  throw new Error("expected the request to be rejected");
}

describe("decodeRequest rejects invalid client requests with a 400 naming the field", () => {
  const cases: [string, unknown, string][] = [
    ["body is null", null, "request body"],
    ["body is an array", [], "request body"],
    ["model missing", { ...valid, model: undefined }, "model is required"],
    ["model is a number", { ...valid, model: 42 }, "model must be a string"],
    ["model empty", { ...valid, model: "" }, "model must not be empty"],
    ["max_tokens missing", { ...valid, max_tokens: undefined }, "max_tokens is required"],
    ["max_tokens a string", { ...valid, max_tokens: "1024" }, "max_tokens"],
    ["max_tokens negative", { ...valid, max_tokens: -1 }, "max_tokens"],
    ["messages missing", { ...valid, messages: undefined }, "messages is required"],
    ["messages an object", { ...valid, messages: {} }, "messages must be an array"],
    ["messages empty", { ...valid, messages: [] }, "messages must not be empty"],
    ["message null", { ...valid, messages: [null] }, "messages[0]"],
    ["role unknown", { ...valid, messages: [{ role: "tool", content: "x" }] }, "messages[0].role"],
    ["content null", { ...valid, messages: [{ role: "user", content: null }] }, "messages[0].content"],
    ["content a number", { ...valid, messages: [{ role: "user", content: 7 }] }, "messages[0].content"],
    ["block without type", { ...valid, messages: [{ role: "user", content: [{ text: "x" }] }] }, "messages[0].content[0].type"],
    ["text block text a number", { ...valid, messages: [{ role: "user", content: [{ type: "text", text: 1 }] }] }, "messages[0].content[0].text"],
    [
      "unsupported block",
      { ...valid, messages: [{ role: "user", content: [{ type: "document", source: {} }] }] },
      'messages[0].content[0].type "document" is not supported',
    ],
    [
      "image without source",
      { ...valid, messages: [{ role: "user", content: [{ type: "image" }] }] },
      "messages[0].content[0].source is required",
    ],
    [
      "tool_use input an array",
      { ...valid, messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", name: "f", input: [] }] }] },
      "messages[0].content[0].input",
    ],
    [
      "tool_result without id",
      { ...valid, messages: [{ role: "user", content: [{ type: "tool_result", content: "x" }] }] },
      "messages[0].content[0].tool_use_id",
    ],
    ["system a number", { ...valid, system: 3 }, "system"],
    ["system block not text", { ...valid, system: [{ type: "image" }] }, "system[0].type"],
    ["tools not an array", { ...valid, tools: {} }, "tools must be an array"],
    ["tool without schema", { ...valid, tools: [{ name: "f" }] }, "tools[0].input_schema is required"],
    ["tool not an object", { ...valid, tools: [{ type: "custom", name: "f", input_schema: {} }, "bash_20250124"] }, "tools[1]"],
    ["tool_choice type", { ...valid, tool_choice: { type: "function" } }, "tool_choice.type"],
    ["tool_choice tool without name", { ...valid, tool_choice: { type: "tool" } }, "tool_choice.name"],
    ["thinking type", { ...valid, thinking: { type: "on" } }, "thinking.type"],
    ["thinking budget missing", { ...valid, thinking: { type: "enabled" } }, "thinking.budget_tokens"],
    ["temperature a string", { ...valid, temperature: "0.5" }, "temperature must be a number"],
    ["top_k fractional", { ...valid, top_k: 1.5 }, "top_k"],
    ["stop_sequences a string", { ...valid, stop_sequences: "END" }, "stop_sequences must be an array"],
    ["stop_sequences with a number", { ...valid, stop_sequences: ["END", 1] }, "stop_sequences[1]"],
    ["stream a string", { ...valid, stream: "yes" }, "stream must be a boolean"],
    ["metadata.user_id a number", { ...valid, metadata: { user_id: 5 } }, "metadata.user_id"],
    ["output_config.format type", { ...valid, output_config: { format: { type: "xml" } } }, "output_config.format.type"],
  ];
  for (const [name, body, field] of cases) {
    test(name, () => {
      const error = rejection(body);
      expect(error.ir.status).toBe(400);
      expect(error.ir.kind).toBe("invalid_request");
      expect(error.message).toContain(field);
    });
  }
});

describe("decodeRequest accepts every documented shape", () => {
  test("string content, string tool_result content, and system-role messages folded into the system prompt", () => {
    const ir = adapter.decodeRequest({
      ...valid,
      system: "Be brief.",
      messages: [
        { role: "system", content: [{ type: "text", text: "Use metric units." }] },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "f" }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "42" }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_unknown" }] },
      ],
    });
    expect(ir.system).toBe("Be brief.\n\nUse metric units.");
    expect(ir.messages).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "toolu_1", name: "f", arguments: "{}" }] },
      { role: "user", parts: [{ type: "tool_result", callId: "toolu_1", name: "f", content: [{ type: "text", text: "42" }] }] },
      { role: "user", parts: [{ type: "tool_result", callId: "toolu_unknown", content: [] }] },
    ]);
  });

  test("tool_choice maps and disable_parallel_tool_use becomes parallelToolCalls", () => {
    const tools = [{ name: "f", input_schema: { type: "object" } }];
    const decode = (tool_choice: unknown) => adapter.decodeRequest({ ...valid, tools, tool_choice });
    expect(decode({ type: "any", disable_parallel_tool_use: true })).toMatchObject({
      toolChoice: { type: "required" },
      parallelToolCalls: false,
    });
    expect(decode({ type: "tool", name: "f" })).toMatchObject({ toolChoice: { type: "tool", name: "f" } });
    expect(decode({ type: "none" }).toolChoice).toEqual({ type: "none" });
    expect(decode({ type: "auto", disable_parallel_tool_use: false }).parallelToolCalls).toBe(true);
    expect(adapter.decodeRequest({ ...valid, tools, tool_choice: null }).toolChoice).toBeUndefined();
  });

  test("thinking disabled and adaptive, output_config effort and format", () => {
    expect(adapter.decodeRequest({ ...valid, thinking: { type: "disabled" } }).reasoning).toEqual({ enabled: false });
    expect(
      adapter.decodeRequest({ ...valid, thinking: { type: "adaptive" }, output_config: { effort: "max" } }).reasoning,
    ).toEqual({ enabled: true, includeThoughts: true, effort: "high" });
    const schema = { type: "object", properties: { answer: { type: "string" } } };
    expect(adapter.decodeRequest({ ...valid, output_config: { format: { type: "json_schema", schema } } }).responseFormat).toEqual(
      { type: "json_schema", name: "output", schema },
    );
  });

  test("typed tools and server tool blocks are dropped; forcing a dropped tool becomes auto", () => {
    const ir = adapter.decodeRequest({
      ...valid,
      messages: [
        { role: "user", content: "News?" },
        {
          role: "assistant",
          content: [
            { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "news" } },
            { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
            { type: "text", text: "Nothing new." },
          ],
        },
        { role: "user", content: "Thanks" },
      ],
      tools: [
        { type: "web_search_20250305", name: "web_search", max_uses: 5 },
        { type: "bash_20250124", name: "bash" },
        { name: "f", input_schema: { type: "object" } },
      ],
      tool_choice: { type: "tool", name: "web_search", disable_parallel_tool_use: true },
    });
    expect(ir.messages[1]).toEqual({ role: "assistant", parts: [{ type: "text", text: "Nothing new." }] });
    expect(ir.tools).toEqual([{ name: "f", parameters: { type: "object" } }]);
    expect(ir.toolChoice).toEqual({ type: "auto" });
    expect(ir.parallelToolCalls).toBe(false);
    const forced = adapter.decodeRequest({ ...valid, tools: [{ name: "f", input_schema: {} }], tool_choice: { type: "tool", name: "f" } });
    expect(forced.toolChoice).toEqual({ type: "tool", name: "f" });
  });

  test("a custom-typed tool and null optional fields are accepted", () => {
    const ir = adapter.decodeRequest({
      ...valid,
      tools: [{ type: "custom", name: "f", input_schema: { type: "object" } }],
      temperature: null,
      metadata: { user_id: null },
    });
    expect(ir.tools).toEqual([{ name: "f", parameters: { type: "object" } }]);
    expect(ir.temperature).toBeUndefined();
    expect(ir.user).toBeUndefined();
  });
});

describe("encodeRequest", () => {
  const base: IRRequest = { model: "claude-sonnet-4-5", stream: false, messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }] };
  const encode = (extra: Partial<IRRequest>) => adapter.encodeRequest({ ...base, ...extra }) as Record<string, any>;

  test("always sends max_tokens", () => {
    expect(encode({}).max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(encode({ maxTokens: 300 }).max_tokens).toBe(300);
  });

  test("thinking: budget from effort, at least 1024, max_tokens raised above it, no temperature or top_k", () => {
    const high = encode({ reasoning: { effort: "high" }, maxTokens: 1000, temperature: 0.3, topK: 5, topP: 0.5 });
    expect(high.thinking).toEqual({ type: "enabled", budget_tokens: 32768 });
    expect(high.max_tokens).toBe(33768);
    expect(high.temperature).toBeUndefined();
    expect(high.top_k).toBeUndefined();
    expect(high.top_p).toBeUndefined();
    const small = encode({ reasoning: { budgetTokens: 100 }, maxTokens: 64000, topP: 0.97 });
    expect(small.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(small.max_tokens).toBe(64000);
    expect(small.top_p).toBe(0.97);
    expect(encode({ reasoning: { enabled: true } }).thinking).toEqual({ type: "enabled", budget_tokens: 12288 });
    expect(encode({ reasoning: { enabled: false, effort: "high" } }).thinking).toEqual({ type: "disabled" });
    expect(encode({ reasoning: { includeThoughts: true } }).thinking).toBeUndefined();
  });

  test("a forced tool turns thinking off, since the API refuses both", () => {
    const tools = [{ name: "f", parameters: { type: "object" } }];
    const wire = encode({ tools, toolChoice: { type: "tool", name: "f" }, reasoning: { effort: "low" } });
    expect(wire.thinking).toBeUndefined();
    expect(wire.tool_choice).toEqual({ type: "tool", name: "f" });
  });

  test("thinking stays off when the latest tool-calling turn opens without signed thinking (a history from elsewhere)", () => {
    const call: IRMessage = { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "f", arguments: "{}" }] };
    const result: IRMessage = { role: "user", parts: [{ type: "tool_result", callId: "c1", content: [] }] };
    expect(encode({ reasoning: { effort: "low" }, messages: [...base.messages, call, result] }).thinking).toBeUndefined();
    const signed: IRMessage = {
      role: "assistant",
      parts: [{ type: "thinking", text: "t", signature: { format: "anthropic", value: "s" } }, ...call.parts],
    };
    expect(encode({ reasoning: { effort: "low" }, messages: [...base.messages, signed, result] }).thinking).toEqual({
      type: "enabled",
      budget_tokens: 4096,
    });
  });

  test("temperature is clamped to [0, 1] and wins over top_p", () => {
    expect(encode({ temperature: 1.6, topP: 0.9 })).toMatchObject({ temperature: 1 });
    expect(encode({ temperature: 1.6, topP: 0.9 }).top_p).toBeUndefined();
    expect(encode({ topP: 0.9 }).top_p).toBe(0.9);
  });

  test("tool choice: required → any, parallel off, and nothing without tools", () => {
    const tools = [{ name: "f", parameters: {} }];
    expect(encode({ tools, toolChoice: { type: "required" }, parallelToolCalls: false }).tool_choice).toEqual({
      type: "any",
      disable_parallel_tool_use: true,
    });
    expect(encode({ tools, parallelToolCalls: false }).tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(encode({ tools }).tool_choice).toBeUndefined();
    expect(encode({ toolChoice: { type: "auto" } }).tool_choice).toBeUndefined();
    expect(encode({ tools }).tools).toEqual([{ name: "f", input_schema: { type: "object" } }]);
  });

  test("messages: foreign thinking and empty text dropped, neighbours merged, tool results first, ids made valid", () => {
    const wire = encode({
      messages: [
        { role: "user", parts: [{ type: "text", text: "Weather?" }] },
        {
          role: "assistant",
          parts: [
            { type: "thinking", text: "hmm", signature: { format: "gemini", value: "g" } },
            { type: "thinking", text: "unsigned" },
            { type: "text", text: "" },
            { type: "tool_call", id: "functions.get_weather:0", name: "get_weather", arguments: "" },
          ],
        },
        { role: "assistant", parts: [{ type: "thinking", text: "only foreign", signature: { format: "openai-responses", value: "r" } }] },
        { role: "user", parts: [{ type: "text", text: "here:" }] },
        { role: "user", parts: [{ type: "tool_result", callId: "functions.get_weather:0", content: [{ type: "text", text: "sunny" }] }] },
      ],
    });
    expect(wire.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "functions_get_weather_0", name: "get_weather", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "functions_get_weather_0", content: [{ type: "text", text: "sunny" }] },
          { type: "text", text: "here:" },
        ],
      },
    ]);
  });

  test("a data: URL image is sent as base64", () => {
    const wire = encode({
      messages: [{ role: "user", parts: [{ type: "image", source: { kind: "url", url: "data:image/png;base64,AAAA" } }] }],
    });
    expect(wire.messages[0].content[0]).toEqual({ type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } });
  });

  test("tool call arguments that are not a JSON object are a 400", () => {
    for (const args of ["{broken", "[1,2]"]) {
      expect(() =>
        encode({ messages: [{ role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "f", arguments: args }] }] }),
      ).toThrow(ProtocolError);
    }
  });

  test("json_schema response format goes to output_config; user to metadata", () => {
    const schema = { type: "object" };
    const wire = encode({ responseFormat: { type: "json_schema", name: "x", schema }, user: "u1", stop: [] });
    expect(wire.output_config).toEqual({ format: { type: "json_schema", schema } });
    expect(wire.metadata).toEqual({ user_id: "u1" });
    expect(wire.stop_sequences).toBeUndefined();
    expect(encode({ responseFormat: { type: "json_object" } }).output_config).toBeUndefined();
  });
});
