/**
 * Counters aggregated in memory and flushed to the database as additive deltas, so no request
 * waits on a write and several instances sharing a database add up instead of overwriting.
 * Reads merge what is stored with what is still pending.
 *
 * Crash safety: each request gets a number (`seq`) from its instance, and its log row carries the
 * instance's name and that number. Each flush records, in the transaction that adds its deltas,
 * the last number it covers (the instance's mark). At start the instance folds its own rows past
 * its mark into the stats, so a crash loses only what the log had not written yet (about a
 * second). Each instance folds only rows it wrote itself: no other instance counts them, so
 * nothing is counted twice or skipped, whatever the others do meanwhile.
 */
import type { LogEntry, logStore } from "../db/stores/logs";
import type { Counters, StatDelta, StatMark, StatScope, statStore } from "../db/stores/stats";
import { COUNTERS, STAT_SCOPES, zeroCounters } from "../db/stores/stats";
import { log } from "../log";
import { loggableError } from "../db/errors";

type StatStore = ReturnType<typeof statStore>;

/** The instance's name and its request logs, for the marks; without it stats are memory-only until flushed. */
export interface StatLedger {
  instance: string;
  logs: Pick<ReturnType<typeof logStore>, "lastId" | "after">;
}

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

type StatRow = Pick<
  LogEntry,
  "time" | "channel_id" | "model" | "actual_model" | "api_key_id" | "status" | "error" | "cost" | "ttfb_ms" | Exclude<keyof StatEvent["counters"], "wait_ms">
>;

/** What a request (as its log row says) adds to the stats: kept under the model that served it. */
export function statEvent(row: StatRow): StatEvent {
  return {
    time: row.time,
    channelId: row.channel_id,
    model: row.actual_model || row.model,
    apiKeyId: row.api_key_id,
    success: row.status >= 200 && row.status < 300 && row.error === null,
    counters: {
      input_tokens: row.input_tokens,
      output_tokens: row.output_tokens,
      cache_read_tokens: row.cache_read_tokens,
      cache_write_tokens: row.cache_write_tokens,
      reasoning_tokens: row.reasoning_tokens,
      cost: row.cost,
      wait_ms: row.ttfb_ms,
    },
  };
}

/** Pending deltas by scope, then by key (channel and API key ids as numbers: no string per request). */
type Pending = Record<StatScope, Map<string | number, StatDelta>>;
const emptyPending = () => Object.fromEntries(STAT_SCOPES.map((scope) => [scope, new Map()])) as Pending;

/** One request's counts added to `c`, field by field: several times faster than a loop over the names. */
function addEvent(c: Counters, event: StatEvent) {
  const n = event.counters;
  c.requests += 1;
  c.success += event.success ? 1 : 0;
  c.failed += event.success ? 0 : 1;
  c.input_tokens += n.input_tokens;
  c.output_tokens += n.output_tokens;
  c.cache_read_tokens += n.cache_read_tokens;
  c.cache_write_tokens += n.cache_write_tokens;
  c.reasoning_tokens += n.reasoning_tokens;
  c.cost += n.cost;
  c.wait_ms += n.wait_ms;
}

function addInto(target: Counters, delta: Counters) {
  for (const c of COUNTERS) target[c] += delta[c];
}

