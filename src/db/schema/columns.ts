/**
 * One table definition serves three databases. `tables.ts` describes the schema once through a
 * column factory; this file gives SQLite's, columns-mysql.ts and columns-postgres.ts the others'
 * (loaded only when that database is used: each drizzle dialect costs megabytes of memory). The
 * schema and the stores are typed against the SQLite variant (see ../sqlite-shaped.ts for why and where).
 */
import * as s from "drizzle-orm/sqlite-core";
import type * as m from "drizzle-orm/mysql-core";
import type * as p from "drizzle-orm/pg-core";

export const sqliteColumns = {
  table: s.sqliteTable,
  id: () => s.integer().primaryKey({ autoIncrement: true }),
  /** Short indexed text (names, model ids). */
  str: (length: number) => s.text({ length }),
  /** Text of any size (up to MySQL's LONGTEXT). */
  text: () => s.text(),
  int: () => s.integer(),
  /** Counters and millisecond timestamps: 64 bits where the database distinguishes. */
  big: () => s.integer(),
  real: () => s.real(),
  bool: () => s.integer({ mode: "boolean" }),
  json: <T>() => s.text({ mode: "json" }).$type<T>(),
  index: s.index,
  uniqueIndex: s.uniqueIndex,
  primaryKey: s.primaryKey,
};

export type ColumnFactory = typeof sqliteColumns;

/** JSON kept as text, for MySQL and PostgreSQL (SQLite has its own json mode). */
export const jsonText = (build: typeof m.customType | typeof p.customType, dataType: string) =>
  build<{ data: unknown; driverData: string }>({
    dataType: () => dataType,
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === "string" ? JSON.parse(value) : value),
  });
