const SWEEP_AT = 10_000;

/**
 * Counts login attempts per client address in a sliding window. An attempt is counted before its
 * password is checked, so concurrent attempts cannot all slip in before the first one fails.
 */
export class LoginThrottle {
  private attempts = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts an attempt at `now` and returns 0, or returns the seconds to wait when the window is full. */
  take(address: string, now = Date.now()): number {
    // Addresses that stopped trying are forgotten, so many of them cannot grow the map for ever.
    if (this.attempts.size >= SWEEP_AT) for (const other of [...this.attempts.keys()]) this.recent(other, now);
    const recent = this.recent(address, now);
    if (recent.length >= this.limit) return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    recent.push(now);
    this.attempts.set(address, recent);
    return 0;
  }

  /** Uncounts the attempt taken at `at`: it signed in, or its password was never checked. */
  giveBack(address: string, at: number) {
    const recent = this.attempts.get(address);
    const i = recent?.indexOf(at) ?? -1;
    if (i >= 0) recent!.splice(i, 1);
  }

  private recent(address: string, now: number): number[] {
    const kept = (this.attempts.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.attempts.delete(address);
    return kept;
  }
}
