import { expect, test } from "bun:test";
import { LoginThrottle } from "./throttle";

test("five attempts in a window block the address until the oldest leaves it; others are unaffected", () => {
  const t = new LoginThrottle(5, 60_000);
  const start = 1_000_000;
  for (let i = 0; i < 5; i++) expect(t.take("1.2.3.4", start + i * 1000)).toBe(0);
  expect(t.take("1.2.3.4", start + 5000)).toBe(55);
  expect(t.take("5.6.7.8", start + 5000)).toBe(0);
  // A refused attempt is not counted: the address is free again once the first five are a minute old.
  expect(t.take("1.2.3.4", start + 60_001)).toBe(0);
});

test("an attempt given back frees its place in the window", () => {
  const t = new LoginThrottle(2, 60_000);
  expect(t.take("a", 1000)).toBe(0);
  expect(t.take("a", 2000)).toBe(0);
  expect(t.take("a", 3000)).toBeGreaterThan(0);
  t.giveBack("a", 2000);
  expect(t.take("a", 3000)).toBe(0);
  expect(t.take("a", 4000)).toBeGreaterThan(0);
  t.giveBack("a", 999); // never taken: nothing changes
  expect(t.take("a", 4000)).toBeGreaterThan(0);
});

test("addresses that stopped trying are swept once the map is large", () => {
  const t = new LoginThrottle(5, 60_000);
  for (let i = 0; i < 10_000; i++) t.take(`10.0.${i >> 8}.${i & 255}`, 0);
  t.take("late", 120_000);
  expect((t as any).attempts.size).toBe(1);
});
