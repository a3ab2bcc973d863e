import { describe, expect, test } from "bun:test";
import { ProtocolError, type IRRequest } from "../ir";
import { openaiResponsesAdapter as adapter } from "./index";

const user = (text: string) => ({ role: "user" as const, parts: [{ type: "text" as const, text }] });
const encode = (request: Partial<IRRequest>) =>
  adapter.encodeRequest({ model: "gpt-5", stream: false, messages: [user("hi")], ...request }) as Record<string, any>;

describe("decodeRequest: client shapes", () => {
  test("a string input is one user message", () => {
    expect(adapter.decodeRequest({ model: "m", input: "hello" })).toEqual({ model: "m", stream: false, messages: [user("hello")] });
  });

  test("items without a type but with a role are messages; string content is one text part", () => {
    const ir = adapter.decodeRequest({ model: "m", input: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }] });
    expect(ir.messages).toEqual([user("hi"), { role: "assistant", parts: [{ type: "text", text: "hello" }] }]);
  });

  test("system and developer messages are appended to instructions", () => {
    const ir = adapter.decodeRequest({
      model: "m",
      instructions: "Be brief.",
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "Use metric units." }] },
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Weather?" },
      ],
    });
    expect(ir.system).toBe("Be brief.\n\nUse metric units.\n\nAnswer in French.");
    expect(ir.messages).toEqual([user("Weather?")]);
  });

  test("ctx overrides model and stream (set outside the body)", () => {
    const ir = adapter.decodeRequest({ input: "x", stream: false }, { model: "from-path", stream: true });
    expect([ir.model, ir.stream]).toEqual(["from-path", true]);
  });

  test("arguments that are empty or an object become JSON text", () => {
    const ir = adapter.decodeRequest({
      model: "m",
      input: [
        { type: "function_call", call_id: "a", name: "f", arguments: "" },
        { type: "function_call", call_id: "b", name: "g", arguments: { x: 1 } },
      ],
    });
    expect(ir.messages[0].parts).toEqual([
      { type: "tool_call", id: "a", name: "f", arguments: "{}" },
      { type: "tool_call", id: "b", name: "g", arguments: '{"x":1}' },
    ]);
  });

  test("reasoning efforts: none disables, xhigh is high, a summary asks for thoughts", () => {
    const reasoning = (r: unknown) => adapter.decodeRequest({ model: "m", input: "x", reasoning: r }).reasoning;
    expect(reasoning({ effort: "none" })).toEqual({ enabled: false });
    expect(reasoning({ effort: "xhigh", summary: "detailed" })).toEqual({ effort: "high", includeThoughts: true });
    expect(reasoning({ effort: null, summary: null })).toBeUndefined();
  });

  test("text without a format sets no response format", () => {
    expect(adapter.decodeRequest({ model: "m", input: "x", text: { verbosity: "low" } }).responseFormat).toBeUndefined();
    expect(adapter.decodeRequest({ model: "m", input: "x", text: { format: { type: "json_object" } } }).responseFormat).toEqual({
      type: "json_object",
    });
  });
});

