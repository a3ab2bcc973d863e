/**
 * Values fetched per key by one call at a time: callers asking while a fetch is out share it. The
 * fetch runs to its own end (its own timeout) whoever stops waiting; each caller may stop waiting
 * when its own signal aborts.
 */
export class SharedFetches<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  get(key: string, fetch: () => Promise<T>, signal: AbortSignal): Promise<T> {
    let shared = this.inFlight.get(key);
    if (!shared) {
      shared = fetch().finally(() => this.inFlight.delete(key));
      // Every caller may have stopped waiting by the time it fails: the failure is theirs to see, not the process's.
      shared.catch(() => {});
      this.inFlight.set(key, shared);
    }
    return untilAborted(shared, signal);
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
