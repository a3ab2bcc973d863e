/** The same store suite on SQLite, MariaDB/MySQL and PostgreSQL (real servers, fresh databases). */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { SecretBox } from "../keys/secret-box";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../../test/databases";
import { openDatabase, type Database } from "./connection";
import { migrate, MigrationError } from "./migrate";
import { MIGRATIONS } from "./migrations";
import { createStores, StoreError, type Stores } from "./stores";
import { zeroCounters } from "./stores/stats";
import { DELETE_BATCH, TOTAL_CAP, type LogEntry, type LogFilter } from "./stores/logs";
import { logEntry } from "../../test/log-rows";

const tableExists = async (db: Database, name: string) => {
  const query =
    db.dialect === "sqlite"
      ? sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${name}`
      : db.dialect === "mysql"
        ? sql`SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ${name}`
        : sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ${name}`;
  return (await db.rows(query)).length > 0;
};

const appliedNames = async (db: Database) =>
  (await db.rows<{ name: string }>(sql`SELECT name FROM octopus_migrations ORDER BY name`)).map((r) => r.name);


/** The plan of `query` as text: SQLite's EXPLAIN QUERY PLAN, MySQL's EXPLAIN rows, PostgreSQL's EXPLAIN lines. */
async function explain(db: Database, query: SQL): Promise<string> {
  if (db.dialect === "sqlite") return (await db.rows<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join("\n");
  if (db.dialect === "mysql") return (await db.rows<Record<string, unknown>>(sql`EXPLAIN ${query}`)).map((r) => `${r.table} type=${r.type} key=${r.key} ${r.Extra}`).join("\n");
  // A small table is cheaper to read whole: take the plan PostgreSQL uses once it is large.
  return db.transaction(async (tx) => {
    await db.exec("SET LOCAL enable_seqscan = off", tx);
    const rows = (await (tx as unknown as { execute(q: SQL): Promise<Record<string, string>[]> }).execute(sql`EXPLAIN ${query}`)) ?? [];
    return [...rows].map((r) => r["QUERY PLAN"]).join("\n");
  });
}

for (const dialect of DIALECTS) {
  describe(`stores on ${dialect}`, () => {
    let target: TestDatabase;
    let db: Database;
    let s: Stores;

    beforeAll(async () => {
      target = await createTestDatabase(dialect);
      db = await openDatabase(target.config);
      await migrate(db);
      s = createStores(db, new SecretBox(randomBytes(32)));
    });
    afterAll(async () => {
      await db?.close();
      await target?.drop();
    });
    // Each case starts from empty tables, so any one of them runs alone (`-t`) or in any order.
    beforeEach(async () => {
      for (const table of Object.values(db.t)) await db.orm.delete(table);
    });

    /** A migration test's own database, never migrated before. */
    async function unmigrated(run: (db: Database) => Promise<void>) {
      const fresh = await createTestDatabase(dialect);
      const db = await openDatabase(fresh.config);
      try {
        await run(db);
      } finally {
        await db.close();
        await fresh.drop();
      }
    }

    test("migrations apply once and re-runs apply nothing", () =>
      unmigrated(async (db) => {
        expect(await migrate(db)).toEqual(MIGRATIONS[dialect].map((m) => m.name));
        expect(await migrate(db)).toEqual([]);
        expect(await appliedNames(db)).toEqual(MIGRATIONS[dialect].map((m) => m.name));
        for (const table of ["users", "channels", "channel_keys", "groups", "group_items", "api_keys", "prices", "stats", "request_logs", "settings"])
          expect(await tableExists(db, table)).toBe(true);
      }));

    test("a failed migration stops with its error and is not recorded", () =>
      unmigrated(async (db) => {
        const broken = { name: "9000_broken", sql: "CREATE TABLE probe_ok (id INT);\n--> statement-breakpoint\nCREATE TABLEX nonsense" };
        const error = await migrate(db, [...MIGRATIONS[dialect], broken]).catch((e) => e);
        expect(error).toBeInstanceOf(MigrationError);
        expect(error.message).toContain("9000_broken");
        expect(await appliedNames(db)).not.toContain("9000_broken");
        // Transactional DDL rolls the first statement back; MySQL cannot, and resumes instead.
        expect(await tableExists(db, "probe_ok")).toBe(dialect === "mysql");

        const fixed = { name: "9000_broken", sql: "CREATE TABLE probe_ok (id INT);\n--> statement-breakpoint\nCREATE TABLE probe_two (id INT)" };
        expect(await migrate(db, [...MIGRATIONS[dialect], fixed])).toEqual(["9000_broken"]);
        expect(await tableExists(db, "probe_two")).toBe(true);
        expect(await appliedNames(db)).toContain("9000_broken");
      }));

    test("groups_and_key_limits migration: each group keeps its failover order under priority 1 first, and its item order", async () => {
      const old = await createTestDatabase(dialect);
      const odb = await openDatabase(old.config);
      try {
        const at = MIGRATIONS[dialect].findIndex((m) => m.name.endsWith("_groups_and_key_limits"));
        await migrate(odb, MIGRATIONS[dialect].slice(0, at));
        await odb.exec("INSERT INTO group_items (group_id, channel_id, model, priority, weight) VALUES (1, 1, 'low', 1, 1), (1, 2, 'high', 10, 1), (1, 3, 'mid', 5, 1), (2, 1, 'only', 0, 1)");
        await migrate(odb);
        const rows = await odb.rows<{ group_id: number; model: string; priority: number; position: number }>(
          sql`SELECT group_id, model, priority, position FROM group_items ORDER BY position`,
        );
        expect(rows.map((r) => [Number(r.group_id), r.model, Number(r.priority)])).toEqual([
          [1, "low", 10],
          [1, "high", 1],
          [1, "mid", 6],
          [2, "only", 1],
        ]);
      } finally {
        await odb.close();
        await old.drop();
      }
    });

    test("users: create, find, password change bumps the token version", async () => {
      const id = await s.users.create("admin", "hash-1");
      expect(await s.users.count()).toBe(1);
      const user = await s.users.findByUsername("admin");
      expect(user).toMatchObject({ id, username: "admin", password_hash: "hash-1", token_version: 0 });
      await s.users.setPassword(id, "hash-2");
      expect(await s.users.findById(id)).toMatchObject({ password_hash: "hash-2", token_version: 1 });
      expect(await s.users.findByUsername("nobody")).toBeUndefined();
      await expect(s.users.create("admin", "x")).rejects.toThrow();
      const other = await s.users.create("other", "hash-3");
      await s.users.setUsername(id, "root");
      expect((await s.users.list()).map((u) => u.username).sort()).toEqual(["other", "root"]);
      await expect(s.users.setUsername(other, "root")).rejects.toThrow();
    });

    test("revocations: kept until the token's expiry, then swept; other settings untouched", async () => {
      const now = Date.now();
      await s.revocations.add("old-jti", now - 1);
      await s.revocations.add("live-jti", now + 60_000);
      await s.settings.set("revoked_marker", "stays");
      expect(await s.revocations.has("old-jti")).toBe(true);
      await s.revocations.sweep(now);
      expect(await s.revocations.has("old-jti")).toBe(false);
      expect(await s.revocations.has("live-jti")).toBe(true);
      expect(await s.revocations.has("never-revoked")).toBe(false);
      expect(await s.settings.get("revoked_marker")).toBe("stays");
    });

    test("transaction isolation: a write issued while a transaction is suspended is not rolled back with it", async () => {
      const { settings } = db.t;
      let resume!: () => void;
      let entered!: () => void;
      const suspended = new Promise<void>((r) => (resume = r));
      const inside = new Promise<void>((r) => (entered = r));
      const failing = db.transaction(async (tx) => {
        await db.upsert(tx, settings, { key: "in-transaction", value: "1" }, [settings.key], { value: "1" });
        entered();
        await suspended;
        throw new Error("rolled back");
      });
      await inside;
      const write = s.settings.set("outside", "kept");
      resume();
      await expect(failing).rejects.toThrow("rolled back");
      await write;
      expect(await s.settings.get("outside")).toBe("kept");
      expect(await s.settings.get("in-transaction")).toBeUndefined();
    });

    test("settings: set, overwrite, read back", async () => {
      await s.settings.set("stats_save_interval", "10");
      await s.settings.set("stats_save_interval", "5");
      await s.settings.set("note", "naïve ✓ 日本");
      expect(await s.settings.get("stats_save_interval")).toBe("5");
      expect(await s.settings.all()).toMatchObject({ stats_save_interval: "5", note: "naïve ✓ 日本" });
      expect(await s.settings.get("missing")).toBeUndefined();
    });

    test("channels: keys, base URLs and JSON fields round-trip; updates keep secrets by id", async () => {
      const created = await s.channels.create({
        name: "openai-main",
        type: "openai-chat",
        base_urls: [{ url: "https://api.openai.com/v1" }, { url: "https://backup.example/v1" }],
        keys: [{ key: "sk-one", remark: "first" }, { key: "sk-two", enabled: false }],
        models: ["gpt-4o", "gpt-4o-mini"],
        custom_headers: [{ key: "X-Team", value: "a" }],
        param_override: '{"temperature":0.2}',
        auto_sync: true,
        model_filter: "^gpt-",
      });
      expect(created).toMatchObject({
        name: "openai-main",
        enabled: true,
        auto_sync: true,
        base_urls: [{ url: "https://api.openai.com/v1" }, { url: "https://backup.example/v1" }],
        models: ["gpt-4o", "gpt-4o-mini"],
        custom_headers: [{ key: "X-Team", value: "a" }],
        param_override: '{"temperature":0.2}',
        proxy_url: "",
      });
      expect(created.keys.map((k) => [k.key, k.enabled, k.remark])).toEqual([
        ["sk-one", true, "first"],
        ["sk-two", false, ""],
      ]);

      const [one] = created.keys;
      const updated = await s.channels.update(created.id, {
        enabled: false,
        keys: [{ id: one.id, remark: "renamed" }, { key: "sk-three" }],
      });
      expect(updated!.enabled).toBe(false);
      expect(updated!.keys.map((k) => [k.id === one.id, k.key, k.remark])).toEqual([
        [true, "sk-one", "renamed"],
        [false, "sk-three", ""],
      ]);
      expect(await s.channels.update(999_999, { enabled: true })).toBeUndefined();
      await expect(s.channels.update(created.id, { keys: [{ id: 999_999 }] })).rejects.toBeInstanceOf(StoreError);
      await expect(s.channels.create({ name: "openai-main", type: "openai-chat", base_urls: [], keys: [], models: [] })).rejects.toThrow();
      // The failed write above left the channel as it was.
      expect((await s.channels.get(created.id))!.keys).toHaveLength(2);
    });

    test("groups: items replace on update; deleting a channel removes its items", async () => {
      const ch = await s.channels.create({ name: "anthropic", type: "anthropic", base_urls: [{ url: "https://api.anthropic.com/v1" }], keys: [{ key: "k" }], models: ["claude"] });
      const other = await s.channels.create({ name: "openai", type: "openai-chat", base_urls: [{ url: "https://api.openai.com/v1" }], keys: [{ key: "k" }], models: ["gpt-4o"] });
      const group = await s.groups.create({
        name: "smart",
        mode: "failover",
        items: [
          { channel_id: ch.id, model: "claude-sonnet-4-5", priority: 1 },
          { channel_id: other.id, model: "gpt-4o", priority: 2, weight: 3 },
        ],
      });
      expect(group).toMatchObject({ name: "smart", mode: "failover", affinity_window: 0 });
      expect(group.items.map((i) => [i.model, i.priority, i.weight])).toEqual([
        ["claude-sonnet-4-5", 1, 1],
        ["gpt-4o", 2, 3],
      ]);
      const renamed = await s.groups.update(group.id, {
        mode: "weighted",
        items: [
          { channel_id: ch.id, model: "claude-haiku", weight: 5 },
          { channel_id: other.id, model: "gpt-4o" },
        ],
      });
      expect(renamed!.mode).toBe("weighted");
      // Items without a priority take their place in the list (1 first), as failover tries them.
      expect(renamed!.items.map((i) => [i.model, i.priority])).toEqual([
        ["claude-haiku", 1],
        ["gpt-4o", 2],
      ]);

      expect(await s.channels.delete(ch.id)).toBe(true);
      expect((await s.groups.get(group.id))!.items.map((i) => i.model)).toEqual(["gpt-4o"]);
      expect(await s.channels.delete(ch.id)).toBe(false);
      expect(await s.groups.delete(group.id)).toBe(true);
      expect(await s.groups.get(group.id)).toBeUndefined();
    });

    test("groups: items that stay keep their id and the active choice; reorders are kept; a foreign active item is refused", async () => {
      const [a, b] = await Promise.all(["ga", "gb"].map((name) => s.channels.create({ name, type: "openai-chat", base_urls: [], keys: [], models: [] })));
      const group = await s.groups.create({ name: "manual-one", mode: "manual", items: [{ channel_id: a.id, model: "m" }, { channel_id: b.id, model: "m" }] });
      expect(group.active_item_id).toBeNull();
      const [first, second] = group.items;
      const chosen = await s.groups.update(group.id, { active_item_id: second.id });
      expect(chosen!.active_item_id).toBe(second.id);
      // Reordered and one added: ids stay with their items, the list order is the new one.
      const reordered = await s.groups.update(group.id, { items: [{ channel_id: b.id, model: "m" }, { channel_id: a.id, model: "n" }, { channel_id: a.id, model: "m" }] });
      expect(reordered!.items.map((i) => [i.id === second.id, i.model, i.priority])).toEqual([[true, "m", 1], [false, "n", 2], [false, "m", 3]]);
      expect(reordered!.items[2].id).toBe(first.id);
      expect(reordered!.active_item_id).toBe(second.id);
      // The active item removed: the choice goes with it.
      const without = await s.groups.update(group.id, { items: [{ channel_id: a.id, model: "m" }] });
      expect(without!.active_item_id).toBeNull();
      const other = await s.groups.create({ name: "manual-two", mode: "manual", items: [{ channel_id: a.id, model: "x" }] });
      await expect(s.groups.update(group.id, { active_item_id: other.items[0].id })).rejects.toBeInstanceOf(StoreError);
      await expect(s.groups.create({ name: "manual-three", mode: "manual", items: [], active_item_id: 1 })).rejects.toBeInstanceOf(StoreError);
      expect((await s.groups.get(group.id))!.active_item_id).toBeNull();
    });

    test("api keys: stored by hash, updated, deleted", async () => {
      const key = await s.apiKeys.create({ name: "laptop", max_cost: 2.5, supported_models: ["smart"] }, "a".repeat(64), "sk-octopus-ab");
      expect(key).toMatchObject({ name: "laptop", enabled: true, max_cost: 2.5, expire_at: null, supported_models: ["smart"], key_prefix: "sk-octopus-ab" });
      const later = Date.now() + 86_400_000;
      expect(await s.apiKeys.update(key.id, { enabled: false, expire_at: later })).toMatchObject({ enabled: false, expire_at: later });
      await expect(s.apiKeys.create({ name: "dup" }, "a".repeat(64), "x")).rejects.toThrow();
      expect(await s.apiKeys.delete(key.id)).toBe(true);
      expect(await s.apiKeys.list()).toEqual([]);
    });

    test("prices: one row per model and channel, overwritten in place", async () => {
      await s.prices.set({ model: "gpt-4o", input: 2.5, output: 10, cache_read: 1.25, cache_write: 0 });
      await s.prices.set({ model: "gpt-4o", channel_id: 7, input: 2, output: 8, cache_read: 1, cache_write: 0 });
      const saved = await s.prices.set({ model: "gpt-4o", input: 3, output: 12, cache_read: 1.5, cache_write: 0 });
      expect(saved).toMatchObject({ model: "gpt-4o", channel_id: 0, input: 3, output: 12, source: "user" });
      expect((await s.prices.list()).map((p) => [p.model, p.channel_id, p.input])).toEqual([
        ["gpt-4o", 0, 3],
        ["gpt-4o", 7, 2],
      ]);
      await s.prices.delete("gpt-4o", 7);
      expect(await s.prices.list()).toHaveLength(1);
    });

    test("stats: deltas add up, also when flushed concurrently", async () => {
      const delta = { ...zeroCounters(), requests: 2, success: 1, failed: 1, input_tokens: 100, cost: 0.125, wait_ms: 40 };
      await s.stats.add([{ scope: "total", key: "", counters: delta }, { scope: "model", key: "gpt-4o", counters: delta }]);
      await Promise.all(Array.from({ length: 5 }, () => s.stats.add([{ scope: "total", key: "", counters: delta }])));
      const [total] = await s.stats.list("total");
      expect(total.counters).toMatchObject({ requests: 12, success: 6, failed: 6, input_tokens: 600, wait_ms: 240 });
      expect(total.counters.cost).toBeCloseTo(0.75, 10);
      expect(await s.stats.list("model")).toEqual([{ key: "gpt-4o", counters: { ...delta } }]);
    });

    test("stats marks: set with the deltas, moved on by later flushes; log rows past a mark, per instance", async () => {
      const delta = { ...zeroCounters(), requests: 1 };
      expect(await s.stats.mark("host-a:8080")).toBeUndefined();
      await s.stats.add([], { instance: "host-a:8080", seq: 3, log_id: 0 });
      await s.stats.add([{ scope: "apikey", key: "marked", counters: delta }], { instance: "host-a:8080", seq: 5, log_id: 7 });
      expect(await s.stats.mark("host-a:8080")).toEqual({ instance: "host-a:8080", seq: 5, log_id: 7 });
      expect((await s.stats.list("apikey")).find((r) => r.key === "marked")?.counters.requests).toBe(1);

      const before = await s.logs.lastId();
      await s.logs.insert([
        logEntry({ instance: "host-a:8080", seq: 5, model: "counted" }),
        logEntry({ instance: "host-b:8080", seq: 6, model: "another instance" }),
        logEntry({ instance: "host-a:8080", seq: 6, model: "first", actual_model: "", status: 502, error: "bad gateway" }),
        logEntry({ instance: "host-a:8080", seq: 7, model: "second", cost: 0.5 }),
      ]);
      expect(await s.logs.lastId()).toBeGreaterThanOrEqual(before + 4);
      const after = await s.logs.after({ instance: "host-a:8080", seq: 5, log_id: before });
      expect(after.map((r) => [r.seq, r.model, r.status, r.error])).toEqual([
        [6, "first", 502, "bad gateway"],
        [7, "second", 200, null],
      ]);
      expect(after[1]).toMatchObject({ cost: 0.5, input_tokens: 10, ttfb_ms: 120, api_key_id: 1, channel_id: 1 });
      // Rows at or below log_id are not read again, whatever their seq.
      expect(await s.logs.after({ instance: "host-a:8080", seq: 0, log_id: before + 4 })).toEqual([]);
      await s.logs.clear();
    });

    test("logs: batch insert, paging, filters, retention", async () => {
      // Three rows share each time: the list orders them by id within it.
      const time = (i: number) => 1_700_000_000_000 + Math.floor(i / 3) * 1000;
      const entries = Array.from({ length: 250 }, (_, i) =>
        logEntry({
          time: time(i),
          model: i % 2 ? "gpt-4o" : "claude",
          status: i % 10 === 0 ? 502 : 200,
          error: i % 10 === 0 ? "upstream: bad gateway ✗" : null,
          attempts: [{ channel_id: 1, channel_name: "openai", key_remark: "first", endpoint: "https://api.openai.com/v1", status: 200, duration_ms: 12 }],
        }),
      );
      await s.logs.insert(entries);
      const page = await s.logs.list({}, 1, 20);
      expect(page).toMatchObject({ total: 250, total_capped: false, next_before_id: page.items[19].id });
      expect(page.items).toHaveLength(20);
      expect(page.items[0].time).toBe(time(249));
      expect(page.items[0]).not.toHaveProperty("request_body");
      expect(page.items[0]).not.toHaveProperty("failed");
      expect((await s.logs.list({}, 13, 20)).items).toHaveLength(10);
      expect((await s.logs.list({ model: "claude" }, 1, 500)).total).toBe(125);
      expect((await s.logs.list({ status: "failed" }, 1, 500)).total).toBe(25);
      expect((await s.logs.list({ status: "success", model: "gpt-4o" }, 1, 500)).total).toBe(125);
      expect((await s.logs.list({ from: time(90), to: time(119) }, 1, 500)).total).toBe(30);
      const one = await s.logs.get(page.items[0].id);
      expect(one!.attempts).toEqual(entries[249].attempts);
      const failed = (await s.logs.list({ status: 502 }, 1, 1)).items[0];
      expect(failed.error).toBe("upstream: bad gateway ✗");

      // Keyset paging walks the same order as pages, across equal times, to a null cursor; without
      // success/failed too, where the list merges the two classes' ranges.
      const newestFirst = [...(await s.logs.list({}, 1, 500)).items].sort((a, b) => b.time - a.time || b.id - a.id).map((r) => r.id);
      for (const [filter, rows] of [[{ status: "success" }, 225], [{}, 250], [{ model: "claude" }, 125]] as const) {
        const byPages = (await s.logs.list(filter, 1, 500)).items.map((r) => r.id);
        const byCursor: number[] = [];
        let cursor: number | null | undefined;
        do {
          const next = await s.logs.list(filter, 1, 40, cursor ?? undefined);
          byCursor.push(...next.items.map((r) => r.id));
          cursor = next.next_before_id;
        } while (cursor !== null);
        expect(byCursor).toEqual(byPages);
        expect(byCursor).toHaveLength(rows);
        expect(byPages).toEqual(newestFirst.filter((id) => byPages.includes(id)));
        expect((await s.logs.list(filter, 3, 20)).items.map((r) => r.id)).toEqual(byPages.slice(40, 60));
      }
      // A cursor row that is gone (pruned, cleared) ends the list.
      expect((await s.logs.list({}, 1, 20, 2 ** 31 - 1)).items).toEqual([]);

      await s.logs.deleteBefore(time(150));
      expect((await s.logs.list({}, 1, 1)).total).toBe(100);
      await s.logs.clear();
      expect((await s.logs.list({}, 1, 1)).total).toBe(0);
    });

    test("logs: the total counts up to TOTAL_CAP and says so past it; retention and clearing go in batches", async () => {
      const many = 2 * DELETE_BATCH + TOTAL_CAP;
      // Some fail: an unfiltered list counts and deletes in both classes' ranges.
      const rows = Array.from({ length: many }, (_, i) => logEntry({ time: 1_700_000_000_000 + i, model: i % 1000 ? "common" : "rare", status: i % 7 ? 200 : 500 }));
      await s.logs.insert(rows);
      expect(await s.logs.list({}, 1, 5)).toMatchObject({ total: TOTAL_CAP, total_capped: true });
      expect(await s.logs.list({ model: "rare" }, 1, 5)).toMatchObject({ total: Math.ceil(many / 1000), total_capped: false });
      // More than one batch goes: each is DELETE_BATCH rows, oldest first. The total was past the
      // cap and is remembered as such, until a deletion moves the lowest id: then counted again.
      await s.logs.deleteBefore(1_700_000_000_000 + 2 * DELETE_BATCH + 10);
      expect(await s.logs.list({}, 1, 5)).toMatchObject({ total: TOTAL_CAP - 10, total_capped: false });
      expect((await s.logs.list({}, 1, 1)).items[0].time).toBe(1_700_000_000_000 + many - 1);
      await s.logs.clear();
      expect((await s.logs.list({}, 1, 1)).total).toBe(0);
    });

    test("logs: a clear deletes the rows there were when it began, not those written while it runs", async () => {
      const rows = 5 * DELETE_BATCH;
      await s.logs.insert(Array.from({ length: rows }, (_, i) => logEntry({ time: 1_700_000_000_000 + i })));
      const clearing = s.logs.clear();
      while ((await s.logs.list({}, 1, 1)).total === rows) await Bun.sleep(1);
      await s.logs.insert([logEntry({ time: 1_600_000_000_000, model: "late" })]);
      expect(await clearing).toMatchObject({ rows, batches: 5 });
      expect((await s.logs.list({}, 1, 5)).items.map((row) => row.model)).toEqual(["late"]);
    });

    test("logs: every list filter reads index ranges already in list order, merged at most (EXPLAIN)", async () => {
      const rows = Array.from({ length: 3000 }, (_, i) =>
        logEntry({
          time: 1_700_000_000_000 + i * 1000,
          model: `model-${i % 20}`,
          channel_id: 1 + (i % 10),
          api_key_id: 1 + (i % 15),
          status: i % 20 === 0 ? 502 : 200,
          source: i % 100 === 0 ? "test" : "relay",
        }),
      );
      await s.logs.insert(rows);
      // VACUUM sets PostgreSQL's visibility map, as autovacuum would on a real table: index-only scans count.
      await db.exec({ mysql: "ANALYZE TABLE request_logs", postgres: "VACUUM ANALYZE request_logs", sqlite: "ANALYZE request_logs" }[db.dialect]);
      const hour = { from: 1_700_000_000_000 + 1_000_000, to: 1_700_000_000_000 + 2_000_000 };
      // Without success/failed both ranges of the index are read, each as far as the page needs, and merged.
      const cases: [LogFilter, string][] = [
        [{}, "request_logs_failed_idx"],
        [hour, "request_logs_failed_idx"],
        [{ status: "failed" }, "request_logs_failed_idx"],
        [{ status: "success" }, "request_logs_failed_idx"],
        [{ status: 502 }, "request_logs_status_idx"],
        [{ model: "model-3" }, "request_logs_model_failed_idx"],
        [{ model: "matches nothing" }, "request_logs_model_failed_idx"],
        [{ model: "model-3", ...hour }, "request_logs_model_failed_idx"],
        [{ channel_id: 4 }, "request_logs_channel_failed_idx"],
        [{ api_key_id: 7 }, "request_logs_api_key_failed_idx"],
        [{ source: "test" }, "request_logs_source_failed_idx"],
        // An exact status with another filter: the range of its class.
        [{ model: "model-3", status: 502 }, "request_logs_model_failed_idx"],
        [{ api_key_id: 7, status: 200 }, "request_logs_api_key_failed_idx"],
      ];
      for (const status of ["success", "failed"] as const) {
        cases.push(
          [{ model: "model-3", status }, "request_logs_model_failed_idx"],
          [{ model: "model-3", status, ...hour }, "request_logs_model_failed_idx"],
          [{ channel_id: 4, status }, "request_logs_channel_failed_idx"],
          [{ api_key_id: 7, status }, "request_logs_api_key_failed_idx"],
          [{ api_key_id: 7, status, ...hour }, "request_logs_api_key_failed_idx"],
          [{ source: "test", status }, "request_logs_source_failed_idx"],
        );
      }
      /** The plan's lines that read the table or one of its indexes, and those of them that read it whole. */
      const reads = (plan: string) => {
        const reading = { sqlite: /^(SEARCH|SCAN) request_logs\b/, mysql: /^request_logs type=/, postgres: /\b(Seq|Index|Index Only|Bitmap Index) Scan\b/ };
        const whole = { sqlite: /^SCAN/, mysql: /type=(ALL|index)\b/, postgres: /Seq Scan/ };
        const lines = plan.split("\n").filter((line) => reading[db.dialect].test(line.trim()));
        return { lines, full: lines.filter((line) => whole[db.dialect].test(line.trim())) };
      };
      // The merge orders each branch's few rows (at most the page): SQLite sorts a branch's output,
      // MySQL the union's; PostgreSQL merges the ordered branches. Any other sort is of the whole set,
      // but for PostgreSQL fetching a few rows through a bitmap, as a planner with statistics may.
      const sorts = (plan: string) =>
        db.dialect === "sqlite"
          ? /TEMP B-TREE/.test(plan.replace(/SCAN range\d\nUSE TEMP B-TREE FOR ORDER BY/g, ""))
          : db.dialect === "mysql"
            ? plan.split("\n").some((line) => /filesort/.test(line) && !line.startsWith("<union"))
            : /Sort\b(?! Key)/.test(plan) && !plan.includes("Bitmap Index Scan");
      for (const [filter, index] of cases) {
        const { page, total } = s.logs.listQueries(filter);
        const [pagePlan, totalPlan] = [await explain(db, page.getSQL()), await explain(db, total.getSQL())];
        const label = `${JSON.stringify(filter)}\n${pagePlan}\n${totalPlan}`;
        const pageReads = reads(pagePlan);
        const totalReads = reads(totalPlan);
        const checks = {
          sorts: sorts(pagePlan),
          full_scans: pageReads.full.length + totalReads.full.length,
          page_index: pageReads.lines.length > 0 && pagePlan.includes(index),
          // PostgreSQL may count a class, most of the table, in another index's order: its count stops at TOTAL_CAP + 1 too.
          total_index: totalReads.lines.length > 0 && (totalPlan.includes(index) || (db.dialect === "postgres" && index === "request_logs_failed_idx")),
        };
        // The index holds the status: an exact status with another filter is counted without reading a row.
        const exactWithOther = typeof filter.status === "number" && Object.keys(filter).length > 1;
        const indexOnly = { sqlite: /COVERING INDEX/, mysql: /Using index/, postgres: /Index Only Scan/ }[db.dialect];
        expect({ label, ...checks, counted_in_index: !exactWithOther || indexOnly.test(totalPlan) }).toEqual({
          label,
          sorts: false,
          full_scans: 0,
          page_index: true,
          total_index: true,
          counted_in_index: true,
        });
      }
      await s.logs.clear();
    });

    test("logs: every field of a row comes back as written, a body cut inside a surrogate pair too", async () => {
      const entry = logEntry({
        time: 1_750_000_000_123,
        source: "test",
        instance: "host-1",
        seq: 9_007_199_254,
        api_key_id: 7,
        api_key_name: 'team "α"',
        status: 429,
        input_tokens: 123_456_789_012,
        cost: 0.125,
        error: "rate limited\nretry ✗",
        attempts: [{ channel_id: 2, channel_name: "c", key_remark: "k", endpoint: "https://x/v1", status: 429, error: "slow down", duration_ms: 5 }],
        request_body: '{"q":"\\u00e9 🐙 \'quoted\'"}',
        response_body: "cut here: \ud83d",
      });
      await s.logs.insert([entry]);
      const { items } = await s.logs.list({}, 1, 1);
      const { id, failed: _failed, ...stored } = (await s.logs.get(items[0].id))!;
      expect(id).toBe(items[0].id);
      expect(stored).toEqual({ ...entry, response_body: "cut here: \ufffd" });
    });

    test("logs: a batch with a row the table refuses is written not at all", async () => {
      const refused = { ...logEntry({ model: "refused" }), status: null } as unknown as LogEntry;
      await expect(s.logs.insert([logEntry({ model: "fine" }), refused])).rejects.toThrow();
      expect((await s.logs.list({}, 1, 1)).total).toBe(0);
    });

    test("logs: a batch of captured bodies longer than a MySQL packet is written whole, or not at all", async () => {
      // 24 MB of JSON: more than MariaDB's 16 MiB max_allowed_packet, so MySQL takes it in several statements.
      const bodies = Array.from({ length: 12 }, (_, i) => logEntry({ model: "big", seq: i, request_body: `${i}é`.repeat(1_000_000) }));
      const refused = { ...logEntry({ model: "big" }), status: null } as unknown as LogEntry;
      await expect(s.logs.insert([...bodies, refused])).rejects.toThrow();
      expect((await s.logs.list({ model: "big" }, 1, 1)).total).toBe(0);
      await s.logs.insert(bodies);
      const { items } = await s.logs.list({ model: "big" }, 1, 20);
      expect(items.map((row) => row.seq).sort((a, b) => a - b)).toEqual(bodies.map((row) => row.seq));
      expect((await s.logs.get(items[0].id))!.request_body).toBe(bodies[items[0].seq].request_body);
    });
  });
}
