import { expect, test } from "bun:test";
import { ProtocolError } from "../ir";
import { decodeResponse, encodeResponse } from "./response";

test("calls without ids get ids from the response id and their position", () => {
  const ir = decodeResponse({
    candidates: [
      {
        content: { parts: [{ text: "Checking." }, { functionCall: { name: "a", args: { x: 1 } } }, { functionCall: { name: "b" } }], role: "model" },
        finishReason: "STOP",
      },
    ],
    responseId: "resp9",
  });
  expect(ir.parts).toEqual([
    { type: "text", text: "Checking." },
    { type: "tool_call", id: "call_resp9_0", name: "a", arguments: '{"x":1}' },
    { type: "tool_call", id: "call_resp9_1", name: "b", arguments: "{}" },
  ]);
  expect(ir.finishReason).toBe("tool_calls");
});

test("a prompt blocked before any candidate is a content filter", () => {
  const ir = decodeResponse({
    promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
    usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
    responseId: "r",
  });
  expect(ir.parts).toEqual([]);
  expect(ir.finishReason).toBe("content_filter");
  expect(ir.usage.inputTokens).toBe(7);
});

test("a signature Gemini put on the answer text joins the thought before it", () => {
  const ir = decodeResponse({
    candidates: [
      { content: { parts: [{ text: "plan", thought: true }, { text: "Answer", thoughtSignature: "SIG" }], role: "model" }, finishReason: "STOP" },
    ],
    responseId: "r",
  });
  expect(ir.parts).toEqual([
    { type: "thinking", text: "plan", signature: { format: "gemini", value: "SIG" } },
    { type: "text", text: "Answer" },
  ]);
});

test("Vertex createTime sets created; tool-use prompt tokens count as input", () => {
  const ir = decodeResponse({
    candidates: [{ content: { parts: [{ text: "x" }], role: "model" }, finishReason: "STOP" }],
    usageMetadata: { promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 17 },
    createTime: "2026-01-01T00:00:10.123Z",
    responseId: "r",
  });
  expect(ir.created).toBe(1767225610);
  expect(ir.usage.inputTokens).toBe(15);
});

test("an unreadable upstream body is a 502, not the client's fault", () => {
  for (const body of [null, "text", { candidates: [{ content: { parts: [{ functionCall: "f" }] } }] }]) {
    let caught: unknown;
    try {
      decodeResponse(body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect((caught as ProtocolError).ir).toMatchObject({ status: 502, kind: "server_error" });
  }
});

test("thoughts from other formats reach Gemini clients with their signatures wrapped, redacted ones too", () => {
  const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  const out = encodeResponse({
    id: "r",
    model: "claude",
    created: 0,
    parts: [
      { type: "thinking", text: "hm", signature: { format: "anthropic", value: "A" } },
      { type: "thinking", text: "", signature: { format: "anthropic", value: "B" }, redacted: true },
      { type: "text", text: "Hi" },
    ],
    finishReason: "stop",
    usage,
  });
  expect(out.candidates?.[0].content?.parts).toEqual([
    { text: "hm", thought: true, thoughtSignature: "octopus1antSQQ==" },
    { text: "", thought: true, thoughtSignature: "octopus1antRQg==" },
    { text: "Hi" },
  ]);
});