describe("decodeRequest: tools as Codex sends them", () => {
  const decode = (body: object) => adapter.decodeRequest({ model: "m", input: "x", ...body });

  test("hosted tools are dropped, and a tool_choice forcing one becomes auto", () => {
    const hosted = ["web_search", "web_search_preview", "file_search", "code_interpreter", "image_generation", "mcp", "computer_use_preview", "local_shell", "shell", "apply_patch", "tool_search"];
    const ir = decode({ tools: [...hosted.map((type) => ({ type })), { type: "function", name: "f" }], tool_choice: { type: "web_search_preview" } });
    expect(ir.tools).toEqual([{ name: "f", parameters: { type: "object", properties: {} } }]);
    expect(ir.toolChoice).toEqual({ type: "auto" });
    expect(decode({ tools: [{ type: "web_search" }] }).tools).toEqual([]);
  });

  test("a namespace's functions are tools named <namespace>__<name> that remember their namespace", () => {
    const ir = decode({
      tools: [{ type: "namespace", name: "crm", description: "CRM tools.", tools: [{ type: "function", name: "find", parameters: { type: "object" } }, { type: "custom", name: "note" }] }],
    });
    expect(ir.tools).toEqual([
      { name: "crm__find", parameters: { type: "object" }, namespace: "crm" },
      { name: "crm__note", parameters: { type: "object", properties: { input: { type: "string" } }, required: ["input"] }, namespace: "crm", freeform: true },
    ]);
  });

  test("a custom tool is a function of one string input; a grammar describes it; tool_choice may name it", () => {
    const ir = decode({
      tools: [{ type: "custom", name: "p", description: "Patch.", format: { type: "grammar", syntax: "regex", definition: "^\\d+$" } }],
      tool_choice: { type: "custom", name: "p" },
    });
    expect(ir.tools).toEqual([
      {
        name: "p",
        description: "Patch.",
        parameters: { type: "object", properties: { input: { type: "string", description: "The text, in this regex grammar:\n^\\d+$" } }, required: ["input"] },
        freeform: true,
      },
    ]);
    expect(ir.toolChoice).toEqual({ type: "tool", name: "p" });
    expect(decode({ tools: [{ type: "custom", name: "q", format: { type: "text" } }] }).tools![0].parameters).toEqual({
      type: "object",
      properties: { input: { type: "string" } },
      required: ["input"],
    });
  });

  test("namespaced and custom calls in the history decode to the flat tools' calls; hosted-tool items are dropped", () => {
    const ir = decode({
      input: [
        { type: "function_call", namespace: "crm", name: "find", call_id: "c1", arguments: '{"q":"x"}' },
        { type: "function_call_output", call_id: "c1", output: "found" },
        { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "x" } },
        { type: "image_generation_call", id: "ig_1", status: "completed", result: "aGk=" },
        { type: "mcp_list_tools", id: "ml_1", server_label: "s", tools: [] },
        { type: "custom_tool_call", call_id: "c2", name: "p", input: 'say "hi"\n' },
        { type: "custom_tool_call_output", call_id: "c2", output: "done" },
      ],
    });
    expect(ir.messages).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "crm__find", arguments: '{"q":"x"}' }] },
      { role: "user", parts: [{ type: "tool_result", callId: "c1", name: "crm__find", content: [{ type: "text", text: "found" }] }] },
      { role: "assistant", parts: [{ type: "tool_call", id: "c2", name: "p", arguments: '{"input":"say \\"hi\\"\\n"}' }] },
      { role: "user", parts: [{ type: "tool_result", callId: "c2", name: "p", content: [{ type: "text", text: "done" }] }] },
    ]);
  });
});

describe("decodeRequest: invalid input is a 400 naming the field", () => {
  const cases: [string, unknown, string][] = [
    ["body not an object", [], "request body"],
    ["missing model", { input: "x" }, "model"],
    ["model a number", { model: 4, input: "x" }, "model"],
    ["missing input", { model: "m" }, "input"],
    ["input a number", { model: "m", input: 42 }, "input"],
    ["null item", { model: "m", input: [null] }, "input[0]"],
    ["null content", { model: "m", input: [{ role: "user", content: null }] }, "input[0].content"],
    ["unknown role", { model: "m", input: [{ role: "tool", content: "x" }] }, "input[0].role"],
    ["item without type or role", { model: "m", input: [{ content: "x" }] }, "input[0].type"],
    ["text part without text", { model: "m", input: [{ role: "user", content: [{ type: "input_text" }] }] }, "input[0].content[0].text"],
    ["image by file id", { model: "m", input: [{ role: "user", content: [{ type: "input_image", file_id: "f" }] }] }, "input[0].content[0].image_url"],
    ["input_file part", { model: "m", input: [{ role: "user", content: [{ type: "input_file", file_id: "f" }] }] }, "input[0].content[0].type"],
    ["image in a system message", { model: "m", input: [{ role: "system", content: [{ type: "input_image", image_url: "u" }] }] }, "input[0].content"],
    ["function call without call_id", { model: "m", input: [{ type: "function_call", name: "f", arguments: "{}" }] }, "input[0].call_id"],
    ["tool output a number", { model: "m", input: [{ type: "function_call_output", call_id: "c", output: 3 }] }, "input[0].output"],
    ["item reference", { model: "m", input: [{ type: "item_reference", id: "msg_1" }] }, "input[0].type"],
    ["tool without a type", { model: "m", input: "x", tools: [{ name: "f", parameters: {} }] }, "tools[0].type"],
    ["namespace without tools", { model: "m", input: "x", tools: [{ type: "namespace", name: "ns" }] }, "tools[0].tools"],
    ["namespace function without name", { model: "m", input: "x", tools: [{ type: "namespace", name: "ns", tools: [{ type: "function" }] }] }, "tools[0].tools[0].name"],
    ["grammar without definition", { model: "m", input: "x", tools: [{ type: "custom", name: "p", format: { type: "grammar", syntax: "lark" } }] }, "tools[0].format.definition"],
    ["custom call without input", { model: "m", input: [{ type: "custom_tool_call", call_id: "c", name: "p" }] }, "input[0].input"],
    ["call namespace a number", { model: "m", input: [{ type: "function_call", call_id: "c", name: "f", namespace: 1 }] }, "input[0].namespace"],
    ["tool_choice allowed_tools", { model: "m", input: "x", tool_choice: { type: "allowed_tools", mode: "auto", tools: [] } }, "tool_choice"],
    ["tool without name", { model: "m", input: "x", tools: [{ type: "function", parameters: {} }] }, "tools[0].name"],
    ["tool parameters a string", { model: "m", input: "x", tools: [{ type: "function", name: "f", parameters: "{}" }] }, "tools[0].parameters"],
    ["tool_choice unknown", { model: "m", input: "x", tool_choice: "any" }, "tool_choice"],
    ["temperature a string", { model: "m", input: "x", temperature: "0.2" }, "temperature"],
    ["max_output_tokens a string", { model: "m", input: "x", max_output_tokens: "10" }, "max_output_tokens"],
    ["stream a string", { model: "m", input: "x", stream: "yes" }, "stream"],
    ["instructions an array", { model: "m", input: "x", instructions: ["a"] }, "instructions"],
    ["reasoning effort unknown", { model: "m", input: "x", reasoning: { effort: "toString" } }, "reasoning.effort"],
    ["format type unknown", { model: "m", input: "x", text: { format: { type: "xml" } } }, "text.format.type"],
    ["json_schema without schema", { model: "m", input: "x", text: { format: { type: "json_schema", name: "n" } } }, "text.format.schema"],
    ["previous_response_id", { model: "m", input: "x", previous_response_id: "resp_1" }, "previous_response_id"],
  ];
  for (const [name, body, field] of cases)
    test(name, () => {
      let thrown: unknown;
      try {
        adapter.decodeRequest(body);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ProtocolError);
      expect((thrown as ProtocolError).ir.status).toBe(400);
      expect((thrown as ProtocolError).message).toContain(field);
    });
});

