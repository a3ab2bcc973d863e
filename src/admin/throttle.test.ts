import { expect, test } from "bun:test";
import { LoginThrottle } from "./throttle";

test("five failures in a window block the address until the oldest leaves it; others are unaffected", () => {
  const t = new LoginThrottle(5, 60_000);
  const start = 1_000_000;
  for (let i = 0; i < 5; i++) t.fail("1.2.3.4", start + i * 1000);
  expect(t.retryAfter("1.2.3.4", start + 5000)).toBe(55);
  expect(t.retryAfter("5.6.7.8", start + 5000)).toBe(0);
  expect(t.retryAfter("1.2.3.4", start + 60_001)).toBe(0);
});

test("addresses that stopped trying are swept once the map is large", () => {
  const t = new LoginThrottle(5, 60_000);
  for (let i = 0; i < 10_000; i++) t.fail(`10.0.${i >> 8}.${i & 255}`, 0);
  t.fail("late", 120_000);
  expect((t as any).failures.size).toBe(1);
});
