import { eq } from "drizzle-orm";
import type { Database } from "../connection";

export function settingStore(db: Database) {
  const { settings } = db.t;
  return {
    async all(): Promise<Record<string, string>> {
      const rows = await db.orm.select().from(settings);
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    async get(key: string): Promise<string | undefined> {
      const [row] = await db.orm.select().from(settings).where(eq(settings.key, key));
      return row?.value;
    },
    async set(key: string, value: string) {
      await db.write((orm) => db.upsert(orm, settings, { key, value }, [settings.key], { value }));
    },
  };
}
