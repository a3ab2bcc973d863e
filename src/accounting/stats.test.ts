import { describe, expect, test } from "bun:test";
import { COUNTERS, zeroCounters, type StatDelta, type StatMark } from "../db/stores/stats";
import { dayKey, hourKey, Stats } from "./stats";

/** A store that can be told to fail, keeping what it was given. */
function fakeStore() {
  const rows = new Map<string, StatDelta>();
  const store = {
    failing: false,
    marks: [] as StatMark[],
    async add(deltas: StatDelta[], mark?: StatMark) {
      if (store.failing) throw new Error("database is down");
      if (mark) store.marks.push(mark);
      for (const d of deltas) {
        const row = rows.get(d.scope + d.key) ?? { scope: d.scope, key: d.key, counters: zeroCounters() };
        for (const c of COUNTERS) row.counters[c] += d.counters[c];
        rows.set(d.scope + d.key, row);
      }
    },
    async list(scope: string) {
      return [...rows.values()].filter((r) => r.scope === scope).map((r) => ({ key: r.key, counters: { ...r.counters } }));
    },
  };
  return store;
}

const event = (over: Partial<Parameters<Stats["record"]>[0]> = {}) => ({
  time: new Date(2026, 10, 26, 14, 30).getTime(),
  channelId: 3,
  model: "gpt-4o",
  apiKeyId: 9,
  success: true,
  counters: { ...zeroCounters(), input_tokens: 100, output_tokens: 20, cost: 0.001, wait_ms: 300 },
  ...over,
});

describe("stats", () => {
  test("one request counts in every scope", async () => {
    const stats = new Stats(fakeStore() as any);
    stats.record(event());
    stats.record(event({ success: false, model: "claude" }));
    expect(await stats.total()).toMatchObject({ requests: 2, success: 1, failed: 1, input_tokens: 200, wait_ms: 600 });
    expect((await stats.read("daily")).map((r) => r.key)).toEqual(["2026-11-26"]);
    expect((await stats.read("hourly")).map((r) => r.key)).toEqual(["2026-11-26 14"]);
    expect((await stats.read("model")).map((r) => [r.key, r.counters.requests])).toEqual([
      ["claude", 1],
      ["gpt-4o", 1],
    ]);
    expect((await stats.read("channel"))[0]).toMatchObject({ key: "3", counters: { requests: 2 } });
    expect(stats.spent(9)).toBeCloseTo(0.002, 12);
    expect(dayKey(new Date(2026, 0, 5, 3))).toBe("2026-01-05");
    expect(hourKey(new Date(2026, 0, 5, 3))).toBe("2026-01-05 03");
  });

  test("every counter an event carries is added", async () => {
    const stats = new Stats(fakeStore() as any);
    const counters = Object.fromEntries(COUNTERS.map((c, i) => [c, 2 ** i])) as Parameters<Stats["record"]>[0]["counters"];
    stats.record(event({ counters }));
    stats.record(event({ counters, success: false }));
    const total = await stats.total();
    for (const [i, c] of COUNTERS.entries()) {
      if (c === "requests") expect(total[c]).toBe(2);
      else if (c === "success" || c === "failed") expect(total[c]).toBe(1);
      else expect(total[c]).toBe(2 * 2 ** i);
    }
  });

  test("reads merge what is stored with what is pending; a failed flush keeps the deltas", async () => {
    const store = fakeStore();
    const stats = new Stats(store as any);
    stats.record(event());
    expect(await stats.flush()).toBe(true);
    stats.record(event());
    store.failing = true;
    expect(await stats.flush()).toBe(false);
    stats.record(event());
    // Stored 1 + pending 2 (one kept from the failed flush, one newer).
    expect((await stats.total()).requests).toBe(3);
    store.failing = false;
    expect(await stats.flush()).toBe(true);
    expect((await store.list("total"))[0].counters.requests).toBe(3);
    expect((await stats.total()).requests).toBe(3);
    expect(stats.spent(9)).toBeCloseTo(0.003, 12);
  });

  test("a flush marks the last request it counts and the log id read before its cut; flushes run in turn", async () => {
    const store = fakeStore();
    let lastId = 40;
    let reading: () => void = () => {};
    const logs = {
      lastId: () => new Promise<number>((resolve) => (reading = () => resolve(lastId))),
      after: async () => [],
    };
    const stats = new Stats(store as any, { instance: "here:8080", logs });
    expect([stats.record(event()), stats.record(event())]).toEqual([1, 2]);
    const first = stats.flush();
    const second = stats.flush();
    await Bun.sleep(1);
    // Recorded while the flush waits for the id: its log row comes later, so above that id; the cut takes it.
    expect(stats.record(event())).toBe(3);
    reading();
    expect(await first).toBe(true);
    expect((await store.list("total"))[0].counters.requests).toBe(3);
    expect(store.marks).toEqual([{ instance: "here:8080", seq: 3, log_id: 40 }]);
    // The second waited for the first and found nothing left to write.
    expect(await second).toBe(true);
    expect(store.marks).toHaveLength(1);
    stats.record(event());
    lastId = 52;
    const third = stats.flush();
    await Bun.sleep(1);
    reading();
    expect(await third).toBe(true);
    expect(store.marks.at(-1)).toEqual({ instance: "here:8080", seq: 4, log_id: 52 });
  });
});
