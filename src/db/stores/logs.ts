import type { Database as SQLiteDriver } from "bun:sqlite";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { and, asc, count, desc, gt, max, min, eq, getTableColumns, getTableName, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Database, ServerDatabase, SqliteDatabase } from "../connection";
import type { LogSource } from "../schema/tables";
import { nativeOrm } from "../sqlite-shaped";
import type { StatMark } from "./stats";

export interface LogAttempt {
  channel_id: number;
  channel_name: string;
  key_remark: string;
  endpoint: string;
  status: number;
  error?: string;
  duration_ms: number;
}

export interface LogEntry {
  time: number;
  source: LogSource;
  /** The instance that served it and its number there, for folding it into the stats after a crash. */
  instance: string;
  seq: number;
  api_key_id: number;
  api_key_name: string;
  format: string;
  model: string;
  channel_id: number;
  channel_name: string;
  actual_model: string;
  status: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost: number;
  ttfb_ms: number;
  duration_ms: number;
  error: string | null;
  attempts: LogAttempt[];
  request_body: string | null;
  response_body: string | null;
}

export interface LogFilter {
  from?: number;
  to?: number;
  model?: string;
  channel_id?: number;
  api_key_id?: number;
  source?: LogSource;
  /** "success" (2xx) or "failed" (anything else), or an exact status. */
  status?: "success" | "failed" | number;
}

/** Where the list stops counting: past it the total says "more than" (a bounded index read). */
export const TOTAL_CAP = 10_000;

/** Filters whose total is remembered as past the cap at most (see `list`); past it the memory starts again. */
const CAPPED_MEMORY = 256;

/** Rows per statement of retention and clearing: each holds the writer for milliseconds, not seconds. */
export const DELETE_BATCH = 2000;

/** What a deletion in batches did; a batch's time (finding its rows, deleting them) is how long it held the writer. */
export interface Deletion {
  rows: number;
  batches: number;
  longest_batch_ms: number;
}

/** The stored `failed` column: any status outside 2xx. */
const failedStatus = (status: number) => status < 200 || status >= 300;

/**
 * Rows per SQLite INSERT at most (27 columns: 6,912 parameters, SQLite allows 32,766). Each row
 * costs SQLite less in a longer statement (~7.3 µs a row at 20 rows, ~6 at 256); a shorter rest
 * goes in statements of powers of two, so at most nine statements are ever prepared.
 */
const SQLITE_ROWS = 256;

/** How many of `left` rows the next statement takes: all it can, else the largest power of two. */
const statementRows = (left: number) => (left >= SQLITE_ROWS ? SQLITE_ROWS : 2 ** Math.floor(Math.log2(left)));

/**
 * JSON characters per MySQL statement: at most 3 bytes each in UTF-8, twice that once the driver
 * escapes them, under the 16 MiB max_allowed_packet MariaDB and MySQL 5.7 default to. Only captured
 * bodies make a batch this long.
 */
const MYSQL_JSON_CHARS = 2_000_000;

/** The table's columns but the generated id, and one entry's values for them as the driver takes them. */
function insertColumns(db: Database) {
  const { requestLogs: logs } = db.t;
  const columns = Object.entries(getTableColumns(logs)).filter(([key]) => key !== "id");
  const quote = (name: string) => (db.dialect === "mysql" ? `\`${name}\`` : `"${name}"`);
  const keys = columns.map(([key]) => key);
  const drivers = columns.map(([, column]) => column);
  /** One entry's values appended to `into`: plain loops, as this runs for every logged request. */
  const values = (entry: LogEntry, into: (string | number | boolean | null)[] = []) => {
    const fields = entry as unknown as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const value = keys[i] === "failed" ? failedStatus(entry.status) : fields[keys[i]];
      into.push(value == null ? null : (drivers[i].mapToDriverValue(value) as string | number | boolean));
    }
    return into;
  };
  return {
    table: quote(getTableName(logs)),
    names: columns.map(([, c]) => quote(c.name)).join(", "),
    columns: drivers,
    values,
    /**
     * One entry as a JSON object keyed by column name, for the server to unpack. Strings are made
     * well-formed first: a body cut inside a surrogate pair would otherwise be an escape the server
     * refuses, and the batch with it.
     */
    json(entry: LogEntry): string {
      const row: Record<string, unknown> = {};
      values(entry).forEach((value, i) => (row[columns[i][1].name] = typeof value === "string" ? value.toWellFormed() : value));
      return JSON.stringify(row);
    },
  };
}

