import { afterEach, describe, expect, spyOn, test } from "bun:test";
import type { LogEntry } from "../db/stores/logs";
import { log } from "../log";
import { BATCH, BUSY_QUEUE, LogWriter, MAX_QUEUED } from "./logs";

/** A store that can be told to fail, keeping the batches it was given. */
function fakeStore() {
  const store = {
    failing: false,
    batches: [] as number[],
    async insert(entries: LogEntry[]) {
      if (store.failing) throw new Error("database is down");
      store.batches.push(entries.length);
    },
    async deleteBefore() {},
  };
  return store;
}

const entry = (n: number) => ({ time: n }) as unknown as LogEntry;
const settle = () => Bun.sleep(5);

afterEach(() => {
  for (const spy of [log.warn, log.error] as unknown as { mockRestore?: () => void }[]) spy.mockRestore?.();
});

describe("request log writer", () => {
  test("a full batch is written at once, without waiting for the timer", async () => {
    const store = fakeStore();
    const writer = new LogWriter(store as any);
    for (let i = 0; i < BATCH - 1; i++) writer.add(entry(i));
    await settle();
    expect(store.batches).toEqual([]);
    writer.add(entry(BATCH));
    await settle();
    expect(store.batches).toEqual([BATCH]);
  });

  test("a flush writes what was queued when it was called, not what keeps arriving during the write", async () => {
    let writer: LogWriter;
    const batches: number[] = [];
    const store = {
      async insert(entries: LogEntry[]) {
        batches.push(entries.length);
        await Bun.sleep(1);
        // A busy relay: while a batch is on the wire, more requests finish.
        if (batches.length < 100) for (let i = 0; i < 10; i++) writer.add(entry(i));
      },
      async deleteBefore() {},
    };
    writer = new LogWriter(store as any);
    for (let i = 0; i < BATCH + 5; i++) writer.add(entry(i));
    await writer.flush();
    // The full batch's write was in progress: the flush waited for it, then wrote the rest.
    expect(batches).toEqual([BATCH, 15]);
    expect(writer.queued).toBe(10);
  });

  test("a reader waits for a quiet relay's entries to be written, not for a busy relay's", async () => {
    let release = () => {};
    const batches: number[] = [];
    const store = {
      async insert(entries: LogEntry[]) {
        await new Promise<void>((resolve) => (release = resolve));
        batches.push(entries.length);
      },
      async deleteBefore() {},
    };
    const writer = new LogWriter(store as any);
    for (let i = 0; i < BUSY_QUEUE - 1; i++) writer.add(entry(i));
    let read = false;
    const quiet = writer.beforeRead().then(() => (read = true));
    await settle();
    expect(read).toBe(false);
    release();
    await quiet;
    expect(batches).toEqual([BUSY_QUEUE - 1]);
    // A batch on the wire and more arriving: the reader goes ahead with what is written.
    for (let i = 0; i < BATCH; i++) writer.add(entry(i));
    await writer.beforeRead();
    expect(batches).toEqual([BUSY_QUEUE - 1]);
    release();
    await writer.flush();
    expect(batches).toEqual([BUSY_QUEUE - 1, BATCH]);
  });

  test("while the database is down: the queue stays bounded, one warning per write, nothing retried per entry", async () => {
    const warn = spyOn(log, "warn").mockImplementation(() => {});
    const error = spyOn(log, "error").mockImplementation(() => {});
    const store = fakeStore();
    store.failing = true;
    const writer = new LogWriter(store as any);
    for (let i = 0; i < MAX_QUEUED + 250; i++) writer.add(entry(i));
    await writer.flush();
    expect(error).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toEqual({ dropped: 250 });
    store.failing = false;
    await writer.flush();
    expect(store.batches.reduce((a, b) => a + b, 0)).toBe(MAX_QUEUED);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
