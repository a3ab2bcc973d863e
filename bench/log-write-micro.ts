/**
 * What writing request logs costs the relay's thread: CPU µs per row of `logStore.insert` (the
 * LogWriter's batches of 500) on SQLite and on the local MariaDB/MySQL and PostgreSQL servers, against
 * the query builder's multi-row INSERT (200 rows a statement, the way all three once wrote them)
 * measured in the same run, rounds interleaved. Also the wall time per batch, which includes the
 * server's own work. Prints a table and one JSON line.
 * `bun bench/log-write-micro.ts [--rows 10000] [--rounds 3] [--dialects sqlite,mysql,postgres]`
 */
import { parseArgs } from "node:util";
import { openDatabase, type Database, type Dialect } from "../src/db/connection";
import { migrate } from "../src/db/migrate";
import { logStore, type LogEntry } from "../src/db/stores/logs";
import { BATCH } from "../src/accounting/logs";
import { createTestDatabase } from "../test/databases";
import { logEntry } from "../test/log-rows";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000" },
    rounds: { type: "string", default: "3" },
    dialects: { type: "string", default: "sqlite,mysql,postgres" },
  },
});
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);

/** What a relayed chat request logs, with one attempt and no captured bodies. */
const row = (i: number): LogEntry =>
  logEntry({
    time: Date.now(),
    instance: "bench",
    seq: i,
    model: `model-${i % 20}`,
    channel_id: 1 + (i % 5),
    channel_name: `channel-${i % 5}`,
    api_key_id: 1 + (i % 10),
    status: i % 33 ? 200 : 429,
    error: i % 33 ? null : "upstream: rate limited",
    attempts: [{ channel_id: 1 + (i % 5), channel_name: `channel-${i % 5}`, key_remark: "main", endpoint: "https://api.example.com/v1", status: 200, duration_ms: 900 }],
  });

/** The query builder's INSERT, 200 rows a statement. */
function builderInsert(db: Database) {
  const logs = db.t.requestLogs;
  return async (entries: LogEntry[]) => {
    for (let i = 0; i < entries.length; i += 200)
      await db.orm.insert(logs).values(entries.slice(i, i + 200).map((e) => ({ ...e, failed: e.status < 200 || e.status >= 300 })));
  };
}

/** CPU µs of this process per row, and wall ms per batch, writing `ROWS` rows with `insert`. */
async function measure(insert: (entries: LogEntry[]) => Promise<void>) {
  const batches = Array.from({ length: Math.ceil(ROWS / BATCH) }, (_, b) => Array.from({ length: BATCH }, (_, k) => row(b * BATCH + k)));
  Bun.gc(true);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const batch of batches) await insert(batch);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuUsPerRow: (used.user + used.system) / (batches.length * BATCH), wallMsPerBatch: wall / batches.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

const results: Record<string, unknown> = {};
console.log(`Request log writes: ${ROWS.toLocaleString("en")} rows in batches of ${BATCH}, ${ROUNDS} rounds; median (min–max)`);
console.log(["database", "store µs/row", "builder µs/row", "store/builder", "store ms/batch", "builder ms/batch"].join(" | "));
for (const dialect of values.dialects.split(",") as Dialect[]) {
  const target = await createTestDatabase(dialect);
  const db = await openDatabase(target.config);
  try {
    await migrate(db);
    const store = logStore(db).insert;
    const builder = builderInsert(db);
    await store([row(0)]); // prepared statements and plans, once
    await builder([row(0)]);
    const runs = { store: [] as { cpuUsPerRow: number; wallMsPerBatch: number }[], builder: [] as { cpuUsPerRow: number; wallMsPerBatch: number }[] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.store.push(await measure(store));
      runs.builder.push(await measure(builder));
    }
    const cpu = (k: keyof typeof runs) => runs[k].map((r) => r.cpuUsPerRow);
    const wall = (k: keyof typeof runs) => runs[k].map((r) => r.wallMsPerBatch);
    const ratio = median(cpu("store")) / median(cpu("builder"));
    console.log([dialect, spread(cpu("store")), spread(cpu("builder")), `${ratio.toFixed(2)}×`, spread(wall("store")), spread(wall("builder"))].join(" | "));
    results[dialect] = {
      store_cpu_us_per_row: Number(median(cpu("store")).toFixed(2)),
      builder_cpu_us_per_row: Number(median(cpu("builder")).toFixed(2)),
      store_ms_per_batch: Number(median(wall("store")).toFixed(2)),
      builder_ms_per_batch: Number(median(wall("builder")).toFixed(2)),
    };
  } finally {
    await db.close();
    await target.drop();
  }
}
console.log(JSON.stringify(results));
