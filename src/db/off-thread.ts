/**
 * SQLite runs on the thread that calls it, and the relay's thread is the one that matters: the
 * admin's reads go to a worker (read-worker.ts) with its own connection instead. It starts with
 * the first read and stops when idle, so a server nobody is looking at does not carry it.
 */
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

export type OffThreadReads = ReturnType<typeof offThreadReads>;

export function offThreadReads(path: string, idleMs = IDLE_MS) {
  let worker: Worker | undefined;
  let nextId = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Asks the worker to close its connection and end (see read-worker.ts for why not terminate). */
  function stop(reason: string) {
    worker?.postMessage({ close: true });
    worker = undefined;
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  }

  function start(): Worker {
    // smol: a small heap. Not ref'd: an idle worker does not keep the process alive.
    const started = new Worker(WORKER, { smol: true, ref: false } as WorkerOptions);
    started.postMessage({ open: path });
    started.onmessage = (event: MessageEvent<ReadReply>) => {
      const reply = event.data;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ("error" in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.value);
      if (pending.size > 0) return;
      idle = setTimeout(() => stop("stopped"), idleMs);
    };
    started.onerror = (event) => stop(`database read worker failed: ${event.message}`);
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
      stop("database closed");
    },
  };
}
