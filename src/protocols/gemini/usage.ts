/**
 * Gemini usage ⇄ IR usage. Gemini's promptTokenCount already includes cached tokens (as the IR
 * wants), but candidatesTokenCount excludes thoughts, which the IR counts as output. Gemini
 * reports no cache writes.
 */
import type { IRUsage } from "../ir";
import { asNumber } from "../json";
import type { GeminiUsage } from "./types";

export function usageFromGemini(u: GeminiUsage): IRUsage {
  const thoughts = asNumber(u.thoughtsTokenCount);
  return {
    inputTokens: asNumber(u.promptTokenCount) + asNumber(u.toolUsePromptTokenCount),
    outputTokens: asNumber(u.candidatesTokenCount) + thoughts,
    cacheReadTokens: asNumber(u.cachedContentTokenCount),
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}

export function usageToGemini(u: IRUsage): GeminiUsage {
  const out: GeminiUsage = {
    promptTokenCount: u.inputTokens,
    candidatesTokenCount: u.outputTokens - u.reasoningTokens,
    totalTokenCount: u.inputTokens + u.outputTokens,
  };
  if (u.cacheReadTokens > 0) out.cachedContentTokenCount = u.cacheReadTokens;
  if (u.reasoningTokens > 0) out.thoughtsTokenCount = u.reasoningTokens;
  return out;
}
