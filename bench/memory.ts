/**
 * Memory, each target started afresh for each scenario, so a scenario's peak is its own and not
 * that of the scenarios before it in one long-lived process:
 * - idle: started (Octopus also configured through its admin API), a warm-up of a few requests of
 *   every scenario one after another, then a GC settle: RSS sampled every 250 ms until it has not
 *   fallen for 2 s (at most 15 s). The figure is the median over the starts.
 * - peak: the scenario's load at `connections` for `seconds` (wrk, as the load table's), RSS
 *   sampled every 100 ms; then "after": settled again the same way, what the load left behind.
 * `bun bench/memory.ts [--quick] [--compare DIR]…` alone (DIR: another checkout, e.g. a worktree of
 * an older commit, whose Octopus is measured the same way, interleaved); bench/run.ts runs it too.
 */
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startOctopus, sourceCommand } from "./octopus";
import { memoryMB } from "./proc-stats";
import { startBareProxy, startUpstream, type Target } from "./processes";
import { median } from "./summary";
import { SCENARIOS, type Scenario, type TargetName } from "./scenarios";
import { load, type Request } from "./wrk";

export interface MemoryTarget {
  /** "bare", "octopus", or "octopus@DIR" for another checkout. */
  name: string;
  /** The scenarios' request shape this target takes. */
  as: TargetName;
  start(upstream: string): Promise<Target & { apiKey?: string }>;
}

export interface MemorySettings {
  connections: number;
  seconds: number;
  chunks: number;
  /** Requests of each scenario before the idle figure. */
  warmupRequests: number;
}

export interface ScenarioMemory {
  idleMB: number;
  peakMB: number;
  afterMB: number;
  rps: number;
}

export interface MemoryResult {
  connections: number;
  targets: string[];
  /** Per target: its idle RSS at each start, and their median. */
  idle: Record<string, { runsMB: number[]; medianMB: number }>;
  /** Per scenario id, per target. */
  scenarios: Record<string, Record<string, ScenarioMemory>>;
}

const SETTLE_SAMPLE_MS = 250;
const SETTLE_QUIET_MS = 2000;
const SETTLE_MAX_MS = 15_000;

/** RSS once it has not fallen for SETTLE_QUIET_MS (collections run on timers after activity stops). */
async function settledRss(pid: number): Promise<number> {
  let lowest = memoryMB(pid, "VmRSS");
  let quietSince = performance.now();
  for (const started = performance.now(); performance.now() - started < SETTLE_MAX_MS; ) {
    await Bun.sleep(SETTLE_SAMPLE_MS);
    const now = memoryMB(pid, "VmRSS");
    if (now < lowest) {
      lowest = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= SETTLE_QUIET_MS) break;
  }
  return memoryMB(pid, "VmRSS");
}

async function send(request: Request) {
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${request.url}: status ${response.status} in the warm-up`);
}

/** The bare proxy with the runtime settings Octopus gives itself (src/runtime-env.ts). */
export const bareTarget: MemoryTarget = { name: "bare", as: "bare", start: (upstream) => startBareProxy(upstream, 16384) };

/** The release binary at `path` (built by bench/binary.ts): what a user runs. */
export const binaryTarget = (path: string): MemoryTarget => ({
  name: "binary",
  as: "octopus",
  start: (upstream) => startOctopus(upstream, undefined, { command: [path] }),
});

/** Octopus from this checkout's source, or from `root`'s (named octopus@<folder>). */
export function octopusTarget(root?: string): MemoryTarget {
  return {
    name: root ? `octopus@${basename(root)}` : "octopus",
    as: "octopus",
    start: (upstream) => startOctopus(upstream, undefined, { command: sourceCommand(root) }),
  };
}

export async function runMemory(
  upstream: Target,
  targets: MemoryTarget[],
  settings: MemorySettings,
  progress = (text: string) => process.stderr.write(text),
): Promise<MemoryResult> {
  const result: MemoryResult = { connections: settings.connections, targets: targets.map((t) => t.name), idle: {}, scenarios: {} };
  for (const t of targets) result.idle[t.name] = { runsMB: [], medianMB: 0 };
  for (const scenario of SCENARIOS) {
    result.scenarios[scenario.id] = {};
    for (const target of targets) {
      progress(`memory (${scenario.id}) ${target.name}: `);
      result.scenarios[scenario.id][target.name] = await measureStart(upstream, target, scenario, settings, progress);
      result.idle[target.name].runsMB.push(result.scenarios[scenario.id][target.name].idleMB);
    }
  }
  for (const t of targets) result.idle[t.name].medianMB = median(result.idle[t.name].runsMB);
  return result;
}

async function measureStart(upstream: Target, target: MemoryTarget, scenario: Scenario, s: MemorySettings, progress: (text: string) => void): Promise<ScenarioMemory> {
  const server = await target.start(upstream.url);
  try {
    const at = { url: server.url, upstream: upstream.url, apiKey: server.apiKey ?? "" };
    progress("warm-up");
    for (const each of SCENARIOS) for (let i = 0; i < s.warmupRequests; i++) await send(each.request(target.as, at));
    const idleMB = await settledRss(server.pid);
    progress(`, idle ${idleMB} MB, load`);
    const loaded = await load(scenario.request(target.as, at), server.pid, [upstream.pid, server.pid], s.connections, s.seconds);
    const afterMB = await settledRss(server.pid);
    progress(`, peak ${loaded.rssMB} MB, after ${afterMB} MB\n`);
    return { idleMB, peakMB: loaded.rssMB, afterMB, rps: Math.round(loaded.rps) };
  } finally {
    await server.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      compare: { type: "string", multiple: true, default: [] },
      chunks: { type: "string", default: "100" },
    },
  });
  const { printMemory } = await import("./report");
  const settings: MemorySettings = { connections: 128, seconds: values.quick ? 2 : 3, chunks: Number(values.chunks), warmupRequests: 10 };
  const upstream = await startUpstream(settings.chunks, 0, 500);
  try {
    const targets = [bareTarget, octopusTarget(), ...values.compare.map((dir) => octopusTarget(resolve(dir)))];
    printMemory(await runMemory(upstream, targets, settings));
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    process.exitCode = 1;
  } finally {
    await upstream.stop();
  }
}
