import { describe, expect, test } from "bun:test";
import { ProtocolError, type IRRequest } from "../ir";
import { openaiChatAdapter as chat } from "./index";

const user = (content: unknown) => ({ role: "user", content });
const base = { model: "gpt-4o", messages: [user("Hi")] };

function rejects(body: unknown, field: string) {
  let thrown: unknown;
  try {
    chat.decodeRequest(body);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  const err = thrown as ProtocolError;
  expect(err.ir.status).toBe(400);
  expect(err.ir.kind).toBe("invalid_request");
  expect(err.message).toContain(field);
}

describe("decodeRequest rejects invalid client requests with a 400 naming the field", () => {
  test.each([
    ["body not an object", [1, 2], "request body"],
    ["body null", null, "request body"],
    ["missing model", { messages: [user("Hi")] }, "model"],
    ["model a number", { model: 4, messages: [user("Hi")] }, "model"],
    ["missing messages", { model: "gpt-4o" }, "messages"],
    ["messages empty", { model: "gpt-4o", messages: [] }, "messages"],
    ["messages an object", { model: "gpt-4o", messages: { role: "user" } }, "messages"],
    ["message null", { model: "gpt-4o", messages: [null] }, "messages[0]"],
    ["role missing", { model: "gpt-4o", messages: [{ content: "Hi" }] }, "messages[0].role"],
    ["unknown role", { model: "gpt-4o", messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].role"],
    ["user content null", { model: "gpt-4o", messages: [user(null)] }, "messages[0].content"],
    ["user content a number", { model: "gpt-4o", messages: [user(42)] }, "messages[0].content"],
    ["part null", { model: "gpt-4o", messages: [user([null])] }, "messages[0].content[0]"],
    ["text part without text", { model: "gpt-4o", messages: [user([{ type: "text" }])] }, "messages[0].content[0].text"],
    ["text a number", { model: "gpt-4o", messages: [user([{ type: "text", text: 5 }])] }, "messages[0].content[0].text"],
    ["audio part", { model: "gpt-4o", messages: [user([{ type: "input_audio", input_audio: {} }])] }, "messages[0].content[0].type"],
    ["image without url", { model: "gpt-4o", messages: [user([{ type: "image_url", image_url: {} }])] }, "image_url.url"],
    ["tool without call id", { model: "gpt-4o", messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
    ["tool_calls not an array", { model: "gpt-4o", messages: [{ role: "assistant", tool_calls: {} }] }, "messages[0].tool_calls"],
    ["tool call without function", { model: "gpt-4o", messages: [{ role: "assistant", tool_calls: [{ id: "c" }] }] }, "tool_calls[0].function"],
    ["tool call without name", { model: "gpt-4o", messages: [{ role: "assistant", tool_calls: [{ id: "c", function: {} }] }] }, "tool_calls[0].function.name"],
    ["stream a string", { ...base, stream: "yes" }, "stream"],
    ["temperature a string", { ...base, temperature: "hot" }, "temperature"],
    ["max_tokens negative", { ...base, max_tokens: -1 }, "max_tokens"],
    ["max_completion_tokens fractional", { ...base, max_completion_tokens: 1.5 }, "max_completion_tokens"],
    ["n above 1", { ...base, n: 2 }, "n "],
    ["tools an object", { ...base, tools: {} }, "tools"],
    ["tool of another type", { ...base, tools: [{ type: "custom", custom: { name: "x" } }] }, "tools[0].type"],
    ["tool without function", { ...base, tools: [{ type: "function" }] }, "tools[0].function"],
    ["tool parameters a string", { ...base, tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] }, "tools[0].function.parameters"],
    ["tool_choice unknown", { ...base, tool_choice: "always" }, "tool_choice"],
    ["tool_choice without name", { ...base, tool_choice: { type: "function", function: {} } }, "tool_choice"],
    ["stop of numbers", { ...base, stop: [1] }, "stop"],
    ["reasoning_effort unknown", { ...base, reasoning_effort: "extreme" }, "reasoning_effort"],
    ["response_format unknown", { ...base, response_format: { type: "xml" } }, "response_format.type"],
    ["json_schema without name", { ...base, response_format: { type: "json_schema", json_schema: {} } }, "response_format.json_schema.name"],
    ["user a number", { ...base, user: 7 }, "user"],
    ["stream_options a string", { ...base, stream: true, stream_options: "usage" }, "stream_options"],
    ["include_usage a string", { ...base, stream: true, stream_options: { include_usage: "yes" } }, "stream_options.include_usage"],
  ])("%s", (_name, body, field) => rejects(body, field));
});

describe("decodeRequest reads every spelling clients use", () => {
  test("stream_options.include_usage is whether the client wants the usage chunk", () => {
    const streamUsage = (stream_options?: object) => chat.decodeRequest({ ...base, stream: true, stream_options }).streamUsage;
    expect(streamUsage({ include_usage: true })).toBe(true);
    expect(streamUsage({ include_usage: false })).toBe(false);
    expect(streamUsage({})).toBeUndefined();
    expect(streamUsage()).toBeUndefined();
  });

  test("system and developer messages join into the system prompt with a blank line", () => {
    const ir = chat.decodeRequest({
      model: "o3",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: [{ type: "text", text: "Use French." }] },
        user("Hi"),
      ],
    });
    expect(ir.system).toBe("Be brief.\n\nUse French.");
    expect(ir.messages).toEqual([{ role: "user", parts: [{ type: "text", text: "Hi" }] }]);
  });

  test("max_tokens is read when max_completion_tokens is absent, and loses to it when both are set", () => {
    expect(chat.decodeRequest({ ...base, max_tokens: 100 }).maxTokens).toBe(100);
    expect(chat.decodeRequest({ ...base, max_tokens: 100, max_completion_tokens: 200 }).maxTokens).toBe(200);
  });

  test("null optional fields read as absent", () => {
    const ir = chat.decodeRequest({ ...base, temperature: null, stop: null, tools: null, reasoning_effort: null, stream: null });
    expect(ir).toEqual({ model: "gpt-4o", stream: false, messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }] });
  });

  test("a single stop string becomes a list", () => {
    expect(chat.decodeRequest({ ...base, stop: "END" }).stop).toEqual(["END"]);
  });

  test.each([
    ["none", { enabled: false }],
    ["minimal", { effort: "minimal" }],
    ["xhigh", { effort: "high" }],
    ["max", { effort: "high" }],
  ])("reasoning_effort %s", (effort, reasoning) => {
    expect(chat.decodeRequest({ ...base, reasoning_effort: effort }).reasoning).toEqual(reasoning as IRRequest["reasoning"]);
  });

  test("tool arguments sent as an object or as an empty string become JSON text", () => {
    const ir = chat.decodeRequest({
      model: "gpt-4o",
      messages: [
        user("Go"),
        {
          role: "assistant",
          tool_calls: [
            { id: "a", type: "function", function: { name: "f", arguments: { x: 1 } } },
            { id: "b", type: "function", function: { name: "g", arguments: "" } },
          ],
        },
      ],
    });
    expect(ir.messages[1].parts).toEqual([
      { type: "tool_call", id: "a", name: "f", arguments: '{"x":1}' },
      { type: "tool_call", id: "b", name: "g", arguments: "{}" },
    ]);
  });

  test("assistant reasoning in any spelling becomes thinking before the text", () => {
    for (const field of ["reasoning_content", "reasoning"]) {
      const ir = chat.decodeRequest({ model: "m", messages: [user("Q"), { role: "assistant", content: "A", [field]: "Because." }] });
      expect(ir.messages[1].parts).toEqual([
        { type: "thinking", text: "Because." },
        { type: "text", text: "A" },
      ]);
    }
  });

  test("an image URL string, detail and a tool image are accepted", () => {
    const ir = chat.decodeRequest({
      model: "m",
      messages: [
        user([{ type: "image_url", image_url: "https://x.test/a.png" }, { type: "image_url", image_url: { url: "https://x.test/b.png", detail: "low" } }]),
      ],
    });
    expect(ir.messages[0].parts).toEqual([
      { type: "image", source: { kind: "url", url: "https://x.test/a.png" } },
      { type: "image", source: { kind: "url", url: "https://x.test/b.png" } },
    ]);
  });

  test("a tool message for an unknown call keeps no name; one after a user message starts a new turn", () => {
    const ir = chat.decodeRequest({
      model: "m",
      messages: [user("a"), { role: "tool", tool_call_id: "x", content: "r" }, user("b"), user("c")],
    });
    expect(ir.messages).toEqual([
      { role: "user", parts: [{ type: "text", text: "a" }] },
      { role: "user", parts: [{ type: "tool_result", callId: "x", content: [{ type: "text", text: "r" }] }, { type: "text", text: "b" }] },
      { role: "user", parts: [{ type: "text", text: "c" }] },
    ]);
  });

  test("the model and stream flag may come from outside the body", () => {
    const ir = chat.decodeRequest({ messages: [user("Hi")] }, { model: "from-path", stream: true });
    expect(ir.model).toBe("from-path");
    expect(ir.stream).toBe(true);
  });
});

