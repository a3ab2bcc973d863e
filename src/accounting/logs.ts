/**
 * Request logs, written in batches off the request path: every second, and as soon as a batch
 * is full, so that a busy relay holds few entries in memory. A failed write keeps the entries for
 * the next one (up to a bound, oldest dropped first); listeners see each entry as it arrives.
 */
import type { LogEntry, logStore } from "../db/stores/logs";
import { loggableError } from "../db/errors";
import { log } from "../log";

type LogStore = ReturnType<typeof logStore>;

/** Entries kept in memory at most while the database cannot take them. */
export const MAX_QUEUED = 10_000;
/** Entries per write. */
export const BATCH = 500;
/** Entries waiting to be written from which a reader no longer waits for them: the relay is busy. */
export const BUSY_QUEUE = 100;

export class LogWriter {
  private queue: LogEntry[] = [];
  private listeners = new Set<(entry: LogEntry) => void>();
  private writing: Promise<void> | undefined;
  /** The last write failed: full batches wait for the timer instead of retrying at once. */
  private failing = false;
  /** Entries dropped since the last warning about it. */
  private dropped = 0;
  /** Entries dropped since start. */
  droppedTotal = 0;

  constructor(private readonly store: LogStore) {}

  add(entry: LogEntry) {
    this.queue.push(entry);
    if (this.queue.length > MAX_QUEUED) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED).length;
      this.dropped += dropped;
      this.droppedTotal += dropped;
    }
    for (const listener of this.listeners) listener(entry);
    if (this.queue.length >= BATCH && !this.failing && !this.writing) void this.flush();
  }

  /** Entries waiting to be written. */
  get queued() {
    return this.queue.length;
  }

  /** Calls `listener` with every new entry until the returned function is called. */
  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes what is queued now; called during a write, it waits for that one and then writes what is
   * left (unless that write failed: the timer retries). Entries queued meanwhile are not waited
   * for: under a busy relay on a server database they keep coming while each batch is on the wire,
   * and a log list flushing first would wait until the relay went quiet.
   */
  flush(): Promise<void> {
    if (this.writing) return this.writing.then(() => (this.failing ? undefined : this.flush()));
    return (this.writing = this.write().finally(() => (this.writing = undefined)));
  }

  /**
   * What a reader of the logs waits for. On a quiet relay (fewer than BUSY_QUEUE entries waiting)
   * the flush, so a list shows the request just made. On a busy one nothing: each batch takes
   * tens of milliseconds to write under load and the queue refills meanwhile, so a reader would
   * wait behind the relay's writes; it reads what is written, a batch or two behind (the panel
   * shows newer entries from the live stream).
   */
  beforeRead(): Promise<void> {
    return this.queue.length < BUSY_QUEUE ? this.flush() : Promise.resolve();
  }

  private async write() {
    let left = this.queue.length;
    while (left > 0 && this.queue.length > 0) {
      const batch = this.queue.slice(0, Math.min(BATCH, left));
      left -= batch.length;
      try {
        await this.store.insert(batch);
        this.failing = false;
      } catch (e) {
        this.failing = true;
        log.error("request log write failed; entries kept for the next write", { error: loggableError(e), queued: this.queue.length });
        break;
      }
      // Not splice(0, n): entries may have been dropped from the front meanwhile.
      const written = new Set(batch);
      this.queue = this.queue.filter((e) => !written.has(e));
    }
    if (this.dropped > 0) {
      log.warn("request log queue was full; oldest entries dropped", { dropped: this.dropped });
      this.dropped = 0;
    }
  }

  /** Deletes logs older than `days`. */
  async prune(days: number) {
    const deleted = await this.store.deleteBefore(Date.now() - days * 86_400_000);
    if (deleted.rows > 0) log.info("request logs past their keep days deleted", { days, ...deleted });
    return deleted;
  }
}
