/**
 * The admin's reads (log list and detail, stats, the check of a panel token), on a thread of their
 * own with a read-only connection of their own. On SQLite they read under WAL while the relay's thread writes, and a
 * slow one never holds up a request; on a server database the relay's busy thread never holds up
 * their answers (each query's round trip would wait its turn among the relay's events). Started by
 * `offThreadReads` (off-thread.ts); build.ts lists this file as an entry point, so the binary carries it.
 */
import { openDatabase, type Database, type DatabaseConfig } from "./connection";
import { logStore } from "./stores/logs";
import { sessionStore } from "./stores/sessions";
import { statStore } from "./stores/stats";
import type { ReadReply, ReadRequest } from "./off-thread";

declare const self: Worker;

interface Stores {
  logs: ReturnType<typeof logStore>;
  stats: ReturnType<typeof statStore>;
  sessions: ReturnType<typeof sessionStore>;
}
/** The database the first message named. */
let database: DatabaseConfig | undefined;
/** The connection and the stores over it, once opened. */
let opened: Promise<{ db: Database; stores: Stores }> | undefined;

/** Opens the connection on first use; one that failed (a server down) is tried again by the next read. */
function connection() {
  opened ??= openDatabase(database!, "reader").then(
    (db) => ({ db, stores: { logs: logStore(db), stats: statStore(db), sessions: sessionStore(db) } }),
    (e) => {
      opened = undefined;
      throw e;
    },
  );
  return opened;
}

const READS = {
  "logs.list": (s: Stores, args: unknown[]) => s.logs.list(...(args as Parameters<Stores["logs"]["list"]>)),
  "logs.get": (s: Stores, args: unknown[]) => s.logs.get(args[0] as number),
  "stats.list": (s: Stores, args: unknown[]) => s.stats.list(...(args as Parameters<Stores["stats"]["list"]>)),
  "sessions.check": (s: Stores, args: unknown[]) => s.sessions.check(...(args as Parameters<Stores["sessions"]["check"]>)),
};
export type ReadName = keyof typeof READS;

self.onmessage = async (event: MessageEvent<ReadRequest | { database: DatabaseConfig } | { close: true }>) => {
  const message = event.data;
  if ("close" in message) {
    // Closed, not dropped: SQLite's locks belong to the process, and a connection left open by a
    // terminated thread would keep its lock on the WAL index (a server's, its session).
    await opened?.then(({ db }) => db.close(), () => {});
    process.exit(0);
  }
  if ("database" in message) {
    database = message.database;
    return;
  }
  let reply: ReadReply;
  try {
    const { stores } = await connection();
    reply = { id: message.id, value: await READS[message.name](stores, message.args) };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(reply);
};
