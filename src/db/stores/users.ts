import { eq, sql } from "drizzle-orm";
import type { Database } from "../connection";

export type User = Awaited<ReturnType<ReturnType<typeof userStore>["findById"]>> & {};

export function userStore(db: Database) {
  const { users } = db.t;
  return {
    async count() {
      const [row] = await db.orm.select({ n: sql<number>`count(*)` }).from(users);
      return Number(row.n);
    },
    async findById(id: number) {
      const [row] = await db.orm.select().from(users).where(eq(users.id, id));
      return row;
    },
    list() {
      return db.orm.select().from(users);
    },
    async findByUsername(username: string) {
      const [row] = await db.orm.select().from(users).where(eq(users.username, username));
      return row;
    },
    create(username: string, passwordHash: string) {
      return db.write((orm) => db.insertId(orm, users, { username, password_hash: passwordHash, token_version: 0, created_at: Date.now() }));
    },
    /** Sets a new password hash and invalidates every token issued before. */
    async setPassword(id: number, passwordHash: string) {
      await db.write((orm) =>
        orm
          .update(users)
          .set({ password_hash: passwordHash, token_version: sql`${users.token_version} + 1` })
          .where(eq(users.id, id)),
      );
    },
    async setUsername(id: number, username: string) {
      await db.write((orm) => orm.update(users).set({ username }).where(eq(users.id, id)));
    },
  };
}
