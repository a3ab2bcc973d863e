/** Finish reasons, shared by the response and stream paths so both map identically. */
import type { IRFinishReason } from "../ir";

const FILTERED = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);
const BROKEN_CALL = new Set(["MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"]);

/**
 * Gemini says STOP even when it answered with function calls, so the presence of a call decides
 * `tool_calls`; a more specific reason (MAX_TOKENS, SAFETY, …) is kept.
 */
export function finishFromGemini(reason: string, hasToolCalls: boolean): IRFinishReason {
  if (reason === "MAX_TOKENS") return "length";
  if (FILTERED.has(reason)) return "content_filter";
  if (BROKEN_CALL.has(reason)) return "error";
  return hasToolCalls ? "tool_calls" : "stop";
}

const TO_GEMINI: Record<IRFinishReason, string> = {
  stop: "STOP",
  tool_calls: "STOP",
  pause: "STOP",
  length: "MAX_TOKENS",
  context_window: "MAX_TOKENS",
  content_filter: "SAFETY",
  refusal: "SAFETY",
  error: "OTHER",
};

export const finishToGemini = (reason: IRFinishReason): string => TO_GEMINI[reason];