/**
 * SQLite: prepared INSERTs of up to SQLITE_ROWS rows each (see statementRows), all in one transaction, the values
 * mapped column by column. Building the statement through the query builder costs ~10× more CPU
 * than SQLite's own work, and on SQLite that CPU is the request path's.
 */
function sqliteInsert(db: SqliteDatabase) {
  const { table, names, columns, values } = insertColumns(db);
  const head = `INSERT INTO ${table} (${names}) VALUES `;
  const row = `(${columns.map(() => "?").join(", ")})`;
  const statements = new Map<number, ReturnType<SQLiteDriver["prepare"]>>();
  const statement = (rows: number) => {
    let prepared = statements.get(rows);
    if (!prepared) statements.set(rows, (prepared = db.driver.prepare(head + Array(rows).fill(row).join(", "))));
    return prepared;
  };
  return (entries: LogEntry[]) =>
    db.transaction(async () => {
      for (let i = 0, n = 0; i < entries.length; i += n) {
        n = statementRows(entries.length - i);
        const bound: (string | number | boolean | null)[] = [];
        for (let k = i; k < i + n; k++) values(entries[k], bound);
        statement(n).run(...(bound as (string | number | null)[]));
      }
    });
}

/**
 * PostgreSQL and MySQL: a batch as one JSON parameter the server unpacks into rows
 * (json_populate_recordset; JSON_TABLE, MariaDB 10.6+ and MySQL 8). A multi-row INSERT built by the
 * query builder costs ~40 µs of the relay's thread per row (so the writer fell behind a busy relay);
 * this costs what JSON.stringify does. MySQL takes a long batch (captured bodies) in several
 * statements under its packet limit, in one transaction.
 */
