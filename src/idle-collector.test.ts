import { describe, expect, test } from "bun:test";
import { IdleCollector } from "./idle-collector";

/** A collector whose collections are counted, with `inFlight` requests open. */
function collector() {
  const state = { inFlight: 0, collections: 0 };
  const idle = new IdleCollector(
    () => state.inFlight,
    () => state.collections++,
  );
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) idle.tick();
    return state.collections;
  };
  return { idle, state, ticks };
}

describe("IdleCollector", () => {
  test("collects once, two quiet ticks after the last request ended, and not again until another ends", () => {
    const { idle, ticks } = collector();
    idle.requestEnded();
    expect(ticks(1)).toBe(0); // the tick that sees the request
    expect(ticks(1)).toBe(0);
    expect(ticks(1)).toBe(1);
    expect(ticks(20)).toBe(1);
    idle.requestEnded();
    expect(ticks(2)).toBe(1);
    expect(ticks(1)).toBe(2);
  });

  test("never while requests keep ending: each one starts the quiet count again", () => {
    const { idle, ticks } = collector();
    for (let i = 0; i < 50; i++) {
      idle.requestEnded();
      expect(ticks(2)).toBe(0);
    }
    expect(ticks(1)).toBe(1);
  });

  test("never while a request is in flight (a long stream), however long no other ends", () => {
    const { idle, state, ticks } = collector();
    state.inFlight = 1;
    expect(ticks(100)).toBe(0);
    state.inFlight = 0;
    idle.requestEnded();
    expect(ticks(3)).toBe(1);
  });

  test("a server that has served nothing yet collects once after start (what starting left behind)", () => {
    const { ticks } = collector();
    expect(ticks(1)).toBe(0);
    expect(ticks(1)).toBe(1);
    expect(ticks(10)).toBe(1);
  });
});
