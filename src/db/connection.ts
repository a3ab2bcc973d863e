/**
 * One connection per dialect behind one small interface, so the stores and the migration runner
 * are written once. Dialect differences live here and nowhere else.
 */
import { Database as SQLiteDriver, type Statement } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable, SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { MySql2Database } from "drizzle-orm/mysql2";
import type { RowDataPacket } from "mysql2/promise";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { sqliteColumns } from "./schema/columns";
import { defineTables, type Tables } from "./schema/tables";
import { parseMysqlDsn } from "./dsn";
import { createPrivate, tightenModes } from "../private-files";
import { nativeOrm, nativeTable, sharedOrm, type Orm } from "./sqlite-shaped";
import { offThreadReads, type OffThreadReads } from "./off-thread";

export type Dialect = "sqlite" | "mysql" | "postgres";

export type { Orm };

/** SQLite's connection, which also hands out its driver (for statements drizzle does not prepare as wanted). */
export interface SqliteDatabase extends Connection {
  readonly dialect: "sqlite";
  readonly driver: SQLiteDriver;
}

export interface ServerDatabase extends Connection {
  readonly dialect: "mysql" | "postgres";
  /**
   * Runs a write that each connection prepares once and keeps, for one statement run over and over
   * (the request log's batch insert). MySQL then takes the parameters as they are (binary protocol)
   * instead of escaped into the text; PostgreSQL's driver prepares every query anyway.
   */
  runPrepared(query: SQL): Promise<void>;
}

export type Database = SqliteDatabase | ServerDatabase;

interface Connection {
  readonly dialect: Dialect;
  readonly orm: Orm;
  readonly t: Tables;
  /** Runs one raw statement, inside `tx` when given. */
  exec(statement: string, tx?: Orm): Promise<void>;
  /** Runs a query and returns its rows as plain objects. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** All-or-nothing; on SQLite transactions are serialised on the one connection. */
  transaction<T>(fn: (tx: Orm) => Promise<T>): Promise<T>;
  /**
   * A write outside a transaction. On SQLite it waits for the transaction in progress on the one
   * connection, which it would otherwise join (and be rolled back with); elsewhere it runs at once.
   */
  write<T>(fn: (orm: Orm) => Promise<T>): Promise<T>;
  /** Inserts one row and returns its generated `id`. */
  insertId<T extends SQLiteTable>(tx: Orm, table: T, values: SQLiteInsertValue<T>): Promise<number>;
  /** Inserts, or on a conflict over `target` (a unique key) updates the row with `set`. */
  upsert<T extends SQLiteTable>(tx: Orm, table: T, values: SQLiteInsertValue<T>, target: SQLiteColumn[], set: SQLiteUpdateSetSource<T>): Promise<void>;
  /**
   * Runs `fn` holding a lock named `name` across every process on the database (PostgreSQL's
   * advisory lock, MySQL's GET_LOCK); the others wait for it. SQLite has one process: no lock.
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** PostgreSQL only: calls `onNotify` on each NOTIFY of `channel`; resolves to the unlisten. */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** PostgreSQL only: NOTIFY `channel`. */
  notify?(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
  /** The admin's reads, on a worker thread with a connection of its own (not for an in-memory SQLite). */
  readonly reads?: OffThreadReads;
}

/** How long start-up waits for another instance's lock (migrations) before giving up. */
const LOCK_WAIT_SECONDS = 300;

export interface DatabaseConfig {
  type: Dialect;
  path: string;
}

/** A connection's role: the instance's own (a pool of 10 on a server), or its read worker's (read-only, a pool of 4). */
export type Role = "main" | "reader";

const POOL_SIZE: Record<Role, number> = { main: 10, reader: 4 };

export async function openDatabase(config: DatabaseConfig, role: Role = "main"): Promise<Database> {
  const opened =
    config.type === "sqlite" ? openSqlite(config.path, role) : config.type === "mysql" ? await openMysql(config.path, role) : await openPostgres(config.path, role);
  if (role === "reader" || config.path === ":memory:") return opened;
  const reads = offThreadReads(config);
  return {
    ...opened,
    reads,
    async close() {
      await reads.close();
      await opened.close();
    },
  };
}

/** Insert with RETURNING (SQLite, PostgreSQL). */
async function returningId<T extends SQLiteTable>(tx: Orm, table: T, values: SQLiteInsertValue<T>) {
  const [row] = await tx.insert(table).values(values).returning({ id: sql<number>`id` });
  return row.id;
}

async function onConflictUpsert<T extends SQLiteTable>(tx: Orm, table: T, values: SQLiteInsertValue<T>, target: SQLiteColumn[], set: SQLiteUpdateSetSource<T>) {
  await tx.insert(table).values(values).onConflictDoUpdate({ target, set });
}

/** Statements kept by their text on one connection, the most recently used ones. */
const KEPT_STATEMENTS = 32;

/**
 * The driver as drizzle sees it, each statement prepared once: drizzle prepares every query anew,
 * and with its statements kept a filtered log list takes 30–38% less time and CPU. A statement
 * dropped from the kept ones is finalized by the garbage collector, as drizzle's own are.
 */
function reusingStatements(driver: SQLiteDriver): SQLiteDriver {
  const kept = new Map<string, Statement>();
  const prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else statement = driver.prepare(sql);
    kept.set(sql, statement);
    if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    return statement;
  };
  return { exec: (sql: string) => driver.exec(sql), prepare, transaction: (fn: () => void) => driver.transaction(fn) } as unknown as SQLiteDriver;
}

