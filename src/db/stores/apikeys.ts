import { asc, eq } from "drizzle-orm";
import type { Database } from "../connection";

/** A key's settings, as `apikey/create` and `apikey/update` take them. */
export interface ApiKeyInput {
  name: string;
  enabled?: boolean;
  /** Unix milliseconds; null never expires. */
  expire_at?: number | null;
  /** USD; null is unlimited. */
  max_cost?: number | null;
  /** Group names the key may use; empty allows all. */
  supported_models?: string[];
  /** Requests per minute, tokens per minute, requests in flight; null takes the settings' default, 0 is no limit. */
  rpm?: number | null;
  tpm?: number | null;
  max_concurrency?: number | null;
}

export type ApiKeyRow = Awaited<ReturnType<ReturnType<typeof apiKeyStore>["list"]>>[number];

export function apiKeyStore(db: Database) {
  const { apiKeys } = db.t;
  return {
    list() {
      return db.orm.select().from(apiKeys).orderBy(asc(apiKeys.id));
    },
    async get(id: number) {
      const [row] = await db.orm.select().from(apiKeys).where(eq(apiKeys.id, id));
      return row;
    },
    /** Stores a key by its hash; the caller generated the key and shows it once. */
    async create(input: ApiKeyInput, keyHash: string, keyPrefix: string) {
      const id = await db.write((orm) =>
        db.insertId(orm, apiKeys, {
          enabled: true,
          expire_at: null,
          max_cost: null,
          supported_models: [],
          ...input,
          key_hash: keyHash,
          key_prefix: keyPrefix,
          created_at: Date.now(),
        }),
      );
      return (await this.get(id))!;
    },
    async update(id: number, input: Partial<ApiKeyInput>) {
      if (!(await this.get(id))) return undefined;
      if (Object.keys(input).length > 0) await db.write((orm) => orm.update(apiKeys).set(input).where(eq(apiKeys.id, id)));
      return this.get(id);
    },
    async delete(id: number) {
      if (!(await this.get(id))) return false;
      await db.write((orm) => orm.delete(apiKeys).where(eq(apiKeys.id, id)));
      return true;
    },
  };
}
