/** Every store over one database: the only way the rest of Octopus reads or writes it. */
import type { Database } from "../connection";
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
  return {
    sessions:
      db.dialect === "sqlite"
        ? sessions
        : { check: (...args: Parameters<typeof sessions.check>) => reads.read<Awaited<ReturnType<typeof sessions.check>>>("sessions.check", args) },
    logs: {
      ...logs,
      list: (...args: Parameters<typeof logs.list>) => reads.read<Awaited<ReturnType<typeof logs.list>>>("logs.list", args),
      get: (id: number) => reads.read<Awaited<ReturnType<typeof logs.get>>>("logs.get", [id]),
    },
    stats: { ...stats, list: (...args: Parameters<typeof stats.list>) => reads.read<Awaited<ReturnType<typeof stats.list>>>("stats.list", args) },
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
