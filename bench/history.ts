/**
 * `bun run bench:history [-- --rows 1000000] [--seconds 5] [--rounds 2] [--database postgres] [--delete]`:
 * does a long request history slow the relay? Octopus (on SQLite, or on a fresh database of the local
 * PostgreSQL server with --database postgres) is loaded with JSON chat requests (scenario a, c=32)
 * while a client does what an open logs page and dashboard do: once a second, the log list under
 * each filter the API has and the stats. Runs with and without that client alternate, round after
 * round, at 10,000 rows and again at --rows (written straight into the database, not relayed).
 * Prints the relay's p50/p99 both ways, each admin call's latency, and Octopus's idle and peak RSS,
 * and judges both against their targets (log lists under 20 ms, the relay's p99 within 10%).
 *
 * With --delete, the deletion run instead: --rows rows (try 10000000), the relay measured alone, then
 * the logs cleared through the admin API while the relay stays loaded, run after run until the clear
 * answers. Prints the clear's time, batches and longest batch (how long it held the writer at most),
 * and the relay's p50/p99 during the deletion against before it.
 */
import { parseArgs } from "node:util";
import { openDatabase, type DatabaseConfig } from "../src/db/connection";
import { logStore } from "../src/db/stores/logs";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { logEntry } from "../test/log-rows";
import { startOctopus } from "./octopus";
import { ensureWrk } from "./prerequisites";
import { memoryMB } from "./proc-stats";
import { startUpstream, type Target } from "./processes";
import { SCENARIOS } from "./scenarios";
import { load, type Measurement } from "./wrk";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    database: { type: "string", default: "sqlite" },
    delete: { type: "boolean", default: false },
  },
});
if (values.database !== "sqlite" && values.database !== "postgres") throw new Error("--database is sqlite or postgres");
const SIZES = [10_000, Number(values.rows)];
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = 32;
/** Issue 13's targets: a log list answers within LIST_MS under load, and the panel polling moves the relay's p99 by at most P99_CHANGE. */
const LIST_MS = 20;
const P99_CHANGE = 0.1;

/** What a logs page and a dashboard ask for, each once a second. */
const ADMIN_CALLS: [string, string][] = [
  ["log/list (no filter)", "log/list?page_size=20"],
  ["log/list model", "log/list?page_size=20&model=model-3"],
  ["log/list model matching nothing", "log/list?page_size=20&model=no-such-model"],
  ["log/list model + success", "log/list?page_size=20&model=model-3&status=success"],
  ["log/list model + failed", "log/list?page_size=20&model=model-3&status=failed"],
  ["log/list model + 429", "log/list?page_size=20&model=model-3&status=429"],
  ["log/list model + success, 1 day", `log/list?page_size=20&model=model-3&status=success&from=${Date.now() - 86_400_000}`],
  ["log/list channel + success", "log/list?page_size=20&channel_id=2&status=success"],
  ["log/list channel + failed", "log/list?page_size=20&channel_id=2&status=failed"],
  ["log/list api key + success", "log/list?page_size=20&api_key_id=3&status=success"],
  ["log/list api key + failed", "log/list?page_size=20&api_key_id=3&status=failed"],
  ["log/list source test + failed", "log/list?page_size=20&source=test&status=failed"],
  ["log/list success", "log/list?page_size=20&status=success"],
  ["log/list failed", "log/list?page_size=20&status=failed"],
  ["log/list status 429", "log/list?page_size=20&status=429"],
  ["log/list channel", "log/list?page_size=20&channel_id=2"],
  ["log/list api key", "log/list?page_size=20&api_key_id=3"],
  ["log/list source test", "log/list?page_size=20&source=test"],
  ["log/list last hour", `log/list?page_size=20&from=${Date.now() - 3_600_000}`],
  ["stats/total", "stats/total"],
  ["stats/daily", "stats/daily"],
  ["stats/model", "stats/model"],
];

const progress = (text: string) => process.stderr.write(text);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => Math.max(...xs);

