import { describe, expect, test } from "bun:test";
import { ProtocolError, type IRRequest } from "../ir";
import { PLACEHOLDER_SIGNATURE } from "./parts";
import { decodeRequest, encodeRequest } from "./request";

const ctx = { model: "gemini-2.5-flash", stream: false };
const user = (text: string) => ({ role: "user", parts: [{ text }] });

function rejects(body: unknown, field: string, context = ctx) {
  let caught: unknown;
  try {
    decodeRequest(body, context);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  expect((caught as ProtocolError).ir.status).toBe(400);
  expect((caught as ProtocolError).ir.kind).toBe("invalid_request");
  expect((caught as ProtocolError).message).toContain(field);
}

describe("invalid client requests throw a 400 naming the field", () => {
  test.each([
    ["a non-object body", null, "request body"],
    ["an array body", [], "request body"],
    ["missing contents", {}, "contents"],
    ["contents not an array", { contents: "hi" }, "contents"],
    ["empty contents", { contents: [] }, "contents"],
    ["a null content", { contents: [null] }, "contents[0]"],
    ["a bad role", { contents: [{ role: "system", parts: [{ text: "x" }] }] }, "contents[0].role"],
    ["parts missing", { contents: [{ role: "user" }] }, "contents[0].parts"],
    ["empty parts", { contents: [{ role: "user", parts: [] }] }, "contents[0].parts"],
    ["a numeric text", { contents: [{ parts: [{ text: 42 }] }] }, "contents[0].parts[0].text"],
    ["an unknown part", { contents: [{ parts: [{ videoMetadata: {} }] }] }, "contents[0].parts[0]"],
    ["a call without a name", { contents: [{ role: "model", parts: [{ functionCall: { args: {} } }] }] }, "functionCall.name"],
    ["call args not an object", { contents: [{ role: "model", parts: [{ functionCall: { name: "f", args: "x" } }] }] }, "functionCall.args"],
    ["inlineData without data", { contents: [{ parts: [{ inlineData: { mimeType: "image/png" } }] }] }, "inlineData.data"],
    ["systemInstruction as a string", { contents: [user("x")], systemInstruction: "be brief" }, "systemInstruction"],
    ["tools not an array", { contents: [user("x")], tools: {} }, "tools"],
    ["a declaration without a name", { contents: [user("x")], tools: [{ functionDeclarations: [{}] }] }, "functionDeclarations[0].name"],
    ["declarations not an array", { contents: [user("x")], tools: [{ googleSearch: {}, functionDeclarations: {} }] }, "tools[0].functionDeclarations"],
    ["a bad calling mode", { contents: [user("x")], toolConfig: { functionCallingConfig: { mode: "SOMETIMES" } } }, "mode"],
    ["a string temperature", { contents: [user("x")], generationConfig: { temperature: "hot" } }, "generationConfig.temperature"],
    ["stop sequences of numbers", { contents: [user("x")], generationConfig: { stopSequences: [1] } }, "stopSequences[0]"],
    ["a bad thinking level", { contents: [user("x")], generationConfig: { thinkingConfig: { thinkingLevel: "max" } } }, "thinkingLevel"],
  ])("%s", (_label, body, field) => rejects(body, field));

  test("a missing model (it comes from the URL)", () => rejects({ contents: [user("x")] }, "model", {} as typeof ctx));
});

describe("decodeRequest", () => {
  test("built-in tools and the code-execution parts they left in the history are dropped", () => {
    const ir = decodeRequest(
      {
        contents: [
          user("run it"),
          { role: "model", parts: [{ executableCode: { language: "PYTHON", code: "print(1)" } }, { codeExecutionResult: { outcome: "OUTCOME_OK", output: "1" } }] },
          { role: "model", parts: [{ executableCode: { language: "PYTHON", code: "2" } }, { text: "It printed 1." }] },
        ],
        tools: [{ googleSearch: {} }, { codeExecution: {}, functionDeclarations: [{ name: "f" }] }, { urlContext: {} }],
      },
      ctx,
    );
    expect(ir.messages).toEqual([
      { role: "user", parts: [{ type: "text", text: "run it" }] },
      { role: "assistant", parts: [{ type: "text", text: "It printed 1." }] },
    ]);
    expect(ir.tools).toEqual([{ name: "f", parameters: { type: "object", properties: {} } }]);
  });

  test("a call without args carries {} and client ids are kept", () => {
    const ir = decodeRequest(
      {
        contents: [
          user("go"),
          { role: "model", parts: [{ functionCall: { id: "fc-1", name: "ping" } }] },
          { role: "user", parts: [{ functionResponse: { id: "fc-1", name: "ping", response: { ok: true } } }] },
        ],
      },
      ctx,
    );
    expect(ir.messages[1].parts).toEqual([{ type: "tool_call", id: "fc-1", name: "ping", arguments: "{}" }]);
    expect(ir.messages[2].parts).toEqual([
      { type: "tool_result", callId: "fc-1", name: "ping", content: [{ type: "text", text: '{"ok":true}' }] },
    ]);
  });

  test("responses without ids answer the oldest open call of the same name", () => {
    const ir = decodeRequest(
      {
        contents: [
          user("go"),
          { role: "model", parts: [{ functionCall: { name: "a", args: {} } }, { functionCall: { name: "b", args: {} } }, { functionCall: { name: "a", args: {} } }] },
          {
            role: "user",
            parts: [
              { functionResponse: { name: "b", response: { output: "B" } } },
              { functionResponse: { name: "a", response: { output: "A1" } } },
              { functionResponse: { name: "a", response: { output: "A2" } } },
            ],
          },
        ],
      },
      ctx,
    );
    const ids = ir.messages[1].parts.map((p) => (p.type === "tool_call" ? p.id : ""));
    const answered = ir.messages[2].parts.map((p) => (p.type === "tool_result" ? p.callId : ""));
    expect(answered).toEqual([ids[1], ids[0], ids[2]]);
  });

  test("a signature on a plain text part rides on a thinking part before it", () => {
    const ir = decodeRequest(
      { contents: [user("hi"), { role: "model", parts: [{ text: "Hello", thoughtSignature: "S1" }] }] },
      ctx,
    );
    expect(ir.messages[1].parts).toEqual([
      { type: "thinking", text: "", signature: { format: "gemini", value: "S1" } },
      { type: "text", text: "Hello" },
    ]);
  });

  test("thinking level, dynamic budget and JSON output", () => {
    const ir = decodeRequest(
      {
        contents: [user("x")],
        generationConfig: {
          responseMimeType: "application/json",
          responseSchema: { type: "OBJECT", properties: { n: { type: "INTEGER" } } },
          thinkingConfig: { thinkingLevel: "HIGH", thinkingBudget: -1 },
        },
      },
      ctx,
    );
    expect(ir.reasoning).toEqual({ enabled: true, effort: "high" });
    expect(ir.responseFormat).toEqual({
      type: "json_schema",
      name: "response",
      schema: { type: "object", properties: { n: { type: "integer" } } },
    });
  });

  test("the model may arrive as a resource name", () => {
    expect(decodeRequest({ contents: [user("x")] }, { model: "models/gemini-2.5-pro", stream: true }).model).toBe("gemini-2.5-pro");
  });
});

describe("encodeRequest", () => {
  const base: IRRequest = { model: "gemini-2.5-flash", stream: false, messages: [] };

  test("calls another format produced get the documented placeholder signature, first call only", () => {
    const out = encodeRequest({
      ...base,
      messages: [
        { role: "user", parts: [{ type: "text", text: "go" }] },
        {
          role: "assistant",
          parts: [
            { type: "thinking", text: "hmm", signature: { format: "anthropic", value: "claude-sig" } },
            { type: "tool_call", id: "toolu_1", name: "a", arguments: '{"x":1}' },
            { type: "tool_call", id: "toolu_2", name: "b", arguments: "" },
          ],
        },
        {
          role: "user",
          parts: [
            { type: "tool_result", callId: "toolu_1", content: [{ type: "text", text: "one" }] },
            { type: "tool_result", callId: "toolu_2", content: [{ type: "text", text: "boom" }], isError: true },
          ],
        },
      ],
    });
    expect(out.contents[1]).toEqual({
      role: "model",
      parts: [
        { functionCall: { name: "a", args: { x: 1 } }, thoughtSignature: PLACEHOLDER_SIGNATURE },
        { functionCall: { name: "b", args: {} } },
      ],
    });
    expect(out.contents[2].parts).toEqual([
      { functionResponse: { name: "a", response: { output: "one" } } },
      { functionResponse: { name: "b", response: { error: "boom" } } },
    ]);
  });

  test("a signature-only thought is replayed on the part it came with", () => {
    const out = encodeRequest({
      ...base,
      messages: [
        {
          role: "assistant",
          parts: [
            { type: "thinking", text: "", signature: { format: "gemini", value: "S1" } },
            { type: "text", text: "Hello" },
            { type: "thinking", text: "", signature: { format: "gemini", value: "S2" } },
          ],
        },
      ],
    });
    expect(out.contents[0].parts).toEqual([{ text: "Hello", thoughtSignature: "S1" }, { text: "", thoughtSignature: "S2" }]);
  });

  test("a tool result that answers no call is rejected", () => {
    expect(() =>
      encodeRequest({
        ...base,
        messages: [{ role: "user", parts: [{ type: "tool_result", callId: "nope", content: [] }] }],
      }),
    ).toThrow(ProtocolError);
  });

  test("images in a tool result follow its functionResponse; data URLs become inlineData", () => {
    const out = encodeRequest({
      ...base,
      messages: [
        { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "shot", arguments: "{}" }] },
        {
          role: "user",
          parts: [
            {
              type: "tool_result",
              callId: "c1",
              content: [
                { type: "text", text: "done" },
                { type: "image", source: { kind: "url", url: "data:image/png;base64,AAAA" } },
              ],
            },
          ],
        },
      ],
    });
    expect(out.contents[1].parts).toEqual([
      { functionResponse: { name: "shot", response: { output: "done" } } },
      { inlineData: { mimeType: "image/png", data: "AAAA" } },
    ]);
  });

  test("tool choices, effort and a disabled thinking map to Gemini settings", () => {
    const enc = (r: Partial<IRRequest>) => encodeRequest({ ...base, ...r });
    expect(enc({ toolChoice: { type: "required" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(enc({ toolChoice: { type: "none" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect(enc({ toolChoice: { type: "auto" } }).toolConfig).toEqual({ functionCallingConfig: { mode: "AUTO" } });
    expect(enc({ reasoning: { effort: "low" } }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 4096 } });
    expect(enc({ reasoning: { enabled: false, effort: "high" } }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    expect(enc({ responseFormat: { type: "json_object" } }).generationConfig).toEqual({ responseMimeType: "application/json" });
  });
});
