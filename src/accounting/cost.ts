/** What a request cost: its usage at the price that applies to it. */
import type { IRUsage } from "../protocols/ir";

/** USD per million tokens; a missing cache price is charged as input. */
export interface Price {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

export const FREE: Price = { input: 0, output: 0, cache_read: 0, cache_write: 0 };

/**
 * Usage counts follow the IR: `inputTokens` includes cache reads and writes, `outputTokens`
 * includes reasoning. So the uncached input is what remains after the cache counts.
 */
export function costOf(usage: IRUsage, price: Price): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const micro =
    uncached * price.input +
    usage.cacheReadTokens * (price.cache_read ?? price.input) +
    usage.cacheWriteTokens * (price.cache_write ?? price.input) +
    usage.outputTokens * price.output;
  return micro / 1_000_000;
}
