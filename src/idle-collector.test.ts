import { describe, expect, test } from "bun:test";
import { IdleCollector } from "./idle-collector";

const MB = 1024 * 1024;

/** A collector whose collections are counted: `inFlight` requests open, RSS `rssMB`, which a collection brings to `afterMB`. */
function collector(rssMB = 150, afterMB = 100) {
  const state = { inFlight: 0, collections: 0, rssMB };
  const idle = new IdleCollector(
    () => state.inFlight,
    () => state.rssMB * MB,
    () => {
      state.collections++;
      state.rssMB = afterMB;
    },
  );
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) idle.tick();
    return state.collections;
  };
  return { idle, state, ticks };
}

describe("IdleCollector", () => {
  test("collects once, two quiet ticks after the last request ended, and not again while nothing happens", () => {
    const { idle, ticks } = collector();
    idle.requestEnded();
    expect(ticks(1)).toBe(0); // the tick that sees the request
    expect(ticks(1)).toBe(0);
    expect(ticks(1)).toBe(1);
    expect(ticks(20)).toBe(1);
  });

  test("after a collection, the next waits for RSS to grow by GROWTH: light traffic pays no collection per request", () => {
    const { idle, state, ticks } = collector();
    expect(ticks(2)).toBe(1); // what starting left behind
    state.rssMB = 100 + IdleCollector.GROWTH / MB - 1;
    idle.requestEnded();
    expect(ticks(10)).toBe(1);
    state.rssMB = 100 + IdleCollector.GROWTH / MB;
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
});
