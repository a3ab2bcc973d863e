/**
 * Opens what an instance keeps: the database, migrated, with its provider secrets sealed under
 * the secret key, behind the stores. `octopus start` and the maintenance commands share it.
 */
import type { Config } from "./config";
import { openDatabase } from "./db/connection";
import { migrate } from "./db/migrate";
import { createStores } from "./db/stores";
import { sealAtRest } from "./keys/at-rest";
import { loadSecretKey } from "./keys/secret-key";
import { log } from "./log";

export async function openData(config: Config, configPath: string, env: Record<string, string | undefined>) {
  const db = await openDatabase(config.database);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info("applied migrations", { database: config.database.type, migrations: applied.join(",") });
    const secretKey = loadSecretKey(configPath, env);
    const save = secretKey.save && (() => (secretKey.save!(), log.info("wrote a new secret key for provider keys; back it up", { path: secretKey.source })));
    const sealed = await sealAtRest(db, secretKey.box, secretKey.source, save);
    if (sealed > 0) log.info("encrypted provider secrets stored in plain text", { values: sealed });
    return { db, secretKey, stores: createStores(db, secretKey.box) };
  } catch (e) {
    await db.close();
    throw e;
  }
}
