/** `octopus secret rotate`: every provider secret re-sealed under a new key, without a running server. */
import { randomBytes } from "node:crypto";
import { loadConfig } from "../config";
import { rotateAtRest } from "../keys/at-rest";
import { KEY_BYTES, SecretBox } from "../keys/secret-box";
import { decodeKey, SECRET_KEY_ENV, stageKeyFile } from "../keys/secret-key";
import { openData } from "../open-data";

export const NEW_SECRET_KEY_ENV = "OCTOPUS_NEW_SECRET_KEY";

/**
 * A key file is replaced once the database holds the values sealed under the new key; a key from
 * the environment cannot be, so the new one must come from `OCTOPUS_NEW_SECRET_KEY`.
 */
export async function rotateSecretKey(configPath: string | undefined, env: Record<string, string | undefined>) {
  const { config, path } = loadConfig(configPath, env);
  const { db, secretKey } = await openData(config, path, env);
  try {
    const fromEnv = secretKey.source === SECRET_KEY_ENV;
    const given = env[NEW_SECRET_KEY_ENV];
    if (fromEnv && !given)
      throw new Error(
        `the secret key comes from ${SECRET_KEY_ENV}: put the new key in ${NEW_SECRET_KEY_ENV} (make one with: openssl rand -base64 ${KEY_BYTES}), rotate, then start with ${SECRET_KEY_ENV} set to it`,
      );
    const key = given ? decodeKey(given, NEW_SECRET_KEY_ENV) : randomBytes(KEY_BYTES);
    const next = new SecretBox(key);
    const commit = fromEnv ? undefined : stageKeyFile(secretKey.source, key);
    const values = await rotateAtRest(db, secretKey.box, secretKey.source, next);
    commit?.();
    return { values, from: secretKey.box.kid, to: next.kid, where: fromEnv ? `${SECRET_KEY_ENV} (set it to the new key)` : secretKey.source };
  } finally {
    await db.close();
  }
}
