/** Facts of the Anthropic Messages wire format shared by its request, response and stream codecs. */
import type { IRFinishReason, IRSignature, IRUsage } from "../ir";
import { asNumber, asObject, own } from "../json";

export const ANTHROPIC_VERSION = "2023-06-01";

const FINISH_OF_STOP_REASON: Record<string, IRFinishReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  pause_turn: "pause",
  refusal: "refusal",
  model_context_window_exceeded: "context_window",
};

const STOP_REASON_OF_FINISH: Record<IRFinishReason, string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  pause: "pause_turn",
  refusal: "refusal",
  context_window: "model_context_window_exceeded",
  content_filter: "refusal",
  error: "end_turn",
};

/** Unknown or missing stop reasons read as a natural end. */
export const finishOf = (stopReason: unknown): IRFinishReason => own(FINISH_OF_STOP_REASON, stopReason) ?? "stop";

export const stopReasonOf = (finish: IRFinishReason): string => STOP_REASON_OF_FINISH[finish];

export interface WireUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/** Anthropic's `input_tokens` excludes cache reads and writes; the IR's includes them. */
export function irUsageOf(usage: unknown): IRUsage {
  const u = asObject(usage);
  const cacheRead = asNumber(u.cache_read_input_tokens);
  const cacheWrite = asNumber(u.cache_creation_input_tokens);
  const details = asObject(u.output_tokens_details);
  return {
    inputTokens: asNumber(u.input_tokens) + cacheRead + cacheWrite,
    outputTokens: asNumber(u.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: asNumber(details.thinking_tokens),
  };
}

export function wireUsageOf(usage: IRUsage): WireUsage {
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: usage.outputTokens,
  };
}

/** Message ids derive from the IR id so encoders stay deterministic. */
export const messageIdOf = (id: string): string => (id.startsWith("msg_") ? id : `msg_${id}`);

export const anthropicSignature = (value: string): IRSignature => ({ format: "anthropic", value });

/** Anthropic messages carry no timestamp; the IR's `created` is the time the gateway read them. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
