/** `usage` ⇄ IR usage. OpenAI's arithmetic is the IR's: cached and reasoning tokens are included. */
import { emptyUsage, type IRUsage } from "../ir";
import { asNumber, asObject, isObject } from "../json";

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export function decodeUsage(u: unknown): IRUsage {
  if (!isObject(u)) return emptyUsage();
  const prompt = asObject(u.prompt_tokens_details);
  const completion = asObject(u.completion_tokens_details);
  return {
    inputTokens: asNumber(u.prompt_tokens),
    outputTokens: asNumber(u.completion_tokens),
    // DeepSeek reports cache hits at the top level instead.
    cacheReadTokens: asNumber(prompt.cached_tokens ?? u.prompt_cache_hit_tokens),
    cacheWriteTokens: asNumber(prompt.cache_write_tokens),
    reasoningTokens: asNumber(completion.reasoning_tokens),
  };
}

export function encodeUsage(u: IRUsage): WireUsage {
  const promptDetails: WireUsage["prompt_tokens_details"] = { cached_tokens: u.cacheReadTokens };
  if (u.cacheWriteTokens > 0) promptDetails.cache_write_tokens = u.cacheWriteTokens;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}
