/**
 * One table definition serves three databases. `tables.ts` describes the schema once through a
 * column factory; this file gives that factory for SQLite, MySQL and PostgreSQL. The schema and the
 * stores are typed against the SQLite variant (see ../sqlite-shaped.ts for why and where).
 */
import * as s from "drizzle-orm/sqlite-core";
import * as m from "drizzle-orm/mysql-core";
import * as p from "drizzle-orm/pg-core";
import { sharedColumns } from "../sqlite-shaped";

const sqlite = {
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

export type ColumnFactory = typeof sqlite;

const jsonText = (build: typeof m.customType | typeof p.customType, dataType: string) =>
  build<{ data: unknown; driverData: string }>({
    dataType: () => dataType,
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === "string" ? JSON.parse(value) : value),
  });

const mysqlJson = jsonText(m.customType, "longtext");
const mysql = {
  table: m.mysqlTable,
  id: () => m.int().primaryKey().autoincrement(),
  str: (length: number) => m.varchar({ length }),
  text: () => m.longtext(),
  int: () => m.int(),
  big: () => m.bigint({ mode: "number" }),
  real: () => m.double(),
  bool: () => m.boolean(),
  json: () => mysqlJson(),
  index: m.index,
  uniqueIndex: m.uniqueIndex,
  primaryKey: m.primaryKey,
};

const pgJson = jsonText(p.customType, "text");
const postgres = {
  table: p.pgTable,
  id: () => p.serial().primaryKey(),
  str: (length: number) => p.varchar({ length }),
  text: () => p.text(),
  int: () => p.integer(),
  big: () => p.bigint({ mode: "number" }),
  real: () => p.doublePrecision(),
  bool: () => p.boolean(),
  json: () => pgJson(),
  index: p.index,
  uniqueIndex: p.uniqueIndex,
  primaryKey: p.primaryKey,
};

export const COLUMNS = {
  sqlite,
  mysql: sharedColumns(mysql),
  postgres: sharedColumns(postgres),
};
