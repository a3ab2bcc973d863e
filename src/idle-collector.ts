/**
 * Gives memory back once the relay goes quiet. A burst of requests leaves the heap, and the native
 * buffers its garbage holds (upstream chunks, bodies), at their peak; on a quiet server nothing
 * allocates enough to start the collection that would free them, so RSS stays tens of MB above
 * idle until traffic comes back (bench/memory.ts, column "after"). Once no request has ended for
 * two whole ticks of a second and none is in flight, one full collection runs; the next one waits
 * for the next request. Never under load: a tick with a request in flight or ended only counts it.
 */
export class IdleCollector {
  private ended = 0;
  private endedAtLastTick = 0;
  /** Quiet ticks in a row; from QUIET_TICKS on, the collection has run. */
  private quietTicks = 0;
  private timer: Timer | undefined;

  constructor(
    /** Requests in flight now. */
    private readonly inFlight: () => number,
    private readonly collect: () => void = () => Bun.gc(true),
  ) {}

  static readonly QUIET_TICKS = 2;

  /** A relayed request ended. */
  requestEnded() {
    this.ended++;
  }

  start(tickMs = 1000) {
    this.timer = setInterval(() => this.tick(), tickMs);
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
    if (++this.quietTicks === IdleCollector.QUIET_TICKS) this.collect();
  }
}
