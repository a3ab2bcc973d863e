import { describe, expect, test } from "bun:test";
import type { ChannelHealth, StatRow } from "../../api/types";
import { bestLatency, channelTone, keyCounts, series, successRate, today, top, yearGrid, ZERO } from "./data";

const row = (key: string, over: Partial<StatRow> = {}): StatRow => ({ ...ZERO, key, cache_hit_rate: null, ...over });
// Local time, as the server keys its rows.
const now = new Date(2026, 11, 2, 14, 30).getTime();

describe("series", () => {
  test("days without traffic are zeros; oldest first, ending today", () => {
    const points = series([row("2026-12-02", { requests: 5 }), row("2026-11-30", { requests: 2 }), row("2026-10-01", { requests: 9 })], "day", 4, now);
    expect(points.map((p) => new Date(p.time).getDate())).toEqual([29, 30, 1, 2]);
    expect(points.map((p) => p.counters.requests)).toEqual([0, 2, 0, 5]);
  });

  test("hours cross midnight", () => {
    const points = series([row("2026-12-01 23", { requests: 3 }), row("2026-12-02 14", { cost: 0.5 })], "hour", 16, now);
    expect(points).toHaveLength(16);
    expect(new Date(points[0].time).getHours()).toBe(23);
    expect(points[0].counters.requests).toBe(3);
    expect(points.at(-1)!.counters.cost).toBe(0.5);
    expect(points.slice(1, -1).every((p) => p.counters === ZERO)).toBe(true);
  });
});

test("today and success rate", () => {
  expect(today([row("2026-12-01", { requests: 1 }), row("2026-12-02", { requests: 4, success: 3 })], now).requests).toBe(4);
  expect(today([], now)).toEqual(ZERO);
  expect(successRate({ ...ZERO, requests: 4, success: 3 })).toBe(0.75);
  expect(successRate(ZERO)).toBeUndefined();
});

describe("yearGrid", () => {
  test("53 weeks of 7 days, Sunday first, today in the last column, later days marked future", () => {
    const { weeks } = yearGrid([], now);
    expect(weeks).toHaveLength(53);
    expect(weeks.every((w) => w.length === 7 && new Date(w[0].time).getDay() === 0)).toBe(true);
    const last = weeks[52];
    // 2026-12-02 is a Wednesday.
    expect(last[3].key).toBe("2026-12-02");
    expect(last.map((c) => c.future)).toEqual([false, false, false, false, true, true, true]);
  });

  test("levels scale to the busiest day; totals count the year only", () => {
    const rows = [row("2026-12-02", { requests: 100 }), row("2026-11-01", { requests: 1 }), row("2026-06-15", { requests: 50 }), row("2024-01-01", { requests: 999 })];
    const grid = yearGrid(rows, now);
    const cells = grid.weeks.flat();
    const level = (key: string) => cells.find((c) => c.key === key)!.level;
    expect([level("2026-12-02"), level("2026-06-15"), level("2026-11-01"), level("2026-11-02")]).toEqual([4, 2, 1, 0]);
    expect(grid.total).toBe(151);
    expect(grid.activeDays).toBe(3);
    expect(grid.busiest?.key).toBe("2026-12-02");
  });
});

test("top: most requests first, named, with bar shares; idle rows left out", () => {
  const rows = [row("1", { requests: 10 }), row("2", { requests: 40 }), row("3"), row("4", { requests: 20 })];
  const names: Record<string, string> = { "1": "openai", "2": "anthropic" };
  expect(top(rows, 2, (k) => names[k]).map((r) => [r.name, r.share])).toEqual([
    ["anthropic", 1],
    ["#4", 0.5],
  ]);
});

describe("channel health at a glance", () => {
  const health = (over: Partial<ChannelHealth> = {}): ChannelHealth => ({
    channel_id: 1,
    name: "openai",
    enabled: true,
    keys: [
      { id: 1, remark: "", state: "ok", cooldown_until: null, last_error: null },
      { id: 2, remark: "", state: "ok", cooldown_until: null, last_error: null },
    ],
    endpoints: [{ url: "https://a", state: "ok", latency_ms: 420, cooldown_until: null, last_error: null }],
    circuits: [],
    ...over,
  });
  const key = (state: ChannelHealth["keys"][number]["state"]) => ({ id: 3, remark: "", state, cooldown_until: null, last_error: null });

  test("tones: off, fine, degraded, failing", () => {
    expect(channelTone(health({ enabled: false }))).toBe("neutral");
    expect(channelTone(health())).toBe("ok");
    expect(channelTone(health({ keys: [key("ok"), key("cooling")] }))).toBe("warn");
    expect(channelTone(health({ circuits: [{ key_id: 1, model: "m", state: "open", failures: 3, cooldown_until: 1, last_error: "x" }] }))).toBe("warn");
    expect(channelTone(health({ circuits: [{ key_id: 1, model: "m", state: "closed", failures: 1, cooldown_until: null, last_error: "x" }] }))).toBe("ok");
    expect(channelTone(health({ keys: [key("failed"), key("disabled")] }))).toBe("danger");
    expect(channelTone(health({ keys: [key("disabled")] }))).toBe("danger");
    expect(channelTone(health({ endpoints: [{ url: "https://a", state: "cooling", latency_ms: null, cooldown_until: 1, last_error: "x" }] }))).toBe("danger");
  });

  test("key counts and the fastest measured endpoint", () => {
    expect(keyCounts(health({ keys: [key("ok"), key("cooling"), key("cooling")] }))).toEqual({ ok: 1, cooling: 2, failed: 0, disabled: 0 });
    const endpoints = [null, 800, 350].map((latency_ms, i) => ({ url: `https://${i}`, state: "ok" as const, latency_ms, cooldown_until: null, last_error: null }));
    expect(bestLatency(health({ endpoints }))).toBe(350);
    expect(bestLatency(health({ endpoints: [endpoints[0]] }))).toBeUndefined();
  });
});
