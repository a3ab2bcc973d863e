import { describe, expect, test } from "bun:test";
import { Health } from "./health";
import { classifyStatus, isRetryable } from "./retry";

function clock() {
  const c = { t: 1_000_000, now: () => c.t };
  return c;
}

describe("circuit breaker", () => {
  test("closed → open after 3 failures → half-open with one probe → closed on success", () => {
    const c = clock();
    const h = new Health({ now: c.now, threshold: 3, baseCooldownMs: 10_000, maxCooldownMs: 40_000 });
    const id = Health.circuitId(1, 2, "m");
    h.circuitFailed(id, "500");
    h.circuitFailed(id, "500");
    expect(h.circuitState(id)).toBe("closed");
    h.circuitFailed(id, "502");
    expect(h.circuitState(id)).toBe("open");
    expect(h.circuitUsable(id)).toBe(false);
    expect(h.circuitReadyAt(id)).toBe(c.t + 10_000);
    c.t += 10_000;
    expect(h.circuitState(id)).toBe("half_open");
    expect(h.circuitUsable(id)).toBe(true);
    h.circuitBegin(id);
    expect(h.circuitUsable(id)).toBe(false); // one probe at a time
    h.circuitSucceeded(id);
    expect(h.circuitState(id)).toBe("closed");
    expect(h.circuitUsable(id)).toBe(true);
  });

  test("a failed probe reopens with a doubled cooldown, up to the cap", () => {
    const c = clock();
    const h = new Health({ now: c.now, threshold: 1, baseCooldownMs: 10_000, maxCooldownMs: 25_000 });
    const id = Health.circuitId(1, 2, "m");
    const cooldowns: number[] = [];
    for (let i = 0; i < 4; i++) {
      h.circuitBegin(id);
      h.circuitFailed(id, "boom");
      cooldowns.push(h.circuitReadyAt(id) - c.t);
      c.t = h.circuitReadyAt(id);
    }
    expect(cooldowns).toEqual([10_000, 20_000, 25_000, 25_000]);
  });

  test("a probe that never reports back stops blocking after a minute", () => {
    const c = clock();
    const h = new Health({ now: c.now, threshold: 1, baseCooldownMs: 1000 });
    const id = Health.circuitId(1, 1, "m");
    h.circuitFailed(id, "x");
    c.t += 1000;
    h.circuitBegin(id);
    expect(h.circuitUsable(id)).toBe(false);
    c.t += 60_001;
    expect(h.circuitUsable(id)).toBe(true);
  });
});

describe("keys and endpoints", () => {
  test("a refused key is failed until its cooldown or until its channel is saved again; 429 cools for retry-after", () => {
    const c = clock();
    const h = new Health({ now: c.now, authCooldownMs: 600_000 });
    h.keyFailed(5, "401 invalid key");
    expect(h.keyUsable(5, c.t - 1)).toBe(false);
    expect(h.keyUsable(5, c.t + 1)).toBe(true); // saved after the failure
    c.t += 600_000;
    expect(h.keyUsable(5)).toBe(true);
    h.keyCooling(6, "429", 30_000);
    expect(h.keyUsable(6)).toBe(false);
    expect(h.keyUsable(6, c.t + 1)).toBe(false); // saving the channel does not lift a rate limit
    expect(h.keyReadyAt(6)).toBe(c.t + 30_000);
    h.keyWorked(6);
    expect(h.keyUsable(6)).toBe(true);
  });

  test("endpoint latency is a moving average; failures cool it down, doubling", () => {
    const c = clock();
    const h = new Health({ now: c.now, shortCooldownMs: 1000, maxCooldownMs: 3000 });
    h.endpointLatency(1, "u", 100);
    h.endpointLatency(1, "u", 200);
    expect(h.endpoint(1, "u").latencyMs).toBeCloseTo(130, 9);
    h.endpointFailed(1, "u", "refused");
    expect(h.endpoint(1, "u").until).toBe(c.t + 1000);
    h.endpointFailed(1, "u", "refused");
    h.endpointFailed(1, "u", "refused");
    expect(h.endpoint(1, "u").until).toBe(c.t + 3000);
  });
});

describe("retry classification", () => {
  test("statuses", () => {
    expect([401, 403, 429, 408, 504, 503, 529, 500, 502, 400, 404, 413, 422].map(classifyStatus)).toEqual([
      "auth", "auth", "rate_limit", "timeout", "timeout", "overloaded", "overloaded", "server", "server", "invalid", "invalid", "invalid", "invalid",
    ]);
    expect(isRetryable("invalid")).toBe(false);
    for (const kind of ["auth", "rate_limit", "overloaded", "server", "timeout", "connection"] as const) expect(isRetryable(kind)).toBe(true);
  });
});
