import { and, count, desc, eq, getTableColumns, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { Database } from "../connection";

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
  /** "success" (2xx) or "failed" (anything else), or an exact status. */
  status?: "success" | "failed" | number;
}

/** Rows to insert per statement; keeps each under every driver's parameter limit. */
const BATCH = 200;

export function logStore(db: Database) {
  const { requestLogs: logs } = db.t;

  function where(f: LogFilter): SQL | undefined {
    const parts: (SQL | undefined)[] = [
      f.from !== undefined ? gte(logs.time, f.from) : undefined,
      f.to !== undefined ? lte(logs.time, f.to) : undefined,
      f.model !== undefined ? eq(logs.model, f.model) : undefined,
      f.channel_id !== undefined ? eq(logs.channel_id, f.channel_id) : undefined,
      f.api_key_id !== undefined ? eq(logs.api_key_id, f.api_key_id) : undefined,
      f.status === "success" ? and(gte(logs.status, 200), lt(logs.status, 300)) : undefined,
      f.status === "failed" ? or(lt(logs.status, 200), gte(logs.status, 300)) : undefined,
      typeof f.status === "number" ? eq(logs.status, f.status) : undefined,
    ];
    return and(...parts.filter((p): p is SQL => p !== undefined));
  }

  return {
    async insert(entries: LogEntry[]) {
      for (let i = 0; i < entries.length; i += BATCH) await db.orm.insert(logs).values(entries.slice(i, i + BATCH));
    },
    /** Newest first, without the captured bodies (fetched one log at a time with `get`). */
    async list(filter: LogFilter, page: number, pageSize: number) {
      const { request_body: _q, response_body: _r, ...columns } = getTableColumns(logs);
      const condition = where(filter);
      const items = await db.orm
        .select(columns)
        .from(logs)
        .where(condition)
        .orderBy(desc(logs.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ n }] = await db.orm.select({ n: count() }).from(logs).where(condition);
      return { items, total: Number(n) };
    },
    async get(id: number) {
      const [row] = await db.orm.select().from(logs).where(eq(logs.id, id));
      return row;
    },
    async deleteBefore(time: number) {
      await db.orm.delete(logs).where(lt(logs.time, time));
    },
    async clear() {
      await db.orm.delete(logs);
    },
  };
}
