import { expect, test } from "bun:test";
import { RateLimits, type LimitedKey } from "./rate-limits";

const setup = (defaults = { rpm: 0, tpm: 0, max_concurrency: 0 }) => {
  const clock = { t: 1_000_000 };
  return { clock, limits: new RateLimits(() => defaults, () => clock.t) };
};
const key = (over: Partial<LimitedKey> = {}): LimitedKey => ({ id: 1, rpm: null, tpm: null, max_concurrency: null, ...over });
const retryAfter = (r: unknown) => ("kind" in (r as object) ? (r as { retryAfter: number }).retryAfter : undefined);

test("rpm: a sliding minute; the refusal says when the oldest request leaves it", () => {
  const { clock, limits } = setup();
  const k = key({ rpm: 2 });
  limits.admit(k);
  clock.t += 20_000;
  limits.admit(k);
  const refused = limits.admit(k);
  expect(refused).toMatchObject({ status: 429, kind: "rate_limit", message: "this API key is limited to 2 requests per minute", retryAfter: 40 });
  clock.t += 40_000;
  expect("release" in limits.admit(k)).toBe(true);
  expect(limits.current(1).rpm).toBe(2);
});

test("tpm: tokens of finished requests count for a minute; refused until enough have left", () => {
  const { clock, limits } = setup();
  const k = key({ tpm: 100 });
  limits.spend(1, 60);
  clock.t += 10_000;
  limits.spend(1, 50);
  expect(limits.current(1).tpm).toBe(110);
  expect(retryAfter(limits.admit(k))).toBe(50);
  clock.t += 50_000;
  expect(limits.current(1).tpm).toBe(50);
  expect("release" in limits.admit(k)).toBe(true);
});

test("max_concurrency: held until released, released once", () => {
  const { limits } = setup();
  const k = key({ max_concurrency: 2 });
  const a = limits.admit(k) as { release(): void };
  limits.admit(k);
  expect(limits.admit(k)).toMatchObject({ status: 429, retryAfter: 1 });
  a.release();
  a.release();
  expect(limits.current(1).concurrency).toBe(1);
  expect("release" in limits.admit(k)).toBe(true);
});

test("null takes the settings' default, 0 is no limit even under a default; a key using nothing is forgotten", () => {
  const { clock, limits } = setup({ rpm: 1, tpm: 0, max_concurrency: 0 });
  expect(limits.limits(key())).toEqual({ rpm: 1, tpm: 0, max_concurrency: 0 });
  (limits.admit(key()) as { release(): void }).release();
  expect("kind" in limits.admit(key())).toBe(true);
  for (let i = 0; i < 100; i++) expect("release" in limits.admit(key({ id: 2, rpm: 0 }))).toBe(true);
  clock.t += 60_001;
  expect(limits.current(1)).toEqual({ rpm: 0, tpm: 0, concurrency: 0 });
  expect((limits as unknown as { use: Map<number, unknown> }).use.has(1)).toBe(false);
});

test("a busy key: counted per second, its minute slides second by second", () => {
  const { clock, limits } = setup();
  // Ten requests a second for two minutes, each spending 3 tokens when it ends.
  for (let i = 0; i < 1200; i++) {
    (limits.admit(key()) as { release(): void }).release();
    limits.spend(1, 3);
    clock.t += 100;
  }
  // 50 ms after the last request: its second and the 59 before it count, 600 requests.
  clock.t -= 50;
  expect(limits.current(1)).toEqual({ rpm: 600, tpm: 1800, concurrency: 0 });
  clock.t += 30_000;
  expect(limits.current(1)).toEqual({ rpm: 300, tpm: 900, concurrency: 0 });
  clock.t += 30_000;
  expect(limits.current(1)).toEqual({ rpm: 0, tpm: 0, concurrency: 0 });
});