describe("encodeRequest writes what a channel accepts", () => {
  const ir = (over: Partial<IRRequest>): IRRequest => ({
    model: "gpt-4o",
    stream: false,
    messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }],
    ...over,
  });

  test("a streaming request always asks for usage", () => {
    const wire = chat.encodeRequest(ir({ stream: true })) as Record<string, unknown>;
    expect(wire.stream).toBe(true);
    expect(wire.stream_options).toEqual({ include_usage: true });
    const plain = chat.encodeRequest(ir({})) as Record<string, unknown>;
    expect("stream" in plain || "stream_options" in plain).toBe(false);
  });

  test("tool_choice and parallel_tool_calls are dropped when there are no tools", () => {
    const wire = chat.encodeRequest(ir({ toolChoice: { type: "required" }, parallelToolCalls: false, tools: [] })) as Record<string, unknown>;
    expect(Object.keys(wire).sort()).toEqual(["messages", "model"]);
  });

  test("a thinking budget becomes an effort; thinking switched off is left out; topK is dropped", () => {
    const wire = (r: IRRequest["reasoning"]) => (chat.encodeRequest(ir({ reasoning: r, topK: 40 })) as Record<string, unknown>);
    expect(wire({ budgetTokens: 4000 }).reasoning_effort).toBe("low");
    expect(wire({ effort: "medium", budgetTokens: 32000 }).reasoning_effort).toBe("medium");
    expect("reasoning_effort" in wire({ enabled: false })).toBe(false);
    expect("top_k" in wire(undefined)).toBe(false);
  });

  test("thinking signed by another format is not replayed; unsigned thinking is", () => {
    const wire = chat.encodeRequest(
      ir({
        messages: [
          { role: "user", parts: [{ type: "text", text: "Q" }] },
          {
            role: "assistant",
            parts: [
              { type: "thinking", text: "Claude thought.", signature: { format: "anthropic", value: "sig" } },
              { type: "thinking", text: "", redacted: true, signature: { format: "anthropic", value: "opaque" } },
              { type: "text", text: "A" },
            ],
          },
          { role: "assistant", parts: [{ type: "thinking", text: "Plain thought." }, { type: "text", text: "B" }] },
        ],
      }),
    ) as { messages: Record<string, unknown>[] };
    expect(wire.messages[1]).toEqual({ role: "assistant", content: "A" });
    expect(wire.messages[2]).toEqual({ role: "assistant", content: "B", reasoning_content: "Plain thought." });
  });

  test("a client's reasoning_details give back signatures; one without text takes reasoning_content's", () => {
    const assistant = (m: Record<string, unknown>) => chat.decodeRequest({ ...base, messages: [user("Q"), { role: "assistant", content: "A", ...m }] }).messages[1];
    expect(
      assistant({ reasoning_content: "Hmm.", reasoning_details: [{ type: "reasoning.text", text: "", signature: "octopus1antSc2ln" }] }).parts[0],
    ).toEqual({ type: "thinking", text: "Hmm.", signature: { format: "anthropic", value: "sig" } });
    expect(assistant({ reasoning_details: [{ type: "reasoning.encrypted", data: "octopus1antRb3BhcXVl" }] }).parts[0]).toEqual({
      type: "thinking",
      text: "",
      redacted: true,
      signature: { format: "anthropic", value: "opaque" },
    });
    expect(assistant({ reasoning_details: [{ type: "reasoning.text", text: "Own.", signature: "s1" }] }).parts[0]).toEqual({
      type: "thinking",
      text: "Own.",
      signature: { format: "openai-chat", value: "s1" },
    });
  });

  test("tool results come first as tool messages; an error result keeps its text; images move to a user message", () => {
    const wire = chat.encodeRequest(
      ir({
        messages: [
          {
            role: "user",
            parts: [
              { type: "text", text: "See results." },
              { type: "tool_result", callId: "c1", isError: true, content: [{ type: "text", text: "city not found" }] },
              {
                type: "tool_result",
                callId: "c2",
                content: [{ type: "image", source: { kind: "base64", mediaType: "image/png", data: "AAAA" } }],
              },
            ],
          },
        ],
      }),
    ) as { messages: unknown[] };
    expect(wire.messages).toEqual([
      { role: "tool", tool_call_id: "c1", content: "city not found" },
      { role: "tool", tool_call_id: "c2", content: "" },
      {
        role: "user",
        content: [
          { type: "text", text: "See results." },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        ],
      },
    ]);
  });

  test("an assistant message with only tool calls has content null", () => {
    const wire = chat.encodeRequest(
      ir({ messages: [{ role: "assistant", parts: [{ type: "tool_call", id: "c", name: "f", arguments: "{}" }] }] }),
    ) as { messages: Record<string, unknown>[] };
    expect(wire.messages[0].content).toBeNull();
  });
});
