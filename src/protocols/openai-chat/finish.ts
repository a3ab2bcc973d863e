/** `finish_reason` ⇄ IR finish reason; stream and non-stream use these same two functions. */
import type { IRFinishReason } from "../ir";

export type WireFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

const FROM_WIRE: Record<string, IRFinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
  content_filter: "content_filter",
  insufficient_system_resource: "error", // DeepSeek: generation cut short by the provider
};

const TO_WIRE: Record<IRFinishReason, WireFinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  refusal: "content_filter",
  pause: "stop",
  context_window: "length",
  error: "stop",
};

/**
 * Some compatible upstreams (Gemini's OpenAI endpoint among them) answer tool calls with
 * `stop`; a response that called tools finished for `tool_calls` whatever it says.
 */
export function decodeFinish(reason: unknown, calledTools: boolean): IRFinishReason {
  const ir = (typeof reason === "string" && FROM_WIRE[reason]) || "stop";
  return calledTools && ir === "stop" ? "tool_calls" : ir;
}

export const encodeFinish = (reason: IRFinishReason): WireFinishReason => TO_WIRE[reason];
