/**
 * The one place where types are asserted rather than checked.
 *
 * The schema (schema/tables.ts) and the stores are written once, against SQLite's drizzle types.
 * drizzle types each dialect's column builders, tables and query builders apart and cannot express
 * one builder generic over them (a column factory would need higher-kinded types), so MySQL's and
 * PostgreSQL's objects are handed to the shared code under SQLite's types here. What the shared code
 * calls — select/insert/update/delete with where, orderBy, limit, returning and onConflictDoUpdate
 * on SQLite and PostgreSQL — takes the same arguments and gives the same JavaScript values on all
 * three (booleans, numbers, parsed JSON); src/db/db.test.ts runs every store on all three to hold
 * that true. Calls that differ per dialect (execute, $returningId, onDuplicateKeyUpdate,
 * transactions) go back to the dialect's own types through the `native*` functions and are checked.
 */
import type { BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { MySqlDatabase, MySqlTable } from "drizzle-orm/mysql-core";
import type { MySql2PreparedQueryHKT, MySql2QueryResultHKT } from "drizzle-orm/mysql2";
import type { PgDatabase, PgTable } from "drizzle-orm/pg-core";
import type { PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { ColumnFactory } from "./schema/columns";

/** The query builder the stores use: SQLite's type; on the other databases their own at run time. */
export type Orm = BunSQLiteDatabase;

/** MySQL's database or transaction, as drizzle types it. */
export type MysqlOrm = MySqlDatabase<MySql2QueryResultHKT, MySql2PreparedQueryHKT>;
/** PostgreSQL's database or transaction, as drizzle types it. */
export type PostgresOrm = PgDatabase<PostgresJsQueryResultHKT>;

interface Native {
  mysql: { orm: MysqlOrm; table: MySqlTable };
  postgres: { orm: PostgresOrm; table: PgTable };
}

/** A MySQL or PostgreSQL query builder (or transaction), as the stores see it. */
export const sharedOrm = (orm: MysqlOrm | PostgresOrm) => orm as unknown as Orm;

/** A column factory for MySQL or PostgreSQL, as the schema sees it. */
export const sharedColumns = (factory: Record<keyof ColumnFactory, unknown>) => factory as unknown as ColumnFactory;

/** Back from the stores' view: the query builder `orm` is on dialect `D`. */
export const nativeOrm = <D extends keyof Native>(_dialect: D, orm: Orm) => orm as unknown as Native[D]["orm"];

/** Back from the stores' view: the table `table` is on dialect `D`. */
export const nativeTable = <D extends keyof Native>(_dialect: D, table: SQLiteTable) => table as unknown as Native[D]["table"];
