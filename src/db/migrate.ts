/**
 * Runs the schema migrations at start. Each one is applied and recorded together (one
 * transaction on SQLite and PostgreSQL), so a failed migration is never recorded as applied and
 * stops start-up. MySQL commits DDL implicitly: there a failed migration may leave part of its
 * statements behind, so a re-run tolerates "already exists" errors and resumes.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./connection";
import { MIGRATIONS } from "./migrations";

export interface Migration {
  name: string;
  sql: string;
}

export class MigrationError extends Error {}

/** MySQL/MariaDB: table, column or index already exists. */
const MYSQL_ALREADY_EXISTS = new Set([1050, 1060, 1061]);

export async function migrate(db: Database, migrations: Migration[] = MIGRATIONS[db.dialect]): Promise<string[]> {
  await db.exec(
    "CREATE TABLE IF NOT EXISTS octopus_migrations (name VARCHAR(255) NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
  );
  const done = new Set(
    (await db.rows<{ name: string }>(sql`SELECT name FROM octopus_migrations`)).map((row) => row.name),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const statements = migration.sql
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      await db.transaction(async (tx) => {
        for (const statement of statements) {
          try {
            await db.exec(statement, tx);
          } catch (e) {
            const code = (e as { errno?: number }).errno ?? (e as { cause?: { errno?: number } }).cause?.errno;
            if (db.dialect === "mysql" && code !== undefined && MYSQL_ALREADY_EXISTS.has(code)) continue;
            throw e;
          }
        }
        await db.exec(
          `INSERT INTO octopus_migrations (name, applied_at) VALUES ('${migration.name.replace(/'/g, "''")}', ${Date.now()})`,
          tx,
        );
      });
    } catch (e) {
      const cause = (e as { cause?: Error }).cause ?? (e as Error);
      throw new MigrationError(`migration ${migration.name} failed: ${cause.message}`);
    }
    applied.push(migration.name);
  }
  return applied;
}
