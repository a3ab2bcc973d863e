import { asc, eq, inArray } from "drizzle-orm";
import type { Database, Orm } from "../connection";

export const BALANCE_MODES = ["round_robin", "random", "failover", "weighted"] as const;
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
      .orderBy(asc(groupItems.id));
    return rows.map((r) => ({ ...r, mode: r.mode as BalanceMode, items: items.filter((i) => i.group_id === r.id) }));
  }

  async function writeItems(tx: Orm, groupId: number, items: GroupItemInput[]) {
    await tx.delete(groupItems).where(eq(groupItems.group_id, groupId));
    // An item without a priority takes its place in the list: failover then follows the list order.
    for (const [i, item] of items.entries())
      await tx.insert(groupItems).values({ priority: i + 1, weight: 1, ...item, group_id: groupId });
  }

  const fields = (input: Partial<GroupInput>) => {
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
    async create(input: GroupInput) {
      const now = Date.now();
      const id = await db.transaction(async (tx) => {
        const id = await db.insertId(tx, groups, { ...fields(input), created_at: now, updated_at: now });
        await writeItems(tx, id, input.items);
        return id;
      });
      return (await this.get(id))!;
    },
    async update(id: number, input: Partial<GroupInput>) {
      const found = await db.transaction(async (tx) => {
        const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, id));
        if (!row) return false;
        await tx
          .update(groups)
          .set({ ...fields(input), updated_at: Date.now() })
          .where(eq(groups.id, id));
        if (input.items) await writeItems(tx, id, input.items);
        return true;
      });
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
