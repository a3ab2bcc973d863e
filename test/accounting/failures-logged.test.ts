/** Swallowed errors logged once with their cause: background work that fails says so, and why. */
import { afterEach, beforeEach, expect, spyOn, test } from "bun:test";
import { Accounting } from "../../src/accounting";
import { Catalog } from "../../src/accounting/catalog";
import { openDatabase, type Database } from "../../src/db/connection";
import { migrate } from "../../src/db/migrate";
import { createStores, type Stores } from "../../src/db/stores";
import { zeroCounters } from "../../src/db/stores/stats";
import { Lifecycle } from "../../src/lifecycle";
import { setLogLevel } from "../../src/log";
import { AppState } from "../../src/state";
import { createTestDatabase, type TestDatabase } from "../databases";

let target: TestDatabase;
let db: Database;
let stores: Stores;
let lines: string[];
let stderr: ReturnType<typeof spyOn>;

beforeEach(async () => {
  target = await createTestDatabase("sqlite");
  db = await openDatabase(target.config);
  await migrate(db);
  stores = createStores(db);
  lines = [];
  stderr = spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  setLogLevel("warn");
});
afterEach(async () => {
  setLogLevel("error");
  stderr.mockRestore();
  await db.close();
  await target.drop();
});

async function started() {
  const state = new AppState(stores);
  await state.reload();
  const accounting = new Accounting(stores, state, new Catalog());
  const lifecycle = new Lifecycle();
  await accounting.start(lifecycle);
  return { accounting, lifecycle };
}

const waitFor = async (says: string) => {
  for (let i = 0; i < 200 && !lines.some((l) => l.includes(says)); i++) await Bun.sleep(5);
  return lines.filter((l) => l.includes(says));
};

test("a failed log retention run is logged once, with its cause", async () => {
  stores.logs.deleteBefore = async () => {
    throw new Error("disk I/O error");
  };
  const { lifecycle } = await started();
  try {
    const said = await waitFor("log retention");
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("ERROR periodic task failed: log retention error=disk I/O error");
  } finally {
    await lifecycle.shutdown();
  }
});

test("stats written but the keys' spend not read back: logged with its cause", async () => {
  const { accounting, lifecycle } = await started();
  try {
    stores.stats.list = async () => {
      throw new Error("connection lost");
    };
    accounting.stats.record({ time: Date.now(), apiKeyId: 1, channelId: 1, model: "m", success: true, counters: { ...zeroCounters(), cost: 0.01 } });
    expect(await accounting.stats.flush()).toBe(true);
    const said = lines.filter((l) => l.includes("reading keys' spend back failed"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("error=connection lost");
  } finally {
    await lifecycle.shutdown();
  }
});
