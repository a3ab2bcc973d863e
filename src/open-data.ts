/**
 * Opens what an instance keeps: the database, migrated, with its provider secrets sealed under
 * the secret key, behind the stores. `octopus start` and the maintenance commands share it.
 */
import type { Config } from "./config";
import { openDatabase } from "./db/connection";
import { migrate } from "./db/migrate";
import { createStores, type Stores } from "./db/stores";
import { sealAtRest } from "./keys/at-rest";
import { loadSecretKey } from "./keys/secret-key";
import { log } from "./log";

/**
 * `prepare` runs with the stores before the start-up lock is released: several instances started
 * at once on one empty database would otherwise race on migrations, the JWT secret and the first user.
 */
export async function openData<T = undefined>(
  config: Config,
  configPath: string,
  env: Record<string, string | undefined>,
  prepare?: (stores: Stores) => Promise<T>,
) {
  const db = await openDatabase(config.database);
  try {
    return await db.exclusive("octopus_start", async () => {
      const applied = await migrate(db);
      if (applied.length > 0) log.info("applied migrations", { database: config.database.type, migrations: applied.join(",") });
      const secretKey = loadSecretKey(configPath, env);
      const save = secretKey.save && (() => (secretKey.save!(), log.info("wrote a new secret key for provider keys; back it up", { path: secretKey.source })));
      const sealed = await sealAtRest(db, secretKey.box, secretKey.source, save);
      if (sealed > 0) log.info("encrypted provider secrets stored in plain text", { values: sealed });
      const stores = createStores(db, secretKey.box);
      const prepared = (prepare ? await prepare(stores) : undefined) as T;
      return { db, secretKey, stores, prepared };
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}
