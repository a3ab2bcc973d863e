/**
 * Walks every provider secret stored in the database, in one transaction: sealing plain text
 * left by an older Octopus at start, and re-sealing everything under a new key on rotation.
 * A value the key in use cannot open stops the walk before anything is written.
 */
import { eq } from "drizzle-orm";
import type { Database, Orm } from "../db/connection";
import type { HeaderPair } from "../db/schema/tables";
import { isSecret } from "../secrets";
import { isSealed, sealedKid, WrongSecretKeyError, type SecretBox } from "./secret-box";
import { SECRET_KEY_ENV } from "./secret-key";

/** Rewrites each secret with `rewrite` (which may throw); returns how many values changed. */
async function rewriteSecrets(db: Database, tx: Orm, rewrite: (value: string) => string, beforeWrites?: () => void) {
  const { channels, channelKeys } = db.t;
  const keys = await tx.select({ id: channelKeys.id, key: channelKeys.key }).from(channelKeys);
  const rows = await tx.select({ id: channels.id, custom_headers: channels.custom_headers }).from(channels);
  const keyUpdates = keys.map((k) => ({ id: k.id, key: rewrite(k.key) })).filter((k, i) => k.key !== keys[i].key);
  const headerUpdates: { id: number; custom_headers: HeaderPair[] }[] = [];
  for (const row of rows) {
    let changed = false;
    const custom_headers = row.custom_headers.map((h) => {
      if (!isSealed(h.value) && !isSecret(h.key, h.value)) return h;
      const value = rewrite(h.value);
      changed ||= value !== h.value;
      return { ...h, value };
    });
    if (changed) headerUpdates.push({ id: row.id, custom_headers });
  }
  beforeWrites?.();
  for (const { id, key } of keyUpdates) await tx.update(channelKeys).set({ key }).where(eq(channelKeys.id, id));
  for (const { id, custom_headers } of headerUpdates) await tx.update(channels).set({ custom_headers }).where(eq(channels.id, id));
  return keyUpdates.length + headerUpdates.length;
}

/** The one-line error for a key that does not open what the database holds. */
function wrongKey(box: SecretBox, source: string, e: WrongSecretKeyError, found?: string) {
  return new WrongSecretKeyError(
    `the secret key from ${source} (key id ${box.kid}) does not open the provider keys in the database` +
      `${found ? ` (sealed under key id ${found})` : ""}: start with the key they were sealed with, in ${SECRET_KEY_ENV} or the secret.key file you backed up` +
      ` (an interrupted \`octopus secret rotate\` leaves the new one in secret.key.new); nothing was changed`,
    { cause: e },
  );
}

/** Runs `rewrite` over every secret in one transaction; a value `box` cannot open fails it whole. */
async function walk(db: Database, box: SecretBox, source: string, rewrite: (value: string) => string, beforeWrites?: () => void) {
  let last: string | undefined;
  try {
    return await db.transaction((tx) => rewriteSecrets(db, tx, (value) => ((last = sealedKid(value)), rewrite(value)), beforeWrites));
  } catch (e) {
    if (e instanceof WrongSecretKeyError) throw wrongKey(box, source, e, last);
    throw e;
  }
}

/**
 * Seals every plain-text secret under `box`, after checking that each sealed one opens with it;
 * `beforeWrites` runs once that check passed (it saves a newly made key). Idempotent.
 */
export const sealAtRest = (db: Database, box: SecretBox, source: string, beforeWrites?: () => void) =>
  walk(db, box, source, (value) => box.reseal(value), beforeWrites);

/** Re-seals every secret under `next`; `from` must open them all, or nothing changes. */
export const rotateAtRest = (db: Database, from: SecretBox, source: string, next: SecretBox) =>
  walk(db, from, source, (value) => next.seal(from.open(value)));
