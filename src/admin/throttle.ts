const SWEEP_AT = 10_000;

/** Counts failed logins per client address in a sliding window. */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds the address must wait before trying again, or 0 when it may try now. */
  retryAfter(address: string, now = Date.now()): number {
    const recent = this.recent(address, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
  }

  fail(address: string, now = Date.now()) {
    // Addresses that stopped trying are forgotten, so many of them cannot grow the map for ever.
    if (this.failures.size >= SWEEP_AT) for (const other of [...this.failures.keys()]) this.recent(other, now);
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.set(address, recent);
  }

  private recent(address: string, now: number): number[] {
    const kept = (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(address);
    return kept;
  }
}