/** Rows spread over the last 30 days: 20 models, 5 channels, 10 keys, 3% failed, a few channel tests. */
async function fill(database: DatabaseConfig, from: number, to: number) {
  const db = await openDatabase(database);
  const store = logStore(db);
  const now = Date.now();
  const span = 30 * 86_400_000;
  for (let i = from; i < to; i += 20_000) {
    const n = Math.min(20_000, to - i);
    await store.insert(
      Array.from({ length: n }, (_, k) => {
        const r = i + k;
        const failed = r % 33 === 0;
        return logEntry({
          time: now - span + Math.floor((r / to) * span),
          model: `model-${r % 20}`,
          channel_id: 1 + (r % 5),
          api_key_id: 1 + (r % 10),
          status: failed ? (r % 2 ? 429 : 502) : 200,
          source: r % 500 === 0 ? "test" : "relay",
        });
      }),
    );
    progress(`\r  ${(i + n).toLocaleString("en")} rows`);
  }
  progress("\n");
  // What autovacuum does to a table grown over weeks: statistics, and the visibility map index-only scans need.
  if (database.type === "postgres") await db.exec("VACUUM ANALYZE request_logs");
  // A history written over weeks has no write-ahead log of hundreds of MB left for the relay's commits to copy back.
  else await db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.close();
}

/** Calls each admin read once a second until stopped; returns each one's latencies. */
function poll(octopus: { url: string; token: string }) {
  const times = new Map<string, number[]>(ADMIN_CALLS.map(([name]) => [name, []]));
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const started = performance.now();
      for (const [name, path] of ADMIN_CALLS) {
        const t = performance.now();
        const response = await fetch(`${octopus.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${octopus.token}` } });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
        times.get(name)!.push(performance.now() - t);
      }
      await Bun.sleep(Math.max(0, 1000 - (performance.now() - started)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return times;
    },
  };
}

/**
 * Clears the logs through the admin API while the relay is loaded, one `measure` after another
 * until the clear has answered; prints what the clear reports and the relay during it against `before`.
 */
async function deletionRun(octopus: { url: string; token: string }, measure: () => Promise<Measurement>, before: Measurement[]) {
  const started = performance.now();
  let finished = 0;
  const clear = fetch(`${octopus.url}/api/v1/log/clear`, { method: "DELETE", headers: { authorization: `Bearer ${octopus.token}` } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`log/clear: ${response.status} ${await response.text()}`);
      return (await response.json()) as { rows: number; batches: number; longest_batch_ms: number };
    })
    .finally(() => (finished = performance.now()));
  clear.catch(() => {}); // awaited once the relay runs stop
  const during: Measurement[] = [];
  while (!finished) {
    during.push(await measure());
    progress(`\r  relay runs during the clear: ${during.length}`);
  }
  progress("\n");
  const deleted = await clear;
  const seconds = (finished - started) / 1000;
  const line = (label: string, ms: Measurement[]) =>
    `  ${label.padEnd(24)} p50 ${median(ms.map((m) => m.p50Ms)).toFixed(2)} ms  p99 median ${median(ms.map((m) => m.p99Ms)).toFixed(2)} ms, max ${max(ms.map((m) => m.p99Ms)).toFixed(2)} ms  ${Math.round(median(ms.map((m) => m.rps))).toLocaleString("en")} req/s (${ms.length} runs)`;
  console.log(`Clearing ${deleted.rows.toLocaleString("en")} rows through DELETE /api/v1/log/clear while the relay is loaded`);
  console.log(`  ${seconds.toFixed(1)} s, ${deleted.batches.toLocaleString("en")} batches (${Math.round(deleted.rows / seconds).toLocaleString("en")} rows/s), longest batch ${deleted.longest_batch_ms} ms`);
  console.log(line("relay before:", before));
  console.log(line("relay during the clear:", during));
  console.log();
}

