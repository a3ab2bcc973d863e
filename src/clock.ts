/**
 * Time as the relay and routing read it and wait on it: the real one by default. Tests pass one
 * that runs faster, so the real timeout code paths fire in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** As the global setTimeout: the timer can be refreshed and cleared. */
  setTimeout(fn: () => void, ms: number): Timer;
}

export const REAL_CLOCK: Clock = {
  now: Date.now,
  sleep: (ms) => Bun.sleep(ms),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
};
