/** The admin's SQLite reads on their worker: same answers, and the calling thread keeps running. */
import { afterAll, beforeAll, expect, test } from "bun:test";
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

/** The longest the event loop went without running a 2 ms timer while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  await Bun.sleep(20);
  await work();
  await Bun.sleep(10);
  clearInterval(timer);
  return longest;
}

test("a slow admin read on SQLite runs on the worker: the same rows, and the relay's thread does not stall", async () => {
  const onThread = logStore(db);
  const stores = createStores(db);
  // Two filters that each select half the rows and together none: whichever index serves one,
  // the other is checked on 100,000 rows. Slow on purpose (it takes no single index).
  const deep = [{ model: "model-0", api_key_id: 2 }, 1, 20] as const;
  expect(await stores.logs.list(...deep)).toEqual(await onThread.list(...deep));
  const direct = await longestStall(() => onThread.list(...deep));
  const offThread = await longestStall(() => stores.logs.list(...deep));
  console.log(`a filter crossing two indexes: longest stall ${direct.toFixed(1)} ms on the calling thread, ${offThread.toFixed(1)} ms on the worker`);
  expect({ direct: direct > 20, offThreadFarShorter: offThread < direct / 3 }).toEqual({ direct: true, offThreadFarShorter: true });
  expect((await stores.logs.get(1))?.id).toBe(1);
  expect((await stores.stats.list("total")).length).toBe(0);
}, 60_000);

test("the worker stops when idle and starts again with the next read; errors come back as errors", async () => {
  const reads = offThreadReads(target.config.path, 20);
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
