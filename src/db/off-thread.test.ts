/** The admin's reads on their worker: same answers, the calling thread keeps running, a read-only session of its own. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { logEntry } from "../../test/log-rows";
import { startTestOctopus } from "../../test/octopus";
import { openDatabase, type Database } from "./connection";
import { migrate } from "./migrate";
import { offThreadReads } from "./off-thread";
import { createStores } from "./stores";
import { logStore, TOTAL_CAP } from "./stores/logs";

const ROWS = 200_000;
let target: TestDatabase;
let db: Database;

beforeAll(async () => {
  target = await createTestDatabase("sqlite");
  db = await openDatabase(target.config);
  await migrate(db);
  const start = Date.now() - ROWS;
  for (let i = 0; i < ROWS; i += 10_000)
    await logStore(db).insert(Array.from({ length: 10_000 }, (_, n) => logEntry({ time: start + i + n, model: `model-${(i + n) % 2}`, api_key_id: 1 + ((i + n) % 2) })));
}, 120_000);
afterAll(async () => {
  await db?.close();
  await target?.drop();
});

/** How many times a 1 ms timer ran while `work` ran: none when the work held this thread throughout. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  await Bun.sleep(5);
  ticks = 0;
  await work();
  const during = ticks;
  clearInterval(timer);
  return during;
}

// Counts, not durations: the machine may be slow or busy, but a thread held by the read runs no timer at all.
test("a slow admin read on SQLite runs on the worker: the same rows, and the relay's thread keeps running", async () => {
  const onThread = logStore(db);
  const stores = createStores(db);
  // Two filters that each select half the rows and together none: whichever index serves one,
  // the other is checked on 100,000 rows. Slow on purpose (it takes no single index).
  const deep = [{ model: "model-0", api_key_id: 2 }, 1, 20] as const;
  expect(await stores.logs.list(...deep)).toEqual(await onThread.list(...deep));
  const direct = await ticksDuring(() => onThread.list(...deep));
  const offThread = await ticksDuring(() => stores.logs.list(...deep));
  console.log(`a filter crossing two indexes: the thread's timer ran ${direct} times during the read on it, ${offThread} times during the read on the worker`);
  expect({ directHeldTheThread: direct <= 1, workerLeftItFree: offThread >= 3 }).toEqual({ directHeldTheThread: true, workerLeftItFree: true });
  expect((await stores.logs.get(1))?.id).toBe(1);
  expect((await stores.stats.list("total")).length).toBe(0);
}, 60_000);

test("the worker stops when idle and starts again with the next read; errors come back as errors", async () => {
  const reads = offThreadReads(target.config, 20);
  try {
    expect(await reads.read("logs.get", [3])).toMatchObject({ id: 3 });
    await Bun.sleep(100);
    expect(await reads.read("logs.get", [4])).toMatchObject({ id: 4 });
    // Not expect().resolves/rejects: Bun waits on those without taking a worker's messages.
    expect(await reads.read("stats.list", ["no such scope; DROP TABLE"])).toEqual([]);
    expect(await reads.read("logs.list", [{ status: "failed" }, 1, 0.5]).catch((e: Error) => e.message)).toBe("datatype mismatch");
  } finally {
    reads.close();
  }
  expect((await createStores(db).logs.list({}, 1, 1)).total).toBe(TOTAL_CAP);
});

test("Octopus starts on an SQLite file without the worker; the first admin read starts it", async () => {
  const server = await startTestOctopus();
  try {
    const reads = server.octopus.stores.db.reads!;
    expect(reads.running).toBe(false);
    const token = await server.login();
    expect((await server.api("GET", "/api/v1/stats/total", { token })).status).toBe(200);
    expect(reads.running).toBe(true);
  } finally {
    await server.close();
  }
});

for (const dialect of ["mysql", "postgres"] as const)
  test(`on ${dialect} too the admin's reads go to the worker, whose own connection refuses writes`, async () => {
    const server = await createTestDatabase(dialect);
    const main = await openDatabase(server.config);
    try {
      await migrate(main);
      await logStore(main).insert(Array.from({ length: 30 }, (_, n) => logEntry({ time: 1_000 + n, status: n % 3 ? 200 : 500 })));
      const stores = createStores(main);
      expect(main.reads?.running).toBe(false);
      // The check of a panel token, which every admin call makes first, reads there too: a sign-out is seen at once.
      const id = await stores.users.create("admin", "not-a-real-hash");
      expect(await stores.sessions.check(id, "token-1")).toEqual([await stores.users.findById(id), false]);
      expect(main.reads?.running).toBe(true);
      await stores.revocations.add("token-1", Date.now() + 60_000);
      expect((await stores.sessions.check(id, "token-1"))[1]).toBe(true);
      const failed = await stores.logs.list({ status: "failed" }, 1, 5);
      expect(failed).toEqual(await logStore(main).list({ status: "failed" }, 1, 5));
      expect(failed.total).toBe(10);
      expect((await stores.logs.get(failed.items[0].id))?.status).toBe(500);
      const reader = await openDatabase(server.config, "reader");
      try {
        // drizzle wraps the driver's error (PostgreSQL's words are its cause).
        const refused = await logStore(reader).insert([logEntry({ time: 2_000 })]).then(() => "written", (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
        expect(refused).toMatch(/read.only/i);
      } finally {
        await reader.close();
      }
    } finally {
      await main.close();
      await server.drop();
    }
    // Closing waited for the worker to close its connection: nothing of it is left to stop the drop.
  }, 60_000);

test("the reader's SQLite connection refuses writes", async () => {
  const reader = await openDatabase(target.config, "reader");
  try {
    expect(await logStore(reader).insert([logEntry({ time: 1 })]).then(() => "written", (e: Error) => e.message)).toMatch(/readonly|query_only|read.only/i);
  } finally {
    await reader.close();
  }
});

test("PostgreSQL's reader lists a channel whose rows are not the newest from the channel's own index", async () => {
  const server = await createTestDatabase("postgres");
  const main = await openDatabase(server.config);
  const reader = await openDatabase(server.config, "reader");
  try {
    await migrate(main);
    const store = logStore(main);
    // Statistics taken while three channels shared the traffic; since then only channel 1 served.
    await store.insert(Array.from({ length: 5000 }, (_, i) => logEntry({ time: 1e12 + i, channel_id: 1 + (i % 3) })));
    await main.exec("VACUUM ANALYZE request_logs");
    for (let k = 0; k < 5; k++) await store.insert(Array.from({ length: 10_000 }, (_, i) => logEntry({ time: 1e12 + 5000 + k * 10_000 + i, channel_id: 1 })));
    const plan = async (db: Database) => {
      const { page } = logStore(db).listQueries({ channel_id: 2, status: "success" });
      return (await db.rows<Record<string, string>>(sql`EXPLAIN ${page.getSQL()}`)).map((row) => Object.values(row)[0]).join("\n");
    };
    // Octopus's own session prices random reads as PostgreSQL does by default: it scans in time order, past the newer rows.
    expect(await plan(main)).toContain("request_logs_failed_idx");
    expect(await plan(reader)).toContain("request_logs_channel_failed_idx");
  } finally {
    await reader.close();
    await main.close();
    await server.drop();
  }
}, 60_000);

test("a database the worker could not open is opened by the next read", async () => {
  const server = await createTestDatabase("postgres");
  await server.drop();
  const reads = offThreadReads(server.config, 60_000);
  try {
    // Not there (as a server still starting would refuse): the read fails with the server's words.
    expect(await reads.read("stats.list", ["total"]).catch((e: Error) => e.message)).toMatch(/does not exist/);
    const name = new URL(server.config.path).pathname.slice(1);
    const maintenance = new URL(server.config.path);
    maintenance.pathname = "/postgres";
    const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    const created = await openDatabase(server.config);
    await migrate(created);
    await created.close();
    expect(await reads.read("stats.list", ["total"])).toEqual([]);
  } finally {
    await reads.close();
    await server.drop();
  }
}, 60_000);
