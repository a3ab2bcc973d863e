/**
 * The admin's reads of an SQLite database (log list and detail, stats), on a thread of their own
 * with a connection of their own: under WAL they read while the relay's thread writes, and a slow
 * one never holds up a request. Started by `offThreadReads` (off-thread.ts); build.ts lists this
 * file as an entry point, so the binary carries it.
 */
import { openDatabase, type Database } from "./connection";
import { logStore } from "./stores/logs";
import { statStore } from "./stores/stats";
import type { ReadReply, ReadRequest } from "./off-thread";

declare const self: Worker;

let stores: { logs: ReturnType<typeof logStore>; stats: ReturnType<typeof statStore> } | undefined;
let db: Database | undefined;

const READS = {
  "logs.list": (args: unknown[]) => stores!.logs.list(...(args as Parameters<ReturnType<typeof logStore>["list"]>)),
  "logs.get": (args: unknown[]) => stores!.logs.get(args[0] as number),
  "stats.list": (args: unknown[]) => stores!.stats.list(...(args as Parameters<ReturnType<typeof statStore>["list"]>)),
};
export type ReadName = keyof typeof READS;

self.onmessage = async (event: MessageEvent<ReadRequest | { open: string } | { close: true }>) => {
  const message = event.data;
  if ("close" in message) {
    // Closed, not dropped: SQLite's locks belong to the process, and a connection left open by a
    // terminated thread would keep its lock on the WAL index.
    await db?.close();
    process.exit(0);
  }
  if ("open" in message) {
    db = await openDatabase({ type: "sqlite", path: message.open });
    await db.exec("PRAGMA query_only = ON");
    stores = { logs: logStore(db), stats: statStore(db) };
    return;
  }
  let reply: ReadReply;
  try {
    reply = { id: message.id, value: await READS[message.name](message.args) };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(reply);
};
