/**
 * Accounting: what each relayed request cost, the counters per day, hour, channel, model and
 * key, the request logs, and API-key budgets. Nothing here is on the request's own path but an
 * in-memory budget check; writes happen in batches on timers and at shutdown.
 */
import { loggableError } from "../db/errors";
import type { LogSource } from "../db/schema/tables";
import type { LogEntry } from "../db/stores/logs";
import type { Stores } from "../db/stores";
import type { Lifecycle } from "../lifecycle";
import type { IRError, IRUsage } from "../protocols/ir";
import type { CapturedBodies, RelayOutcome } from "./outcome";
import type { AppState } from "../state";
import { RateLimits } from "./rate-limits";
import { Budget, type Admission } from "./budget";
import { costOf } from "./cost";
import { LogWriter } from "./logs";
import type { Catalog } from "./catalog";
import { syncPriceRows } from "./price-rows";
import { PriceBook } from "./prices";
import type { CatalogStatus } from "./catalog-status";
import { statEvent, Stats } from "./stats";
import { log } from "../log";
import { announce } from "../fleet/changes";
import { redact } from "../secrets";

/** What a request may cost at most, for budgets: its size in tokens at the dearest candidate's price. */
export interface CostEstimate {
  inputTokens: number;
  maxOutputTokens: number;
  /** Channel and model of each candidate that may serve it. */
  candidates: { channelId: number; model: string }[];
}

/** What a channel test reports: a relayed request's outcome, made by no API key. */
export type TestOutcome = Omit<RelayOutcome, "apiKey"> & { apiKey: Pick<RelayOutcome["apiKey"], "id" | "name"> };

const tokenCounts = (usage: IRUsage) => ({
  input_tokens: usage.inputTokens,
  output_tokens: usage.outputTokens,
  cache_read_tokens: usage.cacheReadTokens,
  cache_write_tokens: usage.cacheWriteTokens,
  reasoning_tokens: usage.reasoningTokens,
});

/** How often the spend of keys with a budget is shared with the other instances on the database. */
const BUDGET_SYNC_MS = 1000;

/** The admission of a key without a budget: nothing to hold or release. */
const UNLIMITED: Admission = { release() {} };

