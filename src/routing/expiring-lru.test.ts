import { expect, test } from "bun:test";
import { ExpiringLru } from "./expiring-lru";

test("holds at most max entries, dropping the least recently used; expired entries read as absent", () => {
  const clock = { t: 0 };
  const lru = new ExpiringLru<{ until: number }>(3, () => clock.t);
  for (const k of ["a", "b", "c"]) lru.set(k, { until: 100 });
  expect(lru.get("a")).toEqual({ until: 100 }); // a is now the most recent
  lru.set("d", { until: 100 });
  expect(lru.size).toBe(3);
  expect(lru.get("b")).toBeUndefined();
  expect(lru.get("a")).toBeDefined();
  clock.t = 100;
  expect(lru.get("c")).toBeUndefined();
  expect(lru.size).toBe(2);
});
