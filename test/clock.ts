/** A clock that runs `speed` times faster than the real one: the relay's real timers, in milliseconds. */
import type { Clock } from "../src/clock";

export interface FastClock extends Clock {
  speed: number;
}

export function fastClock(speed: number): FastClock {
  const epoch = Date.now();
  const origin = performance.now();
  // Rounded up, as timers are: a wait never ends before the time it waited for.
  const real = (ms: number) => Math.ceil(ms / speed);
  return {
    speed,
    now: () => epoch + (performance.now() - origin) * speed,
    sleep: (ms) => Bun.sleep(real(ms)),
    setTimeout: (fn, ms) => setTimeout(fn, real(ms)),
  };
}