function jsonInsert(db: ServerDatabase) {
  const { table, names, columns, json } = insertColumns(db);
  const [head, tail] =
    db.dialect === "postgres"
      ? [`INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, `, "::json)"]
      : [
          `INSERT INTO ${table} (${names}) SELECT ${names} FROM JSON_TABLE(`,
          `, '$[*]' COLUMNS (${columns.map((c) => `\`${c.name}\` ${c.getSQLType()} PATH '$.${c.name}'`).join(", ")})) AS batch`,
        ];
  const statement = (rows: string[]) => sql`${sql.raw(head)}${`[${rows.join(",")}]`}${sql.raw(tail)}`;
  return async (entries: LogEntry[]) => {
    const rows = entries.map(json);
    if (db.dialect === "postgres") return db.runPrepared(statement(rows));
    const statements: SQL[] = [];
    let chunk: string[] = [];
    let chars = 0;
    for (const row of rows) {
      if (chunk.length > 0 && chars + row.length > MYSQL_JSON_CHARS) {
        statements.push(statement(chunk));
        chunk = [];
        chars = 0;
      }
      chunk.push(row);
      chars += row.length;
    }
    statements.push(statement(chunk));
    if (statements.length === 1) return db.runPrepared(statements[0]);
    await db.transaction(async (tx) => {
      for (const s of statements) await nativeOrm("mysql", tx).execute(s);
    });
  };
}

export function logStore(db: Database) {
  const { requestLogs: logs } = db.t;
  const insert = db.dialect === "sqlite" ? sqliteInsert(db) : jsonInsert(db);

  /**
   * The `failed` values whose ranges a filter reads. Every index but the exact status's is
   * (X, failed, time, id), X being the filter's equality column if it has one: success/failed reads
   * one range, no class both, merged in list order (each read only as far as the page needs). An
   * exact status implies its class: with another filter that class's range holds it; alone (no
   * value here) the status index serves.
   */
  function failedRanges(f: LogFilter): boolean[] {
    if (f.status === "success" || f.status === "failed") return [f.status === "failed"];
    if (typeof f.status !== "number") return [false, true];
    const narrowed = f.model !== undefined || f.channel_id !== undefined || f.api_key_id !== undefined || f.source !== undefined;
    return narrowed ? [failedStatus(f.status)] : [];
  }

  /** The filter's conditions but the class (see `failedRanges`). */
  function where(f: LogFilter): SQL | undefined {
    const parts: (SQL | undefined)[] = [
      f.from !== undefined ? gte(logs.time, f.from) : undefined,
      f.to !== undefined ? lte(logs.time, f.to) : undefined,
      f.model !== undefined ? eq(logs.model, f.model) : undefined,
      f.channel_id !== undefined ? eq(logs.channel_id, f.channel_id) : undefined,
      f.api_key_id !== undefined ? eq(logs.api_key_id, f.api_key_id) : undefined,
      f.source !== undefined ? eq(logs.source, f.source) : undefined,
      typeof f.status === "number" ? eq(logs.status, f.status) : undefined,
    ];
    return and(...parts.filter((p): p is SQL => p !== undefined));
  }

  /**
   * The first `limit` rows past `offset` of `select` (a select from the table) that `condition`
   * selects, in `order` (by time, then id; none for a count), read in each of the `ranges` of
   * `failed`: with two, each range's first offset + limit rows merged (UNION ALL, each branch a
   * subquery: SQLite takes no LIMIT on a branch itself). The merge sorts those few rows at most,
   * never the whole filtered set.
   */
  function read<Q extends SQLiteSelect>(select: () => Q, condition: SQL | undefined, ranges: boolean[], order: typeof asc | undefined, limit: number, offset = 0) {
    // Built anew for each use: a set operation's ORDER BY rewrites its terms to name the columns bare.
    const ordered = () => (order ? [order(logs.time), order(logs.id)] : []);
    const range = (failed: boolean | undefined, rows: number) =>
      select()
        .where(and(condition, failed === undefined ? undefined : eq(logs.failed, failed)))
        .orderBy(...ordered())
        .limit(rows);
    if (ranges.length < 2) return range(ranges[0], limit).offset(offset);
    const [first, second] = ranges.map((failed, i) => db.orm.select().from(range(failed, offset + limit).as(`range${i}`)).$dynamic());
    // Both branches are the same select: drizzle cannot compare their shapes over a generic Q.
    return first
      .unionAll(second as never)
      .orderBy(...ordered())
      .limit(limit)
      .offset(offset);
  }

  const { request_body: _q, response_body: _r, failed: _f, ...listed } = getTableColumns(logs);
  /** A row's place in the list's order: every index holds it, so a count or a deletion reads no row. */
  const keys = () => db.orm.select({ id: logs.id, time: logs.time }).from(logs).$dynamic();
  const pageQuery = (f: LogFilter, after: SQL | undefined, pageSize: number, offset = 0) =>
    read(() => db.orm.select(listed).from(logs).$dynamic(), and(where(f), after), failedRanges(f), desc, pageSize, offset);
  /** Counts up to one past TOTAL_CAP: a bounded read of one or two index ranges. */
  const totalQuery = (f: LogFilter) =>
    db.orm
      .select({ n: count() })
      .from(read(keys, where(f), failedRanges(f), undefined, TOTAL_CAP + 1).as("counted"));

  /** The highest row id so far (0 with none). */
  async function lastId(): Promise<number> {
    const [{ id }] = await db.orm.select({ id: max(logs.id) }).from(logs);
    return Number(id ?? 0);
  }

  /** The lowest row id there is (0 with none): a deletion (retention, clearing) takes the oldest rows, so it changes. */
  async function firstId(): Promise<number> {
    const [{ id }] = await db.orm.select({ id: min(logs.id) }).from(logs);
    return Number(id ?? 0);
  }

  /**
   * The filters whose total was past the cap, with the lowest row id then. Writes only add rows,
   * so such a total stays past the cap until a deletion, which moves the lowest id: while it has
   * not moved, a list skips the count (the costliest read of a busy log, ~10,000 index entries).
   */
  const capped = new Map<string, number>();

  async function total(filter: LogFilter): Promise<number> {
    const key = JSON.stringify(filter);
    const since = capped.get(key);
    if (since !== undefined && since === (await firstId())) return TOTAL_CAP + 1;
    capped.delete(key);
    // The lowest id before the count: a deletion between the two then shows as a moved id next time.
    const first = await firstId();
    const [{ n }] = await totalQuery(filter);
    if (Number(n) > TOTAL_CAP) {
      if (capped.size >= CAPPED_MEMORY) capped.clear();
      capped.set(key, first);
    }
    return Number(n);
  }

  /**
   * Deletes the rows `batchIds` selects, DELETE_BATCH at a time (read in an index's order), until it finds none.
   * After each batch it waits as long as the batch took: a deletion of millions of rows takes at
   * most half of the writer, which on SQLite is the relay's own thread (its log writes wait their
   * turn on the same connection). Ids first: MySQL has no LIMIT in a subquery.
   */
  async function deleteInBatches(batchIds: () => Promise<{ id: number }[]>): Promise<Deletion> {
    const done: Deletion = { rows: 0, batches: 0, longest_batch_ms: 0 };
    for (;;) {
      const started = performance.now();
      const batch = await batchIds();
      if (batch.length === 0) return done;
      const selectMs = performance.now() - started;
      const deleteMs = await db.write(async (orm) => {
        const deleting = performance.now();
        await orm.delete(logs).where(inArray(logs.id, batch.map((row) => row.id)));
        return performance.now() - deleting;
      });
      done.rows += batch.length;
      done.batches++;
      done.longest_batch_ms = Math.max(done.longest_batch_ms, Math.round(selectMs + deleteMs));
      if (batch.length < DELETE_BATCH) return done;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, selectMs + deleteMs)));
    }
  }

  return {
    insert,
    /**
     * Newest first (by time, then id), without the captured bodies (fetched one log at a time with
     * `get`). The total is exact up to TOTAL_CAP; past it `total_capped` is set and it reads TOTAL_CAP.
     * Pages are 1-based (an OFFSET: deep ones cost more); with `beforeId` the page starts after
     * that row instead (keyset paging: every page costs the same), and `next_before_id`, given
     * with every page, continues after it (null at the end).
     */
    async list(filter: LogFilter, page: number, pageSize: number, beforeId?: number) {
      const pageRows = async () => {
        let after: SQL | undefined;
        if (beforeId !== undefined) {
          const [cursor] = await db.orm.select({ time: logs.time }).from(logs).where(eq(logs.id, beforeId));
          // Gone (pruned or cleared): so is everything listed after it.
          after = cursor
            ? and(lte(logs.time, cursor.time), or(lt(logs.time, cursor.time), lt(logs.id, beforeId)))
            : sql`1 = 0`;
        }
        return pageQuery(filter, after, pageSize, (page - 1) * pageSize);
      };
      // At once, on two connections of a server database's pool: under load each round trip counts.
      const [items, n] = await Promise.all([pageRows(), total(filter)]);
      const next_before_id = items.length === pageSize ? items[items.length - 1].id : null;
      return { items, total: Math.min(n, TOTAL_CAP), total_capped: n > TOTAL_CAP, next_before_id };
    },
    /** The list's two queries for `filter`, to check their plans. */
    listQueries(filter: LogFilter) {
      return { page: pageQuery(filter, undefined, 20), total: totalQuery(filter) };
    },
    lastId,
    /** What the stats need of `instance`'s rows past `mark`, in the order it numbered them. */
    async after(mark: StatMark) {
      return db.orm
        .select({
          seq: logs.seq,
          time: logs.time,
          api_key_id: logs.api_key_id,
          model: logs.model,
          channel_id: logs.channel_id,
          actual_model: logs.actual_model,
          status: logs.status,
          error: logs.error,
          input_tokens: logs.input_tokens,
          output_tokens: logs.output_tokens,
          cache_read_tokens: logs.cache_read_tokens,
          cache_write_tokens: logs.cache_write_tokens,
          reasoning_tokens: logs.reasoning_tokens,
          cost: logs.cost,
          ttfb_ms: logs.ttfb_ms,
        })
        .from(logs)
        .where(and(gt(logs.id, mark.log_id), eq(logs.instance, mark.instance), gt(logs.seq, mark.seq)))
        .orderBy(asc(logs.seq));
    },
    async get(id: number) {
      const [row] = await db.orm.select().from(logs).where(eq(logs.id, id));
      return row;
    },
    /** Deletes rows older than `time`, oldest first, DELETE_BATCH at a time. */
    deleteBefore(time: number) {
      return deleteInBatches(() => read(keys, lt(logs.time, time), [false, true], asc, DELETE_BATCH));
    },
    /** Deletes the rows there are now; rows the relay adds meanwhile stay (a busy relay would never let it finish). */
    async clear() {
      const last = await lastId();
      return deleteInBatches(() => keys().where(lte(logs.id, last)).orderBy(asc(logs.id)).limit(DELETE_BATCH));
    },
  };
}