function openSqlite(path: string, role: Role): SqliteDatabase {
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
  if (role === "reader") driver.exec("PRAGMA query_only = ON");
  const orm = drizzleSqlite({ client: reusingStatements(driver) });
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `run` after everything queued before it; its failure is its caller's, not the queue's. */
  const serially = <T>(run: () => Promise<T>) => {
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  };
  return {
    dialect: "sqlite",
    driver,
    orm,
    t: defineTables(sqliteColumns),
    async exec(statement) {
      driver.exec(statement);
    },
    async rows<T>(query: SQL) {
      return orm.all(query) as T[];
    },
    transaction<T>(fn: (tx: Orm) => Promise<T>) {
      return serially(async () => {
        driver.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(orm);
          driver.exec("COMMIT");
          return result;
        } catch (e) {
          driver.exec("ROLLBACK");
          throw e;
        }
      });
    },
    write: (fn) => serially(() => fn(orm)),
    insertId: returningId,
    upsert: onConflictUpsert,
    exclusive: (_name, fn) => fn(),
    async close() {
      await queue;
      driver.close();
    },
  };
}

// The MySQL and PostgreSQL drivers, drizzle dialects and column factories load only when used: on
// SQLite they would cost tens of megabytes for nothing.
async function openMysql(dsn: string, role: Role): Promise<ServerDatabase> {
  const [{ default: mysql }, { drizzle: drizzleMysql }, { MySqlDialect }, { mysqlColumns }] = await Promise.all([
    import("mysql2/promise"),
    import("drizzle-orm/mysql2"),
    import("drizzle-orm/mysql-core"),
    import("./schema/columns-mysql"),
  ]);
  const target = parseMysqlDsn(dsn);
  const pool = mysql.createPool({ ...target, charset: "utf8mb4", connectionLimit: POOL_SIZE[role], supportBigNumbers: true });
  // mysql2's pool emits each new connection's (callback-style) handle.
  if (role === "reader") pool.pool.on("connection", (connection: { query(sql: string): void }) => connection.query("SET SESSION TRANSACTION READ ONLY"));
  await pool.query("SELECT 1");
  const native: MySql2Database = drizzleMysql({ client: pool });
  const orm = sharedOrm(native);
  const own = (tx: Orm | undefined) => (tx ? nativeOrm("mysql", tx) : native);
  return {
    dialect: "mysql",
    orm,
    t: defineTables(mysqlColumns),
    async exec(statement, tx) {
      await own(tx).execute(sql.raw(statement));
    },
    async rows<T>(query: SQL) {
      // drizzle types MySQL's execute() as a write's header; mysql2 types a query's rows.
      const { sql: text, params } = new MySqlDialect().sqlToQuery(query);
      const [rows] = await pool.query<RowDataPacket[]>({ sql: text, values: params });
      return rows as T[];
    },
    async runPrepared(query) {
      const { sql: text, params } = new MySqlDialect().sqlToQuery(query);
      await pool.execute({ sql: text, values: params });
    },
    transaction: (fn) => native.transaction((tx) => fn(sharedOrm(tx))),
    write: (fn) => fn(orm),
    async insertId(tx, table, values) {
      const [row] = await own(tx).insert(nativeTable("mysql", table)).values(values).$returningId();
      return (row as { id: number }).id;
    },
    async upsert(tx, table, values, _target, set) {
      await own(tx).insert(nativeTable("mysql", table)).values(values).onDuplicateKeyUpdate({ set });
    },
    async exclusive(name, fn) {
      // GET_LOCK belongs to a session: held on one connection of the pool for the whole run.
      const connection = await pool.getConnection();
      try {
        const [[row]] = await connection.query<RowDataPacket[]>("SELECT GET_LOCK(?, ?) AS got", [name, LOCK_WAIT_SECONDS]);
        if (Number(row.got) !== 1) throw new Error(`timed out waiting for the database lock ${JSON.stringify(name)}`);
        try {
          return await fn();
        } finally {
          await connection.query("SELECT RELEASE_LOCK(?)", [name]);
        }
      } finally {
        connection.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPostgres(url: string, role: Role): Promise<ServerDatabase> {
  const [{ default: postgres }, { drizzle: drizzlePostgres }, { postgresColumns }] = await Promise.all([
    import("postgres"),
    import("drizzle-orm/postgres-js"),
    import("./schema/columns-postgres"),
  ]);
  // The reader's session also prices a random page read as a cached table's are (PostgreSQL's
  // advice for data in memory or on SSDs): at the default 4, a log list filtered by a channel whose
  // rows are not the newest scanned the class index in time order, past every newer row of the
  // others, instead of reading the channel's own range (18 ms against 0.1 with 100,000 rows).
  const reader = role === "reader" ? { default_transaction_read_only: true, random_page_cost: "1.1" } : {};
  const client = postgres(url, { max: POOL_SIZE[role], onnotice: () => {}, connection: reader });
  await client`SELECT 1`;
  const native: PostgresJsDatabase = drizzlePostgres({ client });
  const orm = sharedOrm(native);
  return {
    dialect: "postgres",
    orm,
    t: defineTables(postgresColumns),
    async exec(statement, tx) {
      await (tx ? nativeOrm("postgres", tx) : native).execute(sql.raw(statement));
    },
    async rows<T>(query: SQL) {
      return [...(await native.execute(query))] as T[];
    },
    async runPrepared(query) {
      await native.execute(query);
    },
    transaction: (fn) => native.transaction((tx) => fn(sharedOrm(tx))),
    write: (fn) => fn(orm),
    insertId: returningId,
    upsert: onConflictUpsert,
    async exclusive(name, fn) {
      // An advisory lock belongs to a session: held on one reserved connection for the whole run.
      const connection = await client.reserve();
      try {
        await connection.unsafe(`SET lock_timeout = '${LOCK_WAIT_SECONDS}s'`);
        await connection`SELECT pg_advisory_lock(hashtext(${name}))`;
        try {
          return await fn();
        } finally {
          await connection`SELECT pg_advisory_unlock(hashtext(${name}))`;
        }
      } finally {
        await connection.unsafe("RESET lock_timeout").catch(() => {});
        connection.release();
      }
    },
    async listen(channel, onNotify) {
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    async notify(channel, payload) {
      await client.notify(channel, payload);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

export { sql };
