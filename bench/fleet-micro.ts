/**
 * What the fleet and metrics features cost, in-process: `Metrics.observe` per relayed request (the
 * only per-request work /metrics adds, besides two counter updates), rendering one scrape, and one
 * change poll (the read every instance makes each second on a shared database) on the local
 * PostgreSQL and MariaDB servers, with the CPU it takes. Prints one JSON line.
 * `bun bench/fleet-micro.ts [--polls N]`
 */
import { parseArgs } from "node:util";
import { openDatabase, type Dialect } from "../src/db/connection";
import { migrate } from "../src/db/migrate";
import { createStores } from "../src/db/stores";
import type { LogEntry } from "../src/db/stores/logs";
import { Metrics, type MetricsSources } from "../src/metrics";
import { createTestDatabase } from "../test/databases";

const { values } = parseArgs({ options: { polls: { type: "string", default: "300" }, observes: { type: "string", default: "200000" } } });

const entry = (i: number): LogEntry => ({
  time: Date.now(), source: "relay", instance: "bench", seq: i, api_key_id: 1, api_key_name: "k", format: "openai-chat",
  model: `group-${i % 4}`, channel_id: i % 8, channel_name: `channel-${i % 8}`, actual_model: "gpt-4o-mini", status: i % 20 === 0 ? 429 : 200,
  input_tokens: 25, output_tokens: 9, cache_read_tokens: 5, cache_write_tokens: 0, reasoning_tokens: 0, cost: 0.0001,
  ttfb_ms: 120, duration_ms: 900, error: null, attempts: [{ channel_id: 1, channel_name: "c", key_remark: "", endpoint: "e", status: 200, duration_ms: 900 }],
  request_body: null, response_body: null,
});

function timeObserve(n: number) {
  const channels = new Map(Array.from({ length: 8 }, (_, i) => [i, { id: i, name: `channel-${i}` }]));
  const sources = {
    state: { channels },
    router: { health: { circuitsOf: () => [], circuitState: () => "closed" } },
    accounting: { logs: { queued: 0, droppedTotal: 0 }, stats: { flushes: { count: 0, failures: 0, seconds: 0 } } },
    relay: { inFlight: { requests: 0, streams: 0 } },
  } as unknown as MetricsSources;
  const metrics = new Metrics(sources);
  const entries = Array.from({ length: 1000 }, (_, i) => entry(i));
  for (let i = 0; i < 20_000; i++) metrics.observe(entries[i % 1000]);
  const start = performance.now();
  for (let i = 0; i < n; i++) metrics.observe(entries[i % 1000]);
  const observeUs = ((performance.now() - start) * 1000) / n;
  const renderStart = performance.now();
  const text = metrics.render();
  return { observe_us: Number(observeUs.toFixed(3)), render_ms: Number((performance.now() - renderStart).toFixed(2)), scrape_bytes: text.length };
}

async function timePoll(dialect: Dialect, polls: number) {
  const target = await createTestDatabase(dialect);
  const db = await openDatabase(target.config);
  try {
    await migrate(db);
    const stores = createStores(db);
    await stores.changes.bump(["channels", "groups", "apiKeys", "settings", "prices", "instances"]);
    for (let i = 0; i < 20; i++) await stores.changes.versions();
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < polls; i++) await stores.changes.versions();
    const wallMs = (performance.now() - start) / polls;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / polls;
    // At one poll a second: the share of one core it takes.
    return { poll_ms: Number(wallMs.toFixed(3)), poll_cpu_ms: Number(cpuMs.toFixed(3)), core_share_at_1_per_s: `${((cpuMs / 1000) * 100).toFixed(3)}%` };
  } finally {
    await db.close();
    await target.drop();
  }
}

const result = {
  metrics: timeObserve(Number(values.observes)),
  poll: { postgres: await timePoll("postgres", Number(values.polls)), mysql: await timePoll("mysql", Number(values.polls)) },
};
console.log(JSON.stringify(result));