export class Stats {
  private pending = emptyPending();
  /** Per API key, the cost this instance wrote since the stored costs were last read. */
  private unreadWritten = new Map<number, number>();
  /** Per API key, the cost stored in the database when last read: budgets add pending to it. */
  private storedKeyCost = new Map<string, number>();
  private clock = { minute: NaN, day: "", hour: "" };
  /** The number of the last request recorded. */
  private seq = 0;
  /** Flushes so far, those that failed, and the time they took (for /metrics). */
  readonly flushes = { count: 0, failures: 0, seconds: 0 };
  /** Flushes run one after another, so marks only move forward. */
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: StatStore,
    private readonly ledger?: StatLedger,
  ) {}

  /**
   * Reads what budgets need from the database: at start, and every second on a shared database
   * (the others' spend). Never while this instance writes, so what it wrote is either read or unread.
   */
  loadKeyCosts(): Promise<void> {
    const read = this.flushing.then(async () => {
      this.storedKeyCost = await this.store.keyCosts();
      this.unreadWritten.clear();
    });
    this.flushing = read.catch(() => {});
    return read;
  }

  /**
   * Folds this instance's log rows past its mark into the stats and writes them, before it serves:
   * the requests a crash kept out of the stats. Numbering goes on after them. Returns how many.
   */
  async recover(): Promise<number> {
    if (!this.ledger) return 0;
    const { instance, logs } = this.ledger;
    const mark = (await this.store.mark(instance)) ?? { instance, seq: 0, log_id: 0 };
    const rows = await logs.after(mark);
    for (const row of rows) this.count(statEvent(row));
    this.seq = Math.max(mark.seq, rows.at(-1)?.seq ?? 0);
    if (rows.length > 0) await this.flush();
    return rows.length;
  }

  /** Counts one request; returns its number, for its log row. */
  record(event: StatEvent): number {
    this.count(event);
    return ++this.seq;
  }

  private count(event: StatEvent) {
    const { day, hour } = this.timeKeys(event.time);
    this.add("total", "", event);
    this.add("daily", day, event);
    this.add("hourly", hour, event);
    this.add("channel", event.channelId, event);
    this.add("model", event.model, event);
    this.add("apikey", event.apiKeyId, event);
  }

  /** Local day and hour keys, formatted once a minute: no time zone is off UTC by part of a minute. */
  private timeKeys(time: number) {
    const minute = Math.floor(time / 60_000);
    if (minute !== this.clock.minute) {
      const t = new Date(time);
      this.clock = { minute, day: dayKey(t), hour: hourKey(t) };
    }
    return this.clock;
  }

  private add(scope: StatScope, key: string | number, event: StatEvent) {
    const deltas = this.pending[scope];
    let entry = deltas.get(key);
    if (!entry) deltas.set(key, (entry = { scope, key: String(key), counters: zeroCounters() }));
    addEvent(entry.counters, event);
  }

  /** Writes the pending deltas; on failure they stay pending (merged with newer ones) for the next flush. */
  flush(): Promise<boolean> {
    const done = this.flushing.then(async () => {
      const started = performance.now();
      const ok = await this.write();
      this.flushes.count++;
      this.flushes.failures += ok ? 0 : 1;
      this.flushes.seconds += (performance.now() - started) / 1000;
      return ok;
    });
    this.flushing = done.catch(() => {});
    return done;
  }

  private async write(): Promise<boolean> {
    if (STAT_SCOPES.every((scope) => this.pending[scope].size === 0)) return true;
    let mark: StatMark | undefined;
    if (this.ledger) {
      // Read before the cut below: the rows of later requests are inserted after it, so above it.
      const logId = await this.ledger.logs.lastId().catch((e: Error) => e);
      if (logId instanceof Error) return this.failed(logId);
      mark = { instance: this.ledger.instance, seq: this.seq, log_id: logId };
    }
    const batch = this.pending;
    const deltas = STAT_SCOPES.flatMap((scope) => [...batch[scope].values()]);
    this.pending = emptyPending();
    const written = (delta: number) => {
      for (const [id, { counters }] of batch.apikey) this.unreadWritten.set(id as number, (this.unreadWritten.get(id as number) ?? 0) + delta * counters.cost);
    };
    written(1);
    try {
      await this.store.add(deltas, mark);
    } catch (e) {
      written(-1);
      for (const scope of STAT_SCOPES)
        for (const [key, delta] of batch[scope]) {
          const newer = this.pending[scope].get(key);
          if (newer) addInto(delta.counters, newer.counters);
          this.pending[scope].set(key, delta);
        }
      return this.failed(e as Error);
    }
    return true;
  }

  private failed(e: Error) {
    log.error("stats flush failed; the counts are kept for the next flush", { error: loggableError(e) });
    return false;
  }

  /** Stored rows plus pending deltas, by key. */
  async read(scope: StatScope): Promise<{ key: string; counters: Counters }[]> {
    const merged = new Map((await this.store.list(scope)).map((r) => [r.key, { ...r.counters }]));
    for (const delta of this.pending[scope].values()) {
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
    return (this.storedKeyCost.get(String(apiKeyId)) ?? 0) + this.unread(apiKeyId);
  }

  /** What this instance spent for the key since the stored costs were last read. */
  unread(apiKeyId: number): number {
    return this.pendingCost(apiKeyId) + (this.unreadWritten.get(apiKeyId) ?? 0);
  }

  /** What this instance spent for the key and has not written yet. */
  pendingCost(apiKeyId: number): number {
    return this.pending.apikey.get(apiKeyId)?.counters.cost ?? 0;
  }
}
