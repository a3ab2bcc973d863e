/**
 * The relay's thread is the one that matters: SQLite would run an admin read on it, and on a
 * server database each of the read's round trips would wait its turn among the relay's events. So
 * the admin's reads go to a worker (read-worker.ts) with its own connection. It starts with the
 * first read and stops when idle, so a server nobody is looking at does not carry it.
 */
import type { DatabaseConfig } from "./connection";
import type { ReadName } from "./read-worker";

export interface ReadRequest {
  id: number;
  name: ReadName;
  args: unknown[];
}
export type ReadReply = { id: number; value: unknown } | { id: number; error: string };

/**
 * The worker's entry: beside this file when run from source; in the binary every module's
 * import.meta.url is the bundle's root (src/), where build.ts put it as db/read-worker.
 */
const WORKER = new URL(import.meta.url.endsWith("/off-thread.ts") ? "./read-worker.ts" : "./db/read-worker.ts", import.meta.url);

/** A worker left without reads this long is stopped (the next read starts one again). */
const IDLE_MS = 60_000;
/** How long closing waits for the worker to close its connection. */
const CLOSE_WAIT_MS = 5000;

export type OffThreadReads = ReturnType<typeof offThreadReads>;

export function offThreadReads(database: DatabaseConfig, idleMs = IDLE_MS) {
  let worker: Worker | undefined;
  let nextId = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /**
   * Asks the worker to close its connection and end (see read-worker.ts for why not terminate);
   * resolves once it has, or after CLOSE_WAIT_MS.
   */
  function stop(reason: string): Promise<void> {
    const stopping = worker;
    worker = undefined;
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
    if (!stopping) return Promise.resolve();
    const ended = new Promise<void>((resolve) => {
      stopping.addEventListener("close", () => resolve());
      setTimeout(resolve, CLOSE_WAIT_MS).unref();
    });
    stopping.postMessage({ close: true });
    return ended;
  }

  function start(): Worker {
    // smol: a small heap. Not ref'd: an idle worker does not keep the process alive.
    const started = new Worker(WORKER, { smol: true, ref: false } as WorkerOptions);
    started.postMessage({ database });
    started.onmessage = (event: MessageEvent<ReadReply>) => {
      const reply = event.data;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ("error" in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.value);
      if (pending.size > 0) return;
      idle = setTimeout(() => void stop("stopped"), idleMs);
    };
    started.onerror = (event) => void stop(`database read worker failed: ${event.message}`);
    return started;
  }

  return {
    read<T>(name: ReadName, args: unknown[]): Promise<T> {
      clearTimeout(idle);
      worker ??= start();
      const id = ++nextId;
      const done = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
      worker.postMessage({ id, name, args } satisfies ReadRequest);
      return done;
    },
    /** Whether a worker is running now. */
    get running() {
      return worker !== undefined;
    },
    close() {
      clearTimeout(idle);
      return stop("database closed");
    },
  };
}
