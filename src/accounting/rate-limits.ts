/**
 * Per-key rate limits, in memory on the request path: requests per minute (`rpm`), tokens per
 * minute (`tpm`: input + output, counted from each request's usage when it ends) and requests in
 * flight (`max_concurrency`). A key's own limit wins; null takes the default for all keys from
 * settings; 0 is no limit. Minutes slide by the second: what was counted in the last 60 seconds,
 * the current one included, counts. Each instance counts what it serves: with several instances on
 * one database a key can reach each limit once per instance.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { IRError } from "../protocols/ir";
import type { Admission } from "./budget";

const WINDOW_SECONDS = 60;

export type LimitedKey = Pick<ApiKeyRow, "id" | "rpm" | "tpm" | "max_concurrency">;
export interface Limits {
  rpm: number;
  tpm: number;
  max_concurrency: number;
}

/**
 * A key's use in the window, counted per second in a ring of one-second buckets (bucket = second
 * % 60): its memory stays the same at any rate. Every key's use is counted, limited or not, for the
 * panel; kept per request, a busy key's minute held an object per request it served.
 */
interface KeyUse {
  /** The second each bucket counts. */
  seconds: Float64Array;
  /** Admissions per bucket. */
  requests: Uint32Array;
  /** Tokens of finished requests per bucket. */
  tokens: Float64Array;
  requestSum: number;
  tokenSum: number;
  inFlight: number;
  /** The second up to which old buckets were emptied. */
  expired: number;
}

const secondOf = (ms: number) => Math.floor(ms / 1000);

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
    return { rpm: u?.requestSum ?? 0, tpm: u?.tokenSum ?? 0, concurrency: u?.inFlight ?? 0 };
  }

  /** Admits a request, held until its release; or why not, with when to retry. */
  admit(key: LimitedKey): Admission | IRError {
    const limits = this.limits(key);
    const now = this.now();
    const u = this.window(key.id) ?? this.start(key.id);
    if (limits.max_concurrency > 0 && u.inFlight >= limits.max_concurrency)
      return refused(`this API key is limited to ${limits.max_concurrency} concurrent requests`, 1000);
    if (limits.rpm > 0 && u.requestSum >= limits.rpm)
      return refused(`this API key is limited to ${limits.rpm} requests per minute`, this.underLimitIn(u, u.requests, u.requestSum, limits.rpm, now));
    if (limits.tpm > 0 && u.tokenSum >= limits.tpm)
      return refused(`this API key is limited to ${limits.tpm} tokens per minute`, this.underLimitIn(u, u.tokens, u.tokenSum, limits.tpm, now));
    u.requests[this.bucket(u, now)]++;
    u.requestSum++;
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
    const u = this.window(keyId) ?? this.start(keyId);
    u.tokens[this.bucket(u, this.now())] += tokens;
    u.tokenSum += tokens;
  }

  private start(keyId: number): KeyUse {
    const u: KeyUse = {
      seconds: new Float64Array(WINDOW_SECONDS).fill(-Infinity),
      requests: new Uint32Array(WINDOW_SECONDS),
      tokens: new Float64Array(WINDOW_SECONDS),
      requestSum: 0,
      tokenSum: 0,
      inFlight: 0,
      expired: secondOf(this.now()),
    };
    this.use.set(keyId, u);
    return u;
  }

  /** The bucket of the second `ms` falls in, emptied first if it still counts an older second. */
  private bucket(u: KeyUse, ms: number): number {
    const second = secondOf(ms);
    const i = second % WINDOW_SECONDS;
    if (u.seconds[i] !== second) {
      this.empty(u, i);
      u.seconds[i] = second;
    }
    return i;
  }

  private empty(u: KeyUse, i: number) {
    u.requestSum -= u.requests[i];
    u.tokenSum -= u.tokens[i];
    u.requests[i] = 0;
    u.tokens[i] = 0;
  }

  /** In how many ms enough of the oldest seconds leave the window to bring `sum` under `limit`. */
  private underLimitIn(u: KeyUse, counts: Uint32Array | Float64Array, sum: number, limit: number, now: number): number {
    const current = secondOf(now);
    for (let second = current - WINDOW_SECONDS + 1; second <= current; second++) {
      const i = second % WINDOW_SECONDS;
      if (u.seconds[i] !== second) continue;
      sum -= counts[i];
      if (sum < limit) return (second + WINDOW_SECONDS) * 1000 - now;
    }
    return 1000;
  }

  /** The key's use with the seconds older than a minute emptied; a key using nothing is forgotten. */
  private window(keyId: number): KeyUse | undefined {
    const u = this.use.get(keyId);
    if (!u) return undefined;
    const current = secondOf(this.now());
    if (current !== u.expired) {
      u.expired = current;
      for (let i = 0; i < WINDOW_SECONDS; i++) if (u.seconds[i] <= current - WINDOW_SECONDS) this.empty(u, i);
    }
    if (u.requestSum === 0 && u.tokenSum === 0 && u.inFlight === 0) {
      this.use.delete(keyId);
      return undefined;
    }
    return u;
  }
}
