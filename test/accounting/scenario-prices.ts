/** Prices the user sets for each mock's upstream model, and what the mock scenario's usage then costs. */
import { expect } from "bun:test";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { SCENARIO } from "../mocks/scenario";
import { UPSTREAM_MODEL, type Stage } from "../relay/harness";

/** USD per million tokens, set by the user for each upstream model. */
export const PRICES: Record<Format, { input: number; output: number; cache_read: number; cache_write: number }> = {
  "openai-chat": { input: 1, output: 2, cache_read: 0.5, cache_write: 1.25 },
  "openai-responses": { input: 1.5, output: 3, cache_read: 0.25, cache_write: 2 },
  anthropic: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  gemini: { input: 0.3, output: 2.5, cache_read: 0.075, cache_write: 0.3 },
};

/** What each mock reports per request: 25 input (5 cache reads, 3 cache writes but none on Gemini), 9 output. */
export const cacheWrites = (channel: Format) => (channel === "gemini" ? 0 : SCENARIO.usage.cacheWriteTokens);

export function expectedCost(channel: Format): number {
  const p = PRICES[channel];
  const w = cacheWrites(channel);
  const uncached = SCENARIO.usage.inputTokens - SCENARIO.usage.cacheReadTokens - w;
  return (uncached * p.input + SCENARIO.usage.cacheReadTokens * p.cache_read + w * p.cache_write + SCENARIO.usage.outputTokens * p.output) / 1e6;
}

/** Sets PRICES through the admin API. */
export async function setPrices(stage: Stage) {
  for (const format of FORMATS) {
    const saved = await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: UPSTREAM_MODEL[format], ...PRICES[format] } });
    expect(saved.status).toBe(200);
  }
}