describe("encodeRequest for a channel", () => {
  test("is stateless and asks for no encrypted reasoning when none is involved", () => {
    const body = encode({});
    expect(body.store).toBe(false);
    expect(body.include).toBeUndefined();
    expect(body.reasoning).toBeUndefined();
  });

  test("a thinking budget becomes an effort with summaries and encrypted reasoning", () => {
    const body = encode({ reasoning: { budgetTokens: 10000 } });
    expect(body.reasoning).toEqual({ effort: "medium", summary: "auto" });
    expect(body.include).toEqual(["reasoning.encrypted_content"]);
  });

  test("disabled reasoning sends no reasoning field", () => {
    expect(encode({ reasoning: { enabled: false, effort: "high" } }).reasoning).toBeUndefined();
  });

  test("max_output_tokens is raised to the API minimum of 16", () => {
    expect(encode({ maxTokens: 1 }).max_output_tokens).toBe(16);
    expect(encode({ maxTokens: 300 }).max_output_tokens).toBe(300);
  });

  test("thinking signed by another format is not replayed; our own is, with include", () => {
    const messages: IRRequest["messages"] = [
      user("q"),
      {
        role: "assistant",
        parts: [
          { type: "thinking", text: "anthropic thoughts", signature: { format: "anthropic", value: "sig" } },
          { type: "thinking", text: "", signature: { format: "openai-responses", value: "enc" } },
          { type: "text", text: "a" },
        ],
      },
    ];
    const body = encode({ messages });
    expect(body.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "q" }] },
      { type: "reasoning", summary: [], encrypted_content: "enc" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "a" }] },
    ]);
    expect(body.include).toEqual(["reasoning.encrypted_content"]);
  });

  test("an error tool result is a plain function_call_output (the format has no error flag)", () => {
    const body = encode({
      messages: [
        { role: "user", parts: [{ type: "tool_result", callId: "c1", isError: true, content: [{ type: "text", text: "boom" }] }] },
      ],
    });
    expect(body.input).toEqual([{ type: "function_call_output", call_id: "c1", output: "boom" }]);
  });

  test("user text after tool results follows them as a message", () => {
    const body = encode({
      messages: [
        {
          role: "user",
          parts: [
            { type: "tool_result", callId: "c1", content: [] },
            { type: "text", text: "and now?" },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      { type: "function_call_output", call_id: "c1", output: "" },
      { type: "message", role: "user", content: [{ type: "input_text", text: "and now?" }] },
    ]);
  });

  test("a forced tool and stop/top-k (absent in this format) map as documented", () => {
    const body = encode({ toolChoice: { type: "tool", name: "f" }, stop: ["END"], topK: 5 });
    expect(body.tool_choice).toEqual({ type: "function", name: "f" });
    expect(body.stop).toBeUndefined();
    expect(body.top_k).toBeUndefined();
  });
});
