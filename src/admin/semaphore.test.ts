import { expect, test } from "bun:test";
import { Semaphore } from "./semaphore";

test("never more than the limit run at once; waiters run in arrival order; full once the queue is", async () => {
  const gate = new Semaphore(2, 3);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (i: number) => async () => {
    running++;
    peak = Math.max(peak, running);
    await Bun.sleep(5);
    order.push(i);
    running--;
    return i;
  };
  const first = [0, 1, 2, 3, 4].map((i) => gate.run(task(i)));
  expect(gate.full).toBe(true);
  expect(await Promise.all(first)).toEqual([0, 1, 2, 3, 4]);
  expect(peak).toBe(2);
  expect(order.slice(2)).toEqual([2, 3, 4]);
  expect(gate.full).toBe(false);
});

test("a failing task frees its slot", async () => {
  const gate = new Semaphore(1, 1);
  const failed = gate.run(async () => {
    throw new Error("boom");
  });
  const next = gate.run(async () => "ran");
  await expect(failed).rejects.toThrow("boom");
  expect(await next).toBe("ran");
  expect(await gate.run(async () => "again")).toBe("again");
});
