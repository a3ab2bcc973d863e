/** Every store over one database: the only way the rest of Octopus reads or writes it. */
import type { Database } from "../connection";
import type { ReadName } from "../read-worker";
import type { SecretBox } from "../../keys/secret-box";
import { apiKeyStore } from "./apikeys";
import { channelStore } from "./channels";
import { changeStore, instanceStore } from "./fleet";
import { groupStore } from "./groups";
import { logStore } from "./logs";
import { priceStore } from "./prices";
import { revocationStore } from "./revocations";
import { sessionStore } from "./sessions";
import { settingStore } from "./settings";
import { statStore } from "./stats";
import { userStore } from "./users";

/**
 * The admin's reads run on a worker (see off-thread.ts), but for an in-memory SQLite (a test's):
 * its lists and stats, and on a server database the check of the token every admin call makes
 * first (on SQLite two index lookups on this thread cost less than the hop). Octopus's own small
 * reads (a stat store's key costs at start) stay on its connection.
 */
function readsOffThread(db: Database) {
  const logs = logStore(db);
  const stats = statStore(db);
  const sessions = sessionStore(db);
  const reads = db.reads;
  if (!reads) return { logs, stats, sessions };
  /** A call with `local`'s signature, run on the worker as `name` instead. */
  const offThread =
    <A extends unknown[], R>(name: ReadName, _local: (...args: A) => Promise<R>) =>
    (...args: A) =>
      reads.read<R>(name, args);
  return {
    sessions: db.dialect === "sqlite" ? sessions : { check: offThread("sessions.check", sessions.check) },
    logs: { ...logs, list: offThread("logs.list", logs.list), get: offThread("logs.get", logs.get) },
    stats: { ...stats, list: offThread("stats.list", stats.list) },
  };
}

/** `secretBox` seals and opens channel secrets; without it the channel store refuses to work. */
export function createStores(db: Database, secretBox?: SecretBox) {
  return {
    db,
    users: userStore(db),
    revocations: revocationStore(db),
    settings: settingStore(db),
    channels: channelStore(db, secretBox),
    groups: groupStore(db),
    apiKeys: apiKeyStore(db),
    prices: priceStore(db),
    ...readsOffThread(db),
    changes: changeStore(db),
    instances: instanceStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
export { StoreError } from "./store-error";
