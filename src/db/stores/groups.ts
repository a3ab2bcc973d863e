import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database, Orm } from "../connection";
import { StoreError } from "./store-error";

export const BALANCE_MODES = ["round_robin", "random", "failover", "weighted", "manual"] as const;
export type BalanceMode = (typeof BALANCE_MODES)[number];

export interface GroupItemInput {
  channel_id: number;
  model: string;
  priority?: number;
  weight?: number;
}

export interface GroupInput {
  name: string;
  mode: BalanceMode;
  items: GroupItemInput[];
  first_byte_timeout?: number;
  stream_idle_timeout?: number;
  request_timeout?: number;
  affinity_window?: number;
  aliases?: string[];
  /** An id of one of the group's items (as listed), or null. */
  active_item_id?: number | null;
}

export type GroupRow = Awaited<ReturnType<ReturnType<typeof groupStore>["list"]>>[number];
export type GroupItem = GroupRow["items"][number];

export function groupStore(db: Database) {
  const { groups, groupItems } = db.t;

  async function withItems(tx: Orm, rows: (typeof groups.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const items = await tx
      .select()
      .from(groupItems)
      .where(
        inArray(
          groupItems.group_id,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(groupItems.position), asc(groupItems.id));
    return rows.map((r) => ({
      ...r,
      mode: r.mode as BalanceMode,
      aliases: r.aliases ?? [],
      items: items.filter((i) => i.group_id === r.id).map(({ position: _position, ...item }) => item),
    }));
  }

  /**
   * Replaces the group's items. An item that stays (same channel and model) keeps its id, so an
   * `active_item_id` naming it still holds; one that goes takes the group's active choice with it.
   */
  async function writeItems(tx: Orm, groupId: number, items: GroupItemInput[]) {
    const existing = await tx.select({ id: groupItems.id, channel_id: groupItems.channel_id, model: groupItems.model }).from(groupItems).where(eq(groupItems.group_id, groupId));
    const kept = new Set<number>();
    for (const [i, item] of items.entries()) {
      // An item without a priority takes its place in the list: failover then follows the list order.
      const values = { priority: i + 1, weight: 1, ...item, group_id: groupId, position: i };
      const same = existing.find((e) => e.channel_id === item.channel_id && e.model === item.model && !kept.has(e.id));
      if (same) {
        kept.add(same.id);
        await tx.update(groupItems).set(values).where(eq(groupItems.id, same.id));
      } else await tx.insert(groupItems).values(values);
    }
    const gone = existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
    if (gone.length === 0) return;
    await tx.delete(groupItems).where(inArray(groupItems.id, gone));
    await tx.update(groups).set({ active_item_id: null }).where(and(eq(groups.id, groupId), inArray(groups.active_item_id, gone)));
  }

  async function checkActive(tx: Orm, groupId: number, itemId: number | null | undefined) {
    if (itemId === null || itemId === undefined) return;
    const [item] = await tx.select({ id: groupItems.id }).from(groupItems).where(and(eq(groupItems.id, itemId), eq(groupItems.group_id, groupId)));
    if (!item) throw new StoreError(`active_item_id: ${itemId} is not an item of this group`);
  }

  const fields = <I extends Partial<GroupInput>>(input: I) => {
    const { items: _items, ...rest } = input;
    return rest;
  };

  return {
    async list() {
      return withItems(db.orm, await db.orm.select().from(groups).orderBy(asc(groups.id)));
    },
    async get(id: number) {
      const [row] = await withItems(db.orm, await db.orm.select().from(groups).where(eq(groups.id, id)));
      return row;
    },
    /** Inside `tx`: adds a group (with `created_at`/`updated_at` from `times` when given). */
    async insertIn(tx: Orm, input: GroupInput, times?: { created_at: number; updated_at: number }) {
      const now = Date.now();
      // New items have no id yet: the active one is chosen once the group exists.
      if (input.active_item_id != null) throw new StoreError("active_item_id: a new group's items have no id yet; set it with group/update");
      const id = await db.insertId(tx, groups, { ...fields(input), created_at: times?.created_at ?? now, updated_at: times?.updated_at ?? now });
      await writeItems(tx, id, input.items);
      return id;
    },
    /** Inside `tx`: changes the given fields; `items`, when present, replaces the items. */
    async updateIn(tx: Orm, id: number, input: Partial<GroupInput>, updatedAt = Date.now()) {
      const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, id));
      if (!row) return false;
      await tx
        .update(groups)
        .set({ ...fields(input), updated_at: updatedAt })
        .where(eq(groups.id, id));
      if (input.items) await writeItems(tx, id, input.items);
      await checkActive(tx, id, input.active_item_id);
      return true;
    },
    /** Inside `tx`: the ids of a group's items, in list order. */
    async itemIdsIn(tx: Orm, id: number) {
      const rows = await tx.select({ id: groupItems.id }).from(groupItems).where(eq(groupItems.group_id, id)).orderBy(asc(groupItems.position), asc(groupItems.id));
      return rows.map((r) => r.id);
    },
    async create(input: GroupInput) {
      const id = await db.transaction((tx) => this.insertIn(tx, input));
      return (await this.get(id))!;
    },
    async update(id: number, input: Partial<GroupInput>) {
      const found = await db.transaction((tx) => this.updateIn(tx, id, input));
      return found ? this.get(id) : undefined;
    },
    async delete(id: number) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, id));
        if (!row) return false;
        await tx.delete(groupItems).where(eq(groupItems.group_id, id));
        await tx.delete(groups).where(eq(groups.id, id));
        return true;
      });
    },
  };
}
