/**
 * `bun run bench [-- --quick] [--no-peer] [--chunks N] [--latency MS] [--streams N] [--compare DIR]…`:
 * builds the release binaries and times the host one's start (bench/binary.ts), times the
 * conversion alone, then starts on loopback the mock upstream, the bare proxy, Octopus and the
 * peer gateway, checks one answer of each scenario from each, loads them with the same wrk run
 * (targets interleaved, round after round) at each concurrency, counts the stream scenarios'
 * socket writes and reads per stream, holds many streams open through the bare proxy and
 * Octopus, measures idle and peak memory on fresh processes (bench/memory.ts; `--compare DIR`
 * adds another checkout's Octopus there), and prints and saves (bench/results/) the figures and the targets.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { printBinary, runBinaryBench } from "./binary";
import { judge } from "./goals";
import { holdStreams, type HoldResult } from "./hold";
import { measureCell, preflight } from "./measure";
import { bareTarget, binaryTarget, octopusTarget, runMemory } from "./memory";
import { runMicro } from "./micro";
import { startOctopus } from "./octopus";
import { ensureDependencies, ensureWrk, fdLimit, peerUnavailable } from "./prerequisites";
import { memoryMB } from "./proc-stats";
import { ROOT, startBareProxy, startPeer, startUpstream, type Target } from "./processes";
import { printGoals, printHeader, printHold, printLoad, printMemory, printMicro, printSyscalls } from "./report";
import { SCENARIOS, slowStream, TARGETS, type Addresses, type TargetName } from "./scenarios";
import type { CellResult } from "./summary";
import { streamSyscalls } from "./syscalls";
import type { Request } from "./wrk";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "no-peer": { type: "boolean", default: false },
    chunks: { type: "string", default: "100" },
    latency: { type: "string", default: "0" },
    streams: { type: "string", default: "2000" },
    compare: { type: "string", multiple: true, default: [] },
  },
});
const quick = values.quick;
const settings = {
  quick,
  loader: "wrk, 1 thread, keep-alive",
  concurrencies: [32, 128],
  seconds: 2,
  warmupSeconds: 1,
  rounds: quick ? 1 : 5,
  chunks: Number(values.chunks),
  latencyMs: Number(values.latency),
  streams: Number(values.streams),
  paceMs: 500,
  rampSeconds: quick ? 10 : 20,
  holdSeconds: quick ? 2 : 5,
  microRounds: 3,
  microMs: quick ? 50 : 200,
  fdLimit: fdLimit(Number(values.streams)),
  syscallSeconds: 2,
  memory: { connections: 128, seconds: quick ? 2 : 3, chunks: Number(values.chunks), warmupRequests: 10 },
};
const progress = (text: string) => process.stderr.write(text);

const running: Target[] = [];
const stopAll = () => Promise.all(running.splice(0).map((t) => t.stop()));
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  void stopAll().then(() => {
    rmSync(dist, { recursive: true, force: true });
    process.exit(130);
  });
});

// The release binaries, kept until the host one's memory is measured too.
const dist = mkdtempSync(join(tmpdir(), "octopus-bench-dist-"));
try {
  ensureWrk();
  ensureDependencies(!values["no-peer"]);
  const peerProblem = values["no-peer"] ? "--no-peer" : peerUnavailable();

  // First, while nothing else runs: start times are what this measures.
  const binary = await runBinaryBench(dist, quick ? 3 : 7, progress);

  progress("conversion micro-benchmark\n");
  const micro = await runMicro(settings.chunks, settings.microRounds, settings.microMs);

  const upstream = await startUpstream(settings.chunks, settings.latencyMs, settings.paceMs);
  running.push(upstream);
  const bare = await startBareProxy(upstream.url, settings.streams + 64);
  running.push(bare);
  const octopus = await startOctopus(upstream.url);
  running.push(octopus);
  const octopusIdleMB = memoryMB(octopus.pid, "VmRSS");
  let peer: Target | undefined;
  let peerNote = peerProblem;
  if (!peerProblem) {
    try {
      peer = await startPeer();
      running.push(peer);
    } catch (e) {
      peerNote = `did not start: ${(e as Error).message}`;
    }
  }
  if (peerNote) console.log(`peer gateway skipped: ${peerNote}`);
  const processes: Partial<Record<TargetName, Target>> = { direct: upstream, bare, octopus, peer };
  const pids = Object.fromEntries(Object.entries(processes).map(([name, t]) => [name, t?.pid])) as Partial<Record<TargetName, number>>;

  const plans = [];
  for (const scenario of SCENARIOS) {
    const requests: Partial<Record<TargetName, Request>> = {};
    let peerSkipped = peerNote;
    for (const name of TARGETS) {
      const target = processes[name];
      if (!target) continue;
      const at: Addresses = { url: target.url, upstream: upstream.url, apiKey: octopus.apiKey };
      const request = scenario.request(name, at);
      const problem = await preflight(request, (body) => scenario.check(name, body, settings.chunks));
      if (!problem) requests[name] = request;
      else if (name === "peer") peerSkipped = `pre-flight: ${problem}`;
      else throw new Error(`pre-flight (${scenario.id}) ${name}: ${problem}`);
    }
    if (peer && peerSkipped) console.log(`peer gateway skipped in (${scenario.id}): ${peerSkipped}`);
    plans.push({ scenario, requests, peerSkipped });
  }

  const cells: CellResult[] = [];
  for (const { scenario, requests, peerSkipped } of plans)
    for (const connections of settings.concurrencies) {
      progress(`(${scenario.id}) c=${connections}: `);
      cells.push(await measureCell({ scenario, connections, requests, pids, ownPids: running.map((t) => t.pid), peerSkipped }, settings));
    }

  progress("counting socket writes and reads of the stream scenarios\n");
  const syscalls = await streamSyscalls(plans, pids, running.map((t) => t.pid), settings.concurrencies[0], settings.syscallSeconds);

  const hold: Partial<Record<"bare" | "octopus", HoldResult>> = {};
  for (const [name, target] of [["bare", bare], ["octopus", octopus]] as const) {
    progress(`holding ${settings.streams} streams through ${name}\n`);
    const request = slowStream(name, { url: target.url, upstream: upstream.url, apiKey: octopus.apiKey });
    hold[name] = await holdStreams(target.pid, request, settings.streams, settings.rampSeconds, settings.holdSeconds);
  }
  const octopusLifetimePeakMB = memoryMB(octopus.pid, "VmHWM");

  const memoryTargets = [bareTarget, octopusTarget(), binaryTarget(binary.path), ...values.compare.map((dir) => octopusTarget(resolve(dir)))];
  const memory = await runMemory(upstream, memoryTargets, settings.memory, progress);

  const date = new Date().toISOString();
  const commit = Bun.spawnSync(["git", "describe", "--always", "--dirty"], { cwd: ROOT }).stdout.toString().trim();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model.trim(), memoryGB: Math.round(totalmem() / 1e9), platform: process.platform, bun: Bun.version };
  printHeader(date, commit, machine, settings);
  printBinary(binary);
  // The panel's first-load size against its budget: its own script, so `npm run bench:panel` prints the same.
  Bun.spawnSync([process.execPath, "bench/panel-size.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  printLoad(cells);
  printSyscalls(syscalls);
  printHold(hold, settings.paceMs);
  console.log(`Octopus's RSS once started and configured, before any load: ${octopusIdleMB} MB; its peak since start (VmHWM): ${octopusLifetimePeakMB} MB`);
  printMemory(memory);
  printMicro(micro);
  const goals = judge(cells, settings.concurrencies, hold, memory);
  printGoals(goals);

  // The binary's temporary path stays out of the saved figures.
  const { path: _path, ...built } = binary;
  // Innermost objects and arrays on one line each, so a result file stays short and diffs well.
  const json = JSON.stringify({ date, commit, machine, settings, binary: built, cells, syscalls, hold, octopusIdleMB, octopusLifetimePeakMB, memory, micro, goals }, null, 2).replace(/[{[][^{}[\]]*[}\]]/g, (leaf) =>
    leaf.replace(/\s*\n\s*/g, " "),
  );
  const name = `${date.slice(0, 10)}${quick ? "-quick" : ""}.json`;
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", name), json + "\n");
  console.log(`\nwrote bench/results/${name}`);
} catch (e) {
  if (!interrupted) progress(`\nbench failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
  rmSync(dist, { recursive: true, force: true });
}
