/** Every store over one database: the only way the rest of Octopus reads or writes it. */
import type { Database } from "../connection";
import type { SecretBox } from "../../keys/secret-box";
import { apiKeyStore } from "./apikeys";
import { channelStore } from "./channels";
import { groupStore } from "./groups";
import { logStore } from "./logs";
import { priceStore } from "./prices";
import { revocationStore } from "./revocations";
import { settingStore } from "./settings";
import { statStore } from "./stats";
import { userStore } from "./users";

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
    stats: statStore(db),
    logs: logStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
export { StoreError } from "./store-error";
