/**
 * Request logs, written in batches off the request path. A failed write keeps the entries for
 * the next one (up to a bound, oldest dropped first); listeners see each entry as it arrives.
 */
import type { LogEntry, logStore } from "../db/stores/logs";
import { log } from "../log";

type LogStore = ReturnType<typeof logStore>;

/** Entries kept in memory at most while the database cannot take them. */
const MAX_QUEUED = 10_000;
/** Entries per write. */
const BATCH = 500;

export class LogWriter {
  private queue: LogEntry[] = [];
  private listeners = new Set<(entry: LogEntry) => void>();
  private writing: Promise<void> | undefined;

  constructor(private readonly store: LogStore) {}

  add(entry: LogEntry) {
    this.queue.push(entry);
    if (this.queue.length > MAX_QUEUED) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED).length;
      log.warn("request log queue full; oldest entries dropped", { dropped });
    }
    for (const listener of this.listeners) listener(entry);
  }

  /** Calls `listener` with every new entry until the returned function is called. */
  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is queued; concurrent calls share one write. */
  flush(): Promise<void> {
    return (this.writing ??= this.write().finally(() => (this.writing = undefined)));
  }

  private async write() {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      try {
        await this.store.insert(batch);
      } catch (e) {
        log.error("request log write failed; entries kept for the next write", { error: (e as Error).message });
        return;
      }
      // Not splice(0, n): entries may have been dropped from the front meanwhile.
      const written = new Set(batch);
      this.queue = this.queue.filter((e) => !written.has(e));
    }
  }

  /** Deletes logs older than `days`. */
  prune(days: number) {
    return this.store.deleteBefore(Date.now() - days * 86_400_000);
  }
}
