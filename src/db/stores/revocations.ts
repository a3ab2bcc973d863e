import { eq, inArray, like } from "drizzle-orm";
import type { Database } from "../connection";

const PREFIX = "revoked-token:";

/**
 * Panel tokens signed out before they expire, by their `jti`. Rows of the settings table (key
 * `revoked-token:<jti>`, value the token's expiry in Unix ms), so every instance on the database
 * sees them and no table is needed for a handful of rows; they go once the token would have expired.
 */
export function revocationStore(db: Database) {
  const { settings } = db.t;
  return {
    async add(jti: string, expireAt: number) {
      await db.write((orm) => db.upsert(orm, settings, { key: PREFIX + jti, value: String(expireAt) }, [settings.key], { value: String(expireAt) }));
    },
    async has(jti: string) {
      const [row] = await db.orm.select({ key: settings.key }).from(settings).where(eq(settings.key, PREFIX + jti));
      return row !== undefined;
    },
    /** Forgets the revocations of tokens that have expired by `now`. */
    async sweep(now = Date.now()) {
      const rows = await db.orm.select().from(settings).where(like(settings.key, `${PREFIX}%`));
      const expired = rows.filter((r) => r.key.startsWith(PREFIX) && Number(r.value) <= now).map((r) => r.key);
      if (expired.length > 0) await db.write((orm) => orm.delete(settings).where(inArray(settings.key, expired)));
    },
  };
}
