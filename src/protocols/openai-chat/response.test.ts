import { describe, expect, test } from "bun:test";
import { emptyUsage, ProtocolError, type IRResponse } from "../ir";
import { openaiChatAdapter as chat } from "./index";
import { encodeResponse } from "./response";

const completion = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }],
  ...extra,
});

const partsOf = (message: Record<string, unknown>) => chat.decodeResponse(completion(message)).parts;

describe("decodeResponse", () => {
  test("reasoning in each spelling becomes thinking; details win over the plain copies", () => {
    expect(partsOf({ content: "A", reasoning: "R" })).toEqual([
      { type: "thinking", text: "R" },
      { type: "text", text: "A" },
    ]);
    expect(partsOf({ content: "A", reasoning_content: "R" })[0]).toEqual({ type: "thinking", text: "R" });
    expect(
      partsOf({
        content: "A",
        reasoning: "R",
        reasoning_details: [
          { type: "reasoning.text", text: "R", signature: "s1", format: "anthropic-claude-v1", index: 0 },
          { type: "reasoning.encrypted", data: "opaque", index: 1 },
        ],
      }),
    ).toEqual([
      { type: "thinking", text: "R", signature: { format: "openai-chat", value: "s1" } },
      { type: "thinking", text: "", redacted: true, signature: { format: "openai-chat", value: "opaque" } },
      { type: "text", text: "A" },
    ]);
  });

  test("a refusal reads as text", () => {
    expect(partsOf({ content: null, refusal: "I can't help with that." })).toEqual([{ type: "text", text: "I can't help with that." }]);
  });

  test("arguments sent as an object or an empty string become JSON text", () => {
    const calls = [
      { id: "a", type: "function", function: { name: "f", arguments: { city: "Paris" } } },
      { id: "b", type: "function", function: { name: "g", arguments: "" } },
    ];
    expect(partsOf({ content: null, tool_calls: calls })).toEqual([
      { type: "tool_call", id: "a", name: "f", arguments: '{"city":"Paris"}' },
      { type: "tool_call", id: "b", name: "g", arguments: "{}" },
    ]);
  });

  test("DeepSeek's top-level cache-hit count is read; missing usage is zero", () => {
    const u = chat.decodeResponse(completion({ content: "x" }, { usage: { prompt_tokens: 10, completion_tokens: 2, prompt_cache_hit_tokens: 6 } })).usage;
    expect(u).toEqual({ inputTokens: 10, outputTokens: 2, cacheReadTokens: 6, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(chat.decodeResponse(completion({ content: "x" })).usage).toEqual(emptyUsage());
  });

  test("a 200 carrying an error body throws that error", () => {
    let thrown: unknown;
    try {
      chat.decodeResponse({ error: { message: "quota exceeded", type: "insufficient_quota", code: "insufficient_quota" } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).ir).toEqual({ status: 429, kind: "rate_limit", message: "quota exceeded" });
  });

  test.each([
    ["not an object", "oops"],
    ["no choices", { id: "x", choices: [] }],
    ["choice without message", { choices: [{ index: 0 }] }],
    ["bad tool call", completion({ tool_calls: [{ id: 3 }] })],
  ])("a malformed upstream body (%s) is a 502 server error, not a TypeError", (_n, body) => {
    let thrown: unknown;
    try {
      chat.decodeResponse(body);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).ir.status).toBe(502);
    expect((thrown as ProtocolError).ir.kind).toBe("server_error");
  });
});

describe("encodeResponse", () => {
  const ir = (parts: IRResponse["parts"]): IRResponse => ({
    id: "msg_1",
    model: "claude",
    created: 5,
    parts,
    finishReason: "stop",
    usage: emptyUsage(),
  });

  test("thinking from another format is shown as reasoning_content, its signature wrapped in reasoning_details", () => {
    const wire = encodeResponse(
      ir([
        { type: "thinking", text: "Hmm.", signature: { format: "anthropic", value: "sig" } },
        { type: "text", text: "Hi" },
      ]),
    );
    expect(wire.choices[0].message).toEqual({
      role: "assistant",
      content: "Hi",
      refusal: null,
      reasoning_content: "Hmm.",
      reasoning_details: [{ type: "reasoning.text", text: "Hmm.", signature: "octopus1antSc2ln" }],
    });
  });

  test("several text parts join into one content string", () => {
    const wire = encodeResponse(ir([{ type: "text", text: "a" }, { type: "text", text: "b" }]));
    expect(wire.choices[0].message.content).toBe("ab");
  });
});