export class Accounting {
  readonly stats: Stats;
  readonly logs: LogWriter;
  readonly prices: PriceBook;
  readonly budget: Budget;
  readonly rateLimits: RateLimits;
  /** The next run of each periodic task, by name. */
  /** Called with every relayed request recorded (for /metrics). */
  onRecord?: (entry: LogEntry) => void;
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly stores: Stores,
    private readonly state: AppState,
    private readonly catalog: Catalog,
    /** This instance's name among those sharing the database; none: stats are not recovered after a crash. */
    private readonly instance?: string,
    /** How many instances share the database, for budgets. */
    instances: () => number = () => 1,
  ) {
    this.stats = new Stats(stores.stats, instance ? { instance, logs: stores.logs } : undefined);
    this.logs = new LogWriter(stores.logs);
    this.prices = new PriceBook(catalog);
    this.budget = new Budget(this.stats, instances);
    this.rateLimits = new RateLimits(() => ({
      rpm: state.settings.apikey_rpm,
      tpm: state.settings.apikey_tpm,
      max_concurrency: state.settings.apikey_max_concurrency,
    }));
  }

  async start(lifecycle: Lifecycle) {
    await this.stats.loadKeyCosts();
    const recovered = await this.stats.recover();
    if (recovered > 0) log.info("counted requests a crash had kept out of the stats", { requests: recovered });
    await this.syncPrices();
    this.every("stats", () => this.state.settings.stats_save_interval * 60_000, () => this.stats.flush());
    this.every("logs", () => 1000, () => this.logs.flush());
    if (this.stores.db.dialect !== "sqlite") {
      // Every instance writes a budgeted key's spend on the second and reads all of it at the half
      // second (clocks agree within far less): so all read the same stored spend (see budget.ts).
      const until = (offset: number) => () => BUDGET_SYNC_MS - ((Date.now() - offset) % BUDGET_SYNC_MS);
      this.every("budget writes", until(0), async () => void (this.budgets().pending && (await this.stats.flush())));
      this.every("budget reads", until(BUDGET_SYNC_MS / 2), async () => void (this.budgets().any && (await this.stats.loadKeyCosts())));
    }
    this.every("log retention", () => 3_600_000, () => this.logs.prune(this.state.settings.relay_log_keep_days), true);
    this.atMidnight();
    this.catalog.startPeriodic(
      () => this.state.settings.model_info_url,
      () => this.state.settings.model_info_update_interval,
      {
        onSync: (result) => {
          if (result.ok) void this.syncPrices().catch((e) => log.warn("prices not updated from the new catalog", { error: loggableError(e) }));
          else log.warn("price catalog sync failed; the last good catalog stays", { source: result.source, reason: result.reason });
        },
      },
    );
    lifecycle.onShutdown("stop accounting timers", () => this.stop());
    lifecycle.onShutdown("write request logs", () => this.logs.flush());
    lifecycle.onShutdown("write stats", async () => void (await this.stats.flush()));
  }

  async reloadPrices() {
    this.prices.load(await this.stores.prices.list());
  }

  /** After a change to the stored prices: reloads them here and tells the other instances. */
  async publishPrices() {
    await this.reloadPrices();
    await announce(this.stores, ["prices"]);
  }

  /** Syncs the price catalog now (the panel's "refresh prices"). */
  async syncCatalog() {
    const url = this.state.settings.model_info_url;
    if (!url) return { ok: false as const, source: "", reason: "model_info_url is empty: syncing is off", at: new Date() };
    const result = await this.catalog.sync(url);
    if (result.ok) await this.syncPrices();
    return result;
  }

  /** Where prices come from and how the last sync went (the panel's catalog card). */
  catalogStatus(): CatalogStatus {
    const last = this.catalog.lastSync;
    return {
      url: this.state.settings.model_info_url,
      source: this.catalog.source,
      models: this.catalog.size,
      last_sync_at: last ? last.at.getTime() : null,
      ok: last ? last.ok : null,
      ...(last && !last.ok && { reason: last.reason }),
    };
  }

  /** Gives every model that channels and groups name a visible price row, then reloads the book. */
  async syncPrices() {
    const models = [...this.state.channels.values()].flatMap((c) => c.models);
    for (const group of this.state.groups.values()) for (const item of group.items) models.push(item.model);
    await syncPriceRows(this.stores, this.catalog, models);
    await this.reloadPrices();
  }

  /** Whether any API key has a budget, and whether one has spend not yet written. */
  private budgets() {
    let any = false;
    for (const key of this.state.apiKeys.values()) {
      if (key.max_cost === null) continue;
      any = true;
      if (this.stats.pendingCost(key.id) > 0) return { any, pending: true };
    }
    return { any, pending: false };
  }

  /** Rate limits, then the budget; `estimate` is called only when the key has a budget. */
  admit(apiKey: RelayOutcome["apiKey"], estimate: () => CostEstimate): Admission | IRError {
    const limited = this.rateLimits.admit(apiKey);
    if ("kind" in limited) return limited;
    const budgeted = this.admitBudget(apiKey, estimate);
    if ("kind" in budgeted) {
      limited.release();
      return budgeted;
    }
    return {
      release() {
        limited.release();
        budgeted.release();
      },
    };
  }

  private admitBudget(apiKey: RelayOutcome["apiKey"], estimate: () => CostEstimate): Admission | IRError {
    if (apiKey.max_cost === null) return UNLIMITED;
    const { inputTokens, maxOutputTokens, candidates } = estimate();
    let dearest = 0;
    for (const c of candidates) {
      const { price } = this.prices.priceFor(c.channelId, c.model);
      const usd = costOf(
        { inputTokens, outputTokens: maxOutputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        price,
      );
      dearest = Math.max(dearest, usd);
    }
    return this.budget.admit(apiKey, dearest);
  }

  record(outcome: RelayOutcome, bodies: CapturedBodies = {}) {
    this.rateLimits.spend(outcome.apiKey.id, outcome.usage.inputTokens + outcome.usage.outputTokens);
    const entry = this.entry("relay", outcome, bodies);
    // The stats count from the same fields the log row keeps, so folding a row after a crash counts it alike.
    entry.seq = this.stats.record(statEvent(entry));
    this.onRecord?.(entry);
    if (this.state.settings.relay_log_enabled) this.logs.add(entry);
  }

  /** A channel test: its log row, marked as one and named by no instance (so never folded), counted in no stats or budget. */
  recordTest(outcome: TestOutcome, bodies: CapturedBodies = {}) {
    if (this.state.settings.relay_log_enabled) this.logs.add(this.entry("test", outcome, bodies));
  }

  private entry(source: LogSource, outcome: TestOutcome, bodies: CapturedBodies): LogEntry {
    const model = outcome.actualModel || outcome.model;
    return {
      time: outcome.time,
      source,
      instance: source === "relay" ? (this.instance ?? "") : "",
      seq: 0,
      api_key_id: outcome.apiKey.id,
      api_key_name: outcome.apiKey.name,
      format: outcome.format,
      model: outcome.model,
      channel_id: outcome.channelId,
      channel_name: outcome.channelName,
      actual_model: outcome.actualModel,
      status: outcome.status,
      ...tokenCounts(outcome.usage),
      cost: costOf(outcome.usage, this.prices.priceFor(outcome.channelId, model).price),
      ttfb_ms: outcome.ttfbMs,
      duration_ms: outcome.durationMs,
      // Upstream messages may quote a secret; successful requests have none to scan.
      error: outcome.error ? redact(outcome.error.message) : null,
      attempts: outcome.attempts.some((a) => a.error !== undefined)
        ? outcome.attempts.map((a) => (a.error === undefined ? a : { ...a, error: redact(a.error) }))
        : outcome.attempts,
      request_body: bodies.request ?? null,
      response_body: bodies.response ?? null,
    };
  }

  /** Runs `task` every `interval()` ms (read anew each time, so a setting change takes effect). */
  private every(name: string, interval: () => number, task: () => Promise<unknown>, now = false) {
    const run = async () => {
      await task().catch((e) => log.error(`periodic task failed: ${name}`, { error: loggableError(e) }));
      this.schedule(name, run, interval());
    };
    this.schedule(name, run, now ? 0 : interval());
  }

  /** Flushes at local midnight, so a day's counts are stored with that day. */
  private atMidnight() {
    const next = new Date();
    next.setHours(24, 0, 0, 0);
    this.schedule(
      "midnight",
      async () => {
        await this.stats.flush();
        this.atMidnight();
      },
      next.getTime() - Date.now(),
    );
  }

  private schedule(name: string, fn: () => void, ms: number) {
    if (this.stopped) return;
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    this.timers.set(name, timer);
  }

  private stop() {
    this.stopped = true;
    this.catalog.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
