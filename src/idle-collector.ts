/**
 * Gives memory back once the relay goes quiet. A burst of requests leaves the heap, and the native
 * buffers its garbage holds (upstream chunks, bodies), at their peak; on a quiet server nothing
 * allocates enough to start the collection that would free them, so RSS stays tens of MB above
 * idle until traffic comes back (bench/memory.ts, column "after"). Once no request has ended for
 * two whole ticks and none is in flight, one full collection runs, if RSS has grown by GROWTH since
 * the last one: a full collection takes ~10 ms of the thread, which light traffic should not pay
 * after every request. Never under load: a tick that sees a request in flight or ended only counts it.
 */
export class IdleCollector {
  private ended = 0;
  private endedAtLastTick = 0;
  /** Quiet ticks in a row; from QUIET_TICKS on, this quiet spell has been looked at. */
  private quietTicks = 0;
  /** RSS right after the last collection. */
  private collectedAt = 0;
  private timer: Timer | undefined;

  static readonly QUIET_TICKS = 2;
  static readonly TICK_MS = 500;
  static readonly GROWTH = 8 * 1024 * 1024;

  constructor(
    /** Requests in flight now. */
    private readonly inFlight: () => number,
    private readonly rss: () => number = () => process.memoryUsage.rss(),
    private readonly collect: () => void = () => Bun.gc(true),
  ) {}

  /** A relayed request ended. */
  requestEnded() {
    this.ended++;
  }

  start() {
    this.timer = setInterval(() => this.tick(), IdleCollector.TICK_MS);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  tick() {
    if (this.ended !== this.endedAtLastTick || this.inFlight() > 0) {
      this.endedAtLastTick = this.ended;
      this.quietTicks = 0;
      return;
    }
    if (++this.quietTicks !== IdleCollector.QUIET_TICKS || this.rss() - this.collectedAt < IdleCollector.GROWTH) return;
    this.collect();
    this.collectedAt = this.rss();
  }
}
