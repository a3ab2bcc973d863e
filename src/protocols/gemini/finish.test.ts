/** Finish reasons map both ways, and identically on the non-stream and stream paths. */
import { describe, expect, test } from "bun:test";
import { sseFrame } from "../sse";
import type { IRFinishReason } from "../ir";
import { geminiAdapter } from "./index";
import { finishToGemini } from "./finish";

const textPart = { text: "ok" };
const callPart = { functionCall: { name: "f", args: {} } };

const FROM_GEMINI: [string, boolean, IRFinishReason][] = [
  ["STOP", false, "stop"],
  ["STOP", true, "tool_calls"],
  ["MAX_TOKENS", false, "length"],
  ["MAX_TOKENS", true, "length"],
  ["SAFETY", false, "content_filter"],
  ["RECITATION", false, "content_filter"],
  ["BLOCKLIST", false, "content_filter"],
  ["PROHIBITED_CONTENT", false, "content_filter"],
  ["SPII", false, "content_filter"],
  ["IMAGE_SAFETY", false, "content_filter"],
  ["MALFORMED_FUNCTION_CALL", false, "error"],
  ["UNEXPECTED_TOOL_CALL", false, "error"],
  ["OTHER", false, "stop"],
  ["LANGUAGE", false, "stop"],
];

describe("Gemini finishReason → IR, stream and non-stream alike", () => {
  test.each(FROM_GEMINI)("%s (with calls: %p) → %s", (reason, withCall, expected) => {
    const body = {
      candidates: [{ content: { parts: [withCall ? callPart : textPart], role: "model" }, finishReason: reason, index: 0 }],
      responseId: "r",
    };
    expect(geminiAdapter.decodeResponse(body).finishReason).toBe(expected);
    const decoder = geminiAdapter.streamDecoder();
    const events = [...decoder.push({ data: JSON.stringify(body) }), ...decoder.end()];
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: expected });
  });
});

const TO_GEMINI: [IRFinishReason, string][] = [
  ["stop", "STOP"],
  ["tool_calls", "STOP"],
  ["pause", "STOP"],
  ["length", "MAX_TOKENS"],
  ["context_window", "MAX_TOKENS"],
  ["content_filter", "SAFETY"],
  ["refusal", "SAFETY"],
  ["error", "OTHER"],
];

describe("IR finish → Gemini finishReason, stream and non-stream alike", () => {
  test.each(TO_GEMINI)("%s → %s", (reason, expected) => {
    expect(finishToGemini(reason)).toBe(expected);
    const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    const response = geminiAdapter.encodeResponse({ id: "r", model: "m", created: 0, parts: [], finishReason: reason, usage }) as any;
    expect(response.candidates[0].finishReason).toBe(expected);
    const encoder = geminiAdapter.streamEncoder();
    encoder.push({ type: "start", id: "r", model: "m", created: 0 });
    const last = encoder.push({ type: "finish", reason, usage });
    expect(last).toBe(sseFrame(JSON.stringify({ ...response, candidates: [{ finishReason: expected, index: 0 }] })));
  });
});
