/**
 * Counters aggregated in memory and flushed to the database as additive deltas, so no request
 * waits on a write and several instances sharing a database add up instead of overwriting.
 * Reads merge what is stored with what is still pending.
 */
import type { Counters, StatDelta, StatScope, statStore } from "../db/stores/stats";
import { COUNTERS, zeroCounters } from "../db/stores/stats";
import { log } from "../log";

type StatStore = ReturnType<typeof statStore>;

const pad = (n: number) => String(n).padStart(2, "0");
/** Day and hour keys in the server's local time (TZ): `2026-11-26`, `2026-11-26 14`. */
export const dayKey = (t: Date) => `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
export const hourKey = (t: Date) => `${dayKey(t)} ${pad(t.getHours())}`;

export interface StatEvent {
  time: number;
  channelId: number;
  /** The model the stats are kept under (the upstream model when one served the request). */
  model: string;
  apiKeyId: number;
  success: boolean;
  counters: Omit<Counters, "requests" | "success" | "failed">;
}

const id = (scope: StatScope, key: string) => `${scope}\u0000${key}`;

function addInto(target: Counters, delta: Counters) {
  for (const c of COUNTERS) target[c] += delta[c];
}

export class Stats {
  private pending = new Map<string, StatDelta>();
  /** Per API key, the cost stored in the database when last read: budgets add pending to it. */
  private storedKeyCost = new Map<string, number>();

  constructor(private readonly store: StatStore) {}

  /** Loads what budgets need from the database (at start, and after each flush). */
  async loadKeyCosts() {
    const rows = await this.store.list("apikey");
    this.storedKeyCost = new Map(rows.map((r) => [r.key, r.counters.cost]));
  }

  record(event: StatEvent) {
    const time = new Date(event.time);
    const delta: Counters = {
      ...event.counters,
      requests: 1,
      success: event.success ? 1 : 0,
      failed: event.success ? 0 : 1,
    };
    const keys: [StatScope, string][] = [
      ["total", ""],
      ["daily", dayKey(time)],
      ["hourly", hourKey(time)],
      ["channel", String(event.channelId)],
      ["model", event.model],
      ["apikey", String(event.apiKeyId)],
    ];
    for (const [scope, key] of keys) {
      const entry = this.pending.get(id(scope, key));
      if (entry) addInto(entry.counters, delta);
      else this.pending.set(id(scope, key), { scope, key, counters: { ...delta } });
    }
  }

  /** Writes the pending deltas; on failure they stay pending (merged with newer ones) for the next flush. */
  async flush(): Promise<boolean> {
    if (this.pending.size === 0) return true;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.add([...batch.values()]);
    } catch (e) {
      for (const [k, delta] of batch) {
        const newer = this.pending.get(k);
        if (newer) addInto(delta.counters, newer.counters);
        this.pending.set(k, delta);
      }
      log.error("stats flush failed; the counts are kept for the next flush", { error: (e as Error).message });
      return false;
    }
    await this.loadKeyCosts().catch(() => {});
    return true;
  }

  /** Stored rows plus pending deltas, by key. */
  async read(scope: StatScope): Promise<{ key: string; counters: Counters }[]> {
    const merged = new Map((await this.store.list(scope)).map((r) => [r.key, { ...r.counters }]));
    for (const delta of this.pending.values()) {
      if (delta.scope !== scope) continue;
      const row = merged.get(delta.key);
      if (row) addInto(row, delta.counters);
      else merged.set(delta.key, { ...delta.counters });
    }
    return [...merged].sort(([a], [b]) => a.localeCompare(b)).map(([key, counters]) => ({ key, counters }));
  }

  async total(): Promise<Counters> {
    return (await this.read("total"))[0]?.counters ?? zeroCounters();
  }

  /** What an API key has spent so far: stored plus pending, without a database read. */
  spent(apiKeyId: number): number {
    const key = String(apiKeyId);
    return (this.storedKeyCost.get(key) ?? 0) + (this.pending.get(id("apikey", key))?.counters.cost ?? 0);
  }
}
