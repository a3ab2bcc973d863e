/** Every store over one database: the only way the rest of Octopus reads or writes it. */
import type { Database } from "../connection";
import { apiKeyStore } from "./apikeys";
import { channelStore } from "./channels";
import { changeStore, instanceStore } from "./fleet";
import { groupStore } from "./groups";
import { logStore } from "./logs";
import { priceStore } from "./prices";
import { revocationStore } from "./revocations";
import { settingStore } from "./settings";
import { statStore } from "./stats";
import { userStore } from "./users";

export function createStores(db: Database) {
  return {
    db,
    users: userStore(db),
    revocations: revocationStore(db),
    settings: settingStore(db),
    channels: channelStore(db),
    groups: groupStore(db),
    apiKeys: apiKeyStore(db),
    prices: priceStore(db),
    stats: statStore(db),
    logs: logStore(db),
    changes: changeStore(db),
    instances: instanceStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
export { StoreError } from "./store-error";
