/**
 * Per-key rate limits, in memory on the request path: requests per minute (`rpm`), tokens per
 * minute (`tpm`: input + output, counted from each request's usage when it ends) and requests in
 * flight (`max_concurrency`). A key's own limit wins; null takes the default for all keys from
 * settings; 0 is no limit. Minutes slide: the last 60 seconds count. Each instance counts what it
 * serves: with several instances on one database a key can reach each limit once per instance.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { IRError } from "../protocols/ir";
import type { Admission } from "./budget";

const WINDOW_MS = 60_000;

export type LimitedKey = Pick<ApiKeyRow, "id" | "rpm" | "tpm" | "max_concurrency">;
export interface Limits {
  rpm: number;
  tpm: number;
  max_concurrency: number;
}

interface KeyUse {
  /** Admission times in the window, oldest first. */
  requests: number[];
  /** Tokens of finished requests in the window, oldest first. */
  tokens: { at: number; n: number }[];
  tokenSum: number;
  inFlight: number;
}

const refused = (message: string, retryAfterMs: number): IRError => ({
  status: 429,
  kind: "rate_limit",
  message,
  retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)),
});

export class RateLimits {
  private use = new Map<number, KeyUse>();

  constructor(
    private readonly defaults: () => Limits,
    private readonly now: () => number = Date.now,
  ) {}

  limits(key: LimitedKey): Limits {
    const d = this.defaults();
    return { rpm: key.rpm ?? d.rpm, tpm: key.tpm ?? d.tpm, max_concurrency: key.max_concurrency ?? d.max_concurrency };
  }

  /** What the key used in the last minute, and its requests in flight now. */
  current(keyId: number) {
    const u = this.window(keyId);
    return { rpm: u?.requests.length ?? 0, tpm: u?.tokenSum ?? 0, concurrency: u?.inFlight ?? 0 };
  }

  /** Admits a request, held until its release; or why not, with when to retry. */
  admit(key: LimitedKey): Admission | IRError {
    const limits = this.limits(key);
    const now = this.now();
    const u = this.window(key.id) ?? this.start(key.id);
    if (limits.max_concurrency > 0 && u.inFlight >= limits.max_concurrency)
      return refused(`this API key is limited to ${limits.max_concurrency} concurrent requests`, 1000);
    if (limits.rpm > 0 && u.requests.length >= limits.rpm)
      return refused(`this API key is limited to ${limits.rpm} requests per minute`, u.requests[u.requests.length - limits.rpm] + WINDOW_MS - now);
    if (limits.tpm > 0 && u.tokenSum >= limits.tpm) {
      // Ready once enough of the oldest tokens left the window to bring the sum under the limit.
      let sum = u.tokenSum;
      const freeing = u.tokens.find((t) => (sum -= t.n) < limits.tpm)!;
      return refused(`this API key is limited to ${limits.tpm} tokens per minute`, freeing.at + WINDOW_MS - now);
    }
    u.requests.push(now);
    u.inFlight++;
    const use = u;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        use.inFlight--;
      },
    };
  }

  /** Counts a finished request's tokens (input + output) against the key's per-minute tokens. */
  spend(keyId: number, tokens: number) {
    if (tokens <= 0) return;
    const u = this.use.get(keyId) ?? this.start(keyId);
    u.tokens.push({ at: this.now(), n: tokens });
    u.tokenSum += tokens;
  }

  private start(keyId: number): KeyUse {
    const u = { requests: [], tokens: [], tokenSum: 0, inFlight: 0 };
    this.use.set(keyId, u);
    return u;
  }

  /** The key's use with everything older than a minute dropped; a key using nothing is forgotten. */
  private window(keyId: number): KeyUse | undefined {
    const u = this.use.get(keyId);
    if (!u) return undefined;
    const since = this.now() - WINDOW_MS;
    let r = 0;
    while (r < u.requests.length && u.requests[r] <= since) r++;
    if (r > 0) u.requests.splice(0, r);
    let t = 0;
    while (t < u.tokens.length && u.tokens[t].at <= since) u.tokenSum -= u.tokens[t++].n;
    if (t > 0) u.tokens.splice(0, t);
    if (u.requests.length === 0 && u.tokens.length === 0 && u.inFlight === 0) {
      this.use.delete(keyId);
      return undefined;
    }
    return u;
  }
}
