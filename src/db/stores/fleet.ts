/** What instances sharing one database tell each other: which state changed, and that they are alive. */
import { asc, gte, eq, sql } from "drizzle-orm";
import type { Database } from "../connection";

export interface InstanceRow {
  id: string;
  host: string;
  version: string;
  started_at: number;
  heartbeat_at: number;
}

export function changeStore(db: Database) {
  const { stateChanges } = db.t;
  return {
    /** Bumps the version of each part, in one transaction. */
    async bump(parts: readonly string[]) {
      await db.transaction(async (tx) => {
        for (const part of parts)
          await db.upsert(tx, stateChanges, { part, version: 1 }, [stateChanges.part], { version: sql`${stateChanges.version} + 1` });
      });
    },
    /** Every part's version: one read of a table of a handful of rows. */
    async versions(): Promise<Map<string, number>> {
      const rows = await db.orm.select().from(stateChanges);
      return new Map(rows.map((r) => [r.part, Number(r.version)]));
    },
  };
}

export function instanceStore(db: Database) {
  const { instances } = db.t;
  return {
    async beat(row: InstanceRow) {
      await db.upsert(db.orm, instances, { ...row }, [instances.id], { host: row.host, version: row.version, started_at: row.started_at, heartbeat_at: row.heartbeat_at });
    },
    /** The instances whose last heartbeat is at `since` or later. */
    async seenSince(since: number): Promise<InstanceRow[]> {
      const rows = await db.orm.select().from(instances).where(gte(instances.heartbeat_at, since)).orderBy(asc(instances.id));
      return rows.map((r) => ({ ...r, started_at: Number(r.started_at), heartbeat_at: Number(r.heartbeat_at) }));
    },
    async remove(id: string) {
      await db.orm.delete(instances).where(eq(instances.id, id));
    },
  };
}
