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

/** How far an instance's log rows are counted in the stats (see the `stat_marks` table). */
export interface StatMark {
  instance: string;
  seq: number;
  log_id: number;
}

export function statStore(db: Database) {
  const { stats, statMarks } = db.t;
  return {
    /**
     * Adds the deltas to the stored counters as `x = x + delta`, so instances sharing one
     * database never overwrite each other, and sets `mark` when given. All or nothing.
     */
    async add(deltas: StatDelta[], mark?: StatMark) {
      if (deltas.length === 0 && !mark) return;
      await db.transaction(async (tx) => {
        for (const { scope, key, counters } of deltas) {
          const set = Object.fromEntries(COUNTERS.map((c) => [c, sql`${stats[c]} + ${counters[c]}`]));
          await db.upsert(tx, stats, { scope, key, ...counters }, [stats.scope, stats.key], set);
        }
        if (mark) await db.upsert(tx, statMarks, { ...mark }, [statMarks.instance], { seq: mark.seq, log_id: mark.log_id });
      });
    },
    async mark(instance: string): Promise<StatMark | undefined> {
      const [row] = await db.orm.select().from(statMarks).where(eq(statMarks.instance, instance));
      return row;
    },
    /** Each API key's stored spend, by key id: what budgets start from. */
    async keyCosts(): Promise<Map<string, number>> {
      const rows = await db.orm.select({ key: stats.key, cost: stats.cost }).from(stats).where(eq(stats.scope, "apikey"));
      return new Map(rows.map((r) => [r.key, r.cost]));
    },
    async list(scope: StatScope) {
      const rows = await db.orm.select().from(stats).where(eq(stats.scope, scope)).orderBy(asc(stats.key));
      return rows.map(({ scope: _s, key, ...counters }) => ({ key, counters: counters as Counters }));
    },
  };
}
