import { asc, eq, inArray } from "drizzle-orm";
import type { Database, Orm } from "../connection";
import type { BaseUrl, HeaderPair } from "../schema/tables";
import { isSecret } from "../../secrets";
import type { SecretBox } from "../../keys/secret-box";

export interface ChannelKeyInput {
  /** An existing key's id: keeps its stored secret unless `key` is given. */
  id?: number;
  key?: string;
  enabled?: boolean;
  remark?: string;
}

export interface ChannelInput {
  name: string;
  type: string;
  enabled?: boolean;
  base_urls: BaseUrl[];
  keys: ChannelKeyInput[];
  models: string[];
  model_filter?: string;
  auto_sync?: boolean;
  custom_headers?: HeaderPair[];
  param_override?: string;
  proxy_url?: string;
}

export type ChannelRow = Awaited<ReturnType<ReturnType<typeof channelStore>["list"]>>[number];
export type ChannelKey = ChannelRow["keys"][number];

import { StoreError } from "./store-error";

/**
 * Provider keys, and header values named or shaped like credentials, are sealed (see
 * keys/secret-box.ts) as they are written and opened as they are read: no other module sees a
 * sealed value, and no plain one reaches the database.
 */
export function channelStore(db: Database, secretBox?: SecretBox) {
  const { channels, channelKeys, groupItems } = db.t;
  const box = () => {
    if (!secretBox) throw new Error("channels need the secret key");
    return secretBox;
  };
  const sealHeaders = (headers: HeaderPair[]) => headers.map((h) => (isSecret(h.key, h.value) ? { ...h, value: box().seal(h.value) } : h));
  const openHeaders = (headers: HeaderPair[]) => headers.map((h) => ({ ...h, value: box().open(h.value) }));

  async function withKeys(tx: Orm, rows: (typeof channels.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const keys = await tx
      .select()
      .from(channelKeys)
      .where(
        inArray(
          channelKeys.channel_id,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(channelKeys.id));
    return rows.map((r) => ({
      ...r,
      custom_headers: openHeaders(r.custom_headers),
      keys: keys.filter((k) => k.channel_id === r.id).map((k) => ({ ...k, key: box().open(k.key) })),
    }));
  }

  /** Makes the channel's keys match `inputs`: update listed ids, insert new ones, delete the rest. */
  async function writeKeys(tx: Orm, channelId: number, inputs: ChannelKeyInput[]) {
    const existing = await tx.select().from(channelKeys).where(eq(channelKeys.channel_id, channelId));
    const byId = new Map(existing.map((k) => [k.id, k]));
    const keep = new Set<number>();
    for (const input of inputs) {
      const old = input.id === undefined ? undefined : byId.get(input.id);
      if (input.id !== undefined && !old) throw new StoreError(`keys: key id ${input.id} does not belong to this channel`);
      if (old) {
        keep.add(old.id);
        await tx
          .update(channelKeys)
          .set({
            key: input.key === undefined ? old.key : box().seal(input.key),
            enabled: input.enabled ?? old.enabled,
            remark: input.remark ?? old.remark,
          })
          .where(eq(channelKeys.id, old.id));
      } else {
        if (!input.key) throw new StoreError("keys: a new key needs its `key`");
        await tx.insert(channelKeys).values({
          channel_id: channelId,
          key: box().seal(input.key),
          enabled: input.enabled ?? true,
          remark: input.remark ?? "",
        });
      }
    }
    const stale = existing.filter((k) => !keep.has(k.id)).map((k) => k.id);
    if (stale.length > 0) await tx.delete(channelKeys).where(inArray(channelKeys.id, stale));
  }

  const fields = <I extends Partial<ChannelInput>>(input: I) => {
    const { keys: _keys, ...rest } = input;
    return rest.custom_headers ? { ...rest, custom_headers: sealHeaders(rest.custom_headers) } : rest;
  };

  return {
    async list() {
      return withKeys(db.orm, await db.orm.select().from(channels).orderBy(asc(channels.id)));
    },
    async get(id: number) {
      const [row] = await withKeys(db.orm, await db.orm.select().from(channels).where(eq(channels.id, id)));
      return row;
    },
    /** Inside `tx`: adds a channel (with `created_at`/`updated_at` from `times` when given). */
    async insertIn(tx: Orm, input: ChannelInput, times?: { created_at: number; updated_at: number }) {
      const now = Date.now();
      const id = await db.insertId(tx, channels, {
        enabled: true,
        model_filter: "",
        auto_sync: false,
        custom_headers: [],
        param_override: "",
        proxy_url: "",
        ...fields(input),
        created_at: times?.created_at ?? now,
        updated_at: times?.updated_at ?? now,
      });
      await writeKeys(tx, id, input.keys);
      return id;
    },
    /** Inside `tx`: changes the given fields; `keys`, when present, replaces the key set (see writeKeys). */
    async updateIn(tx: Orm, id: number, input: Partial<ChannelInput>, updatedAt = Date.now()) {
      const [row] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, id));
      if (!row) return false;
      await tx
        .update(channels)
        .set({ ...fields(input), updated_at: updatedAt })
        .where(eq(channels.id, id));
      if (input.keys) await writeKeys(tx, id, input.keys);
      return true;
    },
    async create(input: ChannelInput) {
      const id = await db.transaction((tx) => this.insertIn(tx, input));
      return (await this.get(id))!;
    },
    async update(id: number, input: Partial<ChannelInput>) {
      const found = await db.transaction((tx) => this.updateIn(tx, id, input));
      return found ? this.get(id) : undefined;
    },
    /** Deletes the channel with its keys and the group items that point at it. */
    async delete(id: number) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, id));
        if (!row) return false;
        await tx.delete(channelKeys).where(eq(channelKeys.channel_id, id));
        await tx.delete(groupItems).where(eq(groupItems.channel_id, id));
        await tx.delete(channels).where(eq(channels.id, id));
        return true;
      });
    },
  };
}
