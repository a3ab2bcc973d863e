import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../connection";

export const STAT_SCOPES = ["total", "daily", "hourly", "channel", "model", "apikey"] as const;
export type StatScope = (typeof STAT_SCOPES)[number];

export const COUNTERS = [
  "requests",
  "success",
  "failed",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost",
  "wait_ms",
] as const;
export type Counters = Record<(typeof COUNTERS)[number], number>;

export const zeroCounters = (): Counters =>
  Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;

export interface StatDelta {
  scope: StatScope;
  key: string;
  counters: Counters;
}

export function statStore(db: Database) {
  const { stats } = db.t;
  return {
    /**
     * Adds the deltas to the stored counters as `x = x + delta`, so instances sharing one
     * database never overwrite each other. All or nothing.
     */
    async add(deltas: StatDelta[]) {
      if (deltas.length === 0) return;
      await db.transaction(async (tx) => {
        for (const { scope, key, counters } of deltas) {
          const set = Object.fromEntries(COUNTERS.map((c) => [c, sql`${stats[c]} + ${counters[c]}`]));
          await db.upsert(tx, stats, { scope, key, ...counters }, [stats.scope, stats.key], set);
        }
      });
    },
    async list(scope: StatScope) {
      const rows = await db.orm.select().from(stats).where(eq(stats.scope, scope)).orderBy(asc(stats.key));
      return rows.map(({ scope: _s, key, ...counters }) => ({ key, counters: counters as Counters }));
    },
  };
}
