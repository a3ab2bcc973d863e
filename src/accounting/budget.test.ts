import { describe, expect, test } from "bun:test";
import type { ApiKeyRow } from "../db/stores/apikeys";
import { zeroCounters } from "../db/stores/stats";
import { Budget } from "./budget";
import { Stats } from "./stats";

const key = (max_cost: number | null): ApiKeyRow => ({
  id: 7,
  name: "k",
  key_hash: "h",
  key_prefix: "p",
  enabled: true,
  expire_at: null,
  max_cost,
  rpm: null,
  tpm: null,
  max_concurrency: null,
  supported_models: [],
  created_at: 0,
});

const memoryStore = () => ({ list: async () => [], add: async () => {} }) as any;

function spend(stats: Stats, cost: number) {
  stats.record({ time: Date.now(), channelId: 1, model: "m", apiKeyId: 7, success: true, counters: { ...zeroCounters(), cost } });
}

describe("budget", () => {
  test("no max_cost: always admitted", () => {
    const budget = new Budget(new Stats(memoryStore()));
    for (let i = 0; i < 100; i++) expect("release" in budget.admit(key(null), 1e9)).toBe(true);
  });

  test("in-flight estimates hold the budget; finishing releases it; spending it refuses with 403", () => {
    const stats = new Stats(memoryStore());
    const budget = new Budget(stats);
    const first = budget.admit(key(1), 0.4);
    const second = budget.admit(key(1), 0.4);
    const third = budget.admit(key(1), 0.4);
    expect("release" in first && "release" in second).toBe(true);
    expect(third).toMatchObject({ status: 429, kind: "rate_limit" });
    spend(stats, 0.5);
    if ("release" in first) first.release();
    if ("release" in second) second.release();
    // Nothing in flight: a request is admitted while the key is under budget, whatever its estimate.
    const fourth = budget.admit(key(1), 5);
    expect("release" in fourth).toBe(true);
    spend(stats, 0.6);
    if ("release" in fourth) fourth.release();
    expect(budget.admit(key(1), 0.01)).toMatchObject({ status: 403, kind: "permission" });
  });
});

describe("budget shared by instances", () => {
  test("each of N instances keeps to its share of the rest: its own spend since the last read, plus one request", () => {
    const stats = new Stats(memoryStore());
    const budget = new Budget(stats, () => 2);
    // Alone the key could spend 1; with two instances this one may spend 0.5 before the next read.
    const first = budget.admit(key(1), 0.3);
    expect("release" in first).toBe(true);
    expect(budget.admit(key(1), 0.3)).toMatchObject({ status: 429 });
    spend(stats, 0.3);
    if ("release" in first) first.release();
    const second = budget.admit(key(1), 0.3);
    expect("release" in second).toBe(true);
    spend(stats, 0.3);
    if ("release" in second) second.release();
    // 0.6 spent here, past this instance's share of 0.5: refused for now, not for good.
    expect(budget.admit(key(1), 0.01)).toMatchObject({ status: 429, message: expect.stringContaining("share") });
  });
});
