/**
 * One connection per dialect behind one small interface, so the stores and the migration runner
 * are written once. Dialect differences live here and nowhere else.
 */
import { Database as SQLiteDriver } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { COLUMNS } from "./schema/columns";
import { defineTables, type Tables } from "./schema/tables";
import { parseMysqlDsn } from "./dsn";
import { createPrivate, tightenModes } from "../private-files";
import { offThreadReads, type OffThreadReads } from "./off-thread";

export type Dialect = "sqlite" | "mysql" | "postgres";

/** The query builder, typed as SQLite's (see schema/columns.ts); use only what all three share. */
export type Orm = BunSQLiteDatabase;

export interface Database {
  readonly dialect: Dialect;
  readonly orm: Orm;
  readonly t: Tables;
  /** Runs one raw statement, inside `tx` when given. */
  exec(statement: string, tx?: Orm): Promise<void>;
  /** Runs a query and returns its rows as plain objects. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** All-or-nothing; on SQLite transactions are serialised on the one connection. */
  transaction<T>(fn: (tx: Orm) => Promise<T>): Promise<T>;
  /** Inserts one row and returns its generated `id`. */
  insertId(tx: Orm, table: SQLiteTable, values: Record<string, unknown>): Promise<number>;
  /** Inserts, or on a conflict over `target` (a unique key) updates the row with `set`. */
  upsert(
    tx: Orm,
    table: SQLiteTable,
    values: Record<string, unknown>,
    target: SQLiteColumn[],
    set: Record<string, unknown>,
  ): Promise<void>;
  close(): Promise<void>;
  /** SQLite files only: the admin's reads, on a worker thread with a connection of its own. */
  readonly reads?: OffThreadReads;
}

export interface DatabaseConfig {
  type: Dialect;
  path: string;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.type === "sqlite") return openSqlite(config.path);
  if (config.type === "mysql") return openMysql(config.path);
  return openPostgres(config.path);
}

/** Insert with RETURNING (SQLite, PostgreSQL). */
async function returningId(tx: Orm, table: SQLiteTable, values: Record<string, unknown>) {
  const [row] = (await tx
    .insert(table)
    .values(values as never)
    .returning()) as { id: number }[];
  return row.id;
}

async function onConflictUpsert(
  tx: Orm,
  table: SQLiteTable,
  values: Record<string, unknown>,
  target: SQLiteColumn[],
  set: Record<string, unknown>,
) {
  await tx
    .insert(table)
    .values(values as never)
    .onConflictDoUpdate({ target, set: set as never });
}

function openSqlite(path: string): Database {
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    // Before SQLite writes anything: it gives its -wal and -shm files the database file's mode.
    createPrivate(path);
    tightenModes(path, `${path}-wal`, `${path}-shm`);
  }
  const driver = new SQLiteDriver(path, { create: true, strict: true });
  driver.exec("PRAGMA journal_mode = WAL");
  driver.exec("PRAGMA synchronous = NORMAL");
  driver.exec("PRAGMA busy_timeout = 5000");
  const orm = drizzleSqlite({ client: driver });
  let queue: Promise<unknown> = Promise.resolve();
  const reads = path === ":memory:" ? undefined : offThreadReads(path);
  return {
    dialect: "sqlite",
    orm,
    reads,
    t: defineTables(COLUMNS.sqlite),
    async exec(statement) {
      driver.exec(statement);
    },
    async rows<T>(query: SQL) {
      return orm.all(query) as T[];
    },
    transaction<T>(fn: (tx: Orm) => Promise<T>) {
      const run = async () => {
        driver.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(orm);
          driver.exec("COMMIT");
          return result;
        } catch (e) {
          driver.exec("ROLLBACK");
          throw e;
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => {});
      return result;
    },
    insertId: returningId,
    upsert: onConflictUpsert,
    async close() {
      reads?.close();
      await queue;
      driver.close();
    },
  };
}

// The MySQL and PostgreSQL drivers load only when used: on SQLite they would cost ~25 MiB for nothing.
async function openMysql(dsn: string): Promise<Database> {
  const [{ default: mysql }, { drizzle: drizzleMysql }] = await Promise.all([import("mysql2/promise"), import("drizzle-orm/mysql2")]);
  const target = parseMysqlDsn(dsn);
  const pool = mysql.createPool({ ...target, charset: "utf8mb4", connectionLimit: 10, supportBigNumbers: true });
  await pool.query("SELECT 1");
  const orm = drizzleMysql({ client: pool }) as unknown as Orm;
  const t = defineTables(COLUMNS.mysql);
  return {
    dialect: "mysql",
    orm,
    t,
    async exec(statement, tx) {
      await ((tx ?? orm) as any).execute(sql.raw(statement));
    },
    async rows<T>(query: SQL) {
      const [rows] = (await (orm as any).execute(query)) as [T[]];
      return rows;
    },
    transaction: (fn) => orm.transaction(fn as never) as never,
    async insertId(tx, table, values) {
      const [row] = (await (tx as any)
        .insert(table)
        .values(values)
        .$returningId()) as { id: number }[];
      return row.id;
    },
    async upsert(tx, table, values, _target, set) {
      await (tx as any).insert(table).values(values).onDuplicateKeyUpdate({ set });
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const [{ default: postgres }, { drizzle: drizzlePostgres }] = await Promise.all([import("postgres"), import("drizzle-orm/postgres-js")]);
  const client = postgres(url, { max: 10, onnotice: () => {} });
  await client`SELECT 1`;
  const orm = drizzlePostgres({ client }) as unknown as Orm;
  return {
    dialect: "postgres",
    orm,
    t: defineTables(COLUMNS.postgres),
    async exec(statement, tx) {
      await ((tx ?? orm) as any).execute(sql.raw(statement));
    },
    async rows<T>(query: SQL) {
      return [...((await (orm as any).execute(query)) as T[])];
    },
    transaction: (fn) => orm.transaction(fn as never) as never,
    insertId: returningId,
    upsert: onConflictUpsert,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

export { sql };