const running: Target[] = [];
let postgres: TestDatabase | undefined;
try {
  ensureWrk();
  const upstream = await startUpstream(100, 0, 500);
  running.push(upstream);
  if (values.database === "postgres") postgres = await createTestDatabase("postgres");
  const octopus = await startOctopus(upstream.url, postgres?.config);
  running.push(octopus);
  const idleMB = memoryMB(octopus.pid, "VmRSS");
  const request = SCENARIOS.find((s) => s.id === "a")!.request("octopus", { url: octopus.url, upstream: upstream.url, apiKey: octopus.apiKey });
  const ownPids = running.map((t) => t.pid);
  const measure = () => load(request, octopus.pid, ownPids, CONNECTIONS, SECONDS);

  console.log(`History benchmark on ${values.database}: relay JSON chat at c=${CONNECTIONS}, ${SECONDS} s a run, ${ROUNDS} rounds alternating without/with the admin client`);
  console.log(`Octopus idle RSS ${idleMB} MB\n`);
  let written = 0;
  if (values.delete) {
    const rows = SIZES[1];
    progress(`writing history up to ${rows.toLocaleString("en")} rows\n`);
    await fill(octopus.database, 0, rows);
    await load(request, octopus.pid, ownPids, CONNECTIONS, 1); // warm-up
    const before: Measurement[] = [];
    for (let round = 0; round < ROUNDS; round++) before.push(await measure());
    await deletionRun(octopus, measure, before);
  }
  for (const rows of values.delete ? [] : SIZES) {
    progress(`writing history up to ${rows.toLocaleString("en")} rows\n`);
    await fill(octopus.database, written, rows);
    written = rows;
    await load(request, octopus.pid, ownPids, CONNECTIONS, 1); // warm-up
    const quiet: Measurement[] = [];
    const busy: Measurement[] = [];
    const adminTimes = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      progress(`  round ${round + 1}: relay alone, `);
      quiet.push(await measure());
      progress("relay with the admin client\n");
      const poller = poll(octopus);
      busy.push(await measure());
      for (const [name, times] of await poller.stop()) adminTimes.set(name, [...(adminTimes.get(name) ?? []), ...times]);
    }
    const p = (ms: Measurement[], key: "p50Ms" | "p99Ms") => median(ms.map((m) => m[key])).toFixed(2);
    const rps = (ms: Measurement[]) => Math.round(median(ms.map((m) => m.rps))).toLocaleString("en");
    console.log(`${rows.toLocaleString("en")} rows (median of ${ROUNDS} runs each)`);
    console.log(`  relay alone:             p50 ${p(quiet, "p50Ms")} ms  p99 ${p(quiet, "p99Ms")} ms  ${rps(quiet)} req/s`);
    console.log(`  relay with admin client: p50 ${p(busy, "p50Ms")} ms  p99 ${p(busy, "p99Ms")} ms  ${rps(busy)} req/s`);
    console.log("  admin calls under load (median / max ms):");
    for (const [name, times] of adminTimes) console.log(`    ${name.padEnd(34)} ${median(times).toFixed(1).padStart(7)} / ${max(times).toFixed(1)}`);
    const lists = [...adminTimes].filter(([name]) => name.startsWith("log/list")).map(([name, times]) => ({ name, ms: median(times) }));
    const slowest = lists.reduce((a, b) => (b.ms > a.ms ? b : a));
    const p99Change = median(busy.map((m) => m.p99Ms)) / median(quiet.map((m) => m.p99Ms)) - 1;
    const judged = (pass: boolean) => (pass ? "PASS" : "MISS");
    console.log(`  ${judged(slowest.ms < LIST_MS)}  every log/list under ${LIST_MS} ms (median): slowest ${slowest.ms.toFixed(1)} ms, ${slowest.name}`);
    console.log(`  ${judged(p99Change <= P99_CHANGE)}  relay p99 with the admin client within ${P99_CHANGE * 100}% of without: ${p99Change >= 0 ? "+" : ""}${(p99Change * 100).toFixed(1)}%`);
    console.log();
  }
  console.log(`Octopus RSS: idle ${idleMB} MB, peak (VmHWM) ${memoryMB(octopus.pid, "VmHWM")} MB`);
} catch (e) {
  progress(`\nhistory bench failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await Promise.all(running.map((t) => t.stop()));
  await postgres?.drop();
}
