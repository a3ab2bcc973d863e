/**
 * `bun run bench [-- --quick] [--chunks N] [--latency MS]`: starts the mock upstream, the bare
 * proxy and Octopus on loopback, checks one answer from each, then loads them in turn with the
 * same autocannon run, round after round, and prints and saves (bench/results/) the figures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { load, type Measurement, type Request } from "./load";
import { printReport, summarize, type ScenarioResult } from "./report";
import { SCENARIOS, type TargetName } from "./scenarios";
import { memoryMiB, startBareProxy, startOctopus, startUpstream, type Target } from "./targets";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    chunks: { type: "string", default: "100" },
    latency: { type: "string", default: "0" },
  },
});
const settings = {
  quick: values.quick,
  connections: 32,
  seconds: values.quick ? 2 : 7,
  warmupSeconds: values.quick ? 1 : 2,
  rounds: values.quick ? 1 : 3,
  chunks: Number(values.chunks),
  latencyMs: Number(values.latency),
};
const TARGETS: TargetName[] = ["direct", "bare", "octopus"];

const running: Target[] = [];
const stopAll = () => Promise.all(running.splice(0).map((t) => t.stop()));
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  void stopAll().then(() => process.exit(130));
});

try {
  const upstream = await startUpstream(settings.chunks, settings.latencyMs);
  running.push(upstream);
  const bare = await startBareProxy(upstream.url);
  running.push(bare);
  const octopus = await startOctopus(upstream.url);
  running.push(octopus);
  const processes: Record<TargetName, Target> = { direct: upstream, bare, octopus };

  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    const requests = {} as Record<TargetName, Request>;
    for (const target of TARGETS) requests[target] = scenario.request(target, processes[target].url, octopus);
    for (const target of TARGETS) {
      const { url, headers, body } = requests[target];
      const response = await fetch(url, { method: "POST", headers, body });
      const text = await response.text();
      const problem = response.status === 200 ? scenario.check(target, text, settings.chunks) : `status ${response.status}: ${text.slice(0, 300)}`;
      if (problem) throw new Error(`pre-flight (${scenario.id}) ${target}: ${problem}`);
    }
    process.stderr.write(`(${scenario.id}) ${scenario.title}: warm-up`);
    for (const target of TARGETS) await load(requests[target], processes[target].pid, settings.connections, settings.warmupSeconds);
    const rounds: Record<TargetName, Measurement[]> = { direct: [], bare: [], octopus: [] };
    for (let round = 1; round <= settings.rounds; round++) {
      process.stderr.write(`, round ${round}`);
      for (const target of TARGETS) rounds[target].push(await load(requests[target], processes[target].pid, settings.connections, settings.seconds));
    }
    process.stderr.write("\n");
    results.push(summarize(scenario, rounds));
  }

  printReport(results, settings);
  // Start-up, not load, sets this peak: Argon2id hashes (64 MiB each) for the default user and the login.
  const octopusStartPeakRssMiB = memoryMiB(octopus.pid, "VmHWM");
  console.log(`Octopus peak RSS since start (VmHWM): ${octopusStartPeakRssMiB} MiB`);
  const commit = Bun.spawnSync(["git", "describe", "--always", "--dirty"], { cwd: import.meta.dir }).stdout.toString().trim();
  const date = new Date().toISOString();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model.trim(), platform: process.platform, bun: Bun.version };
  // Innermost objects and arrays on one line each, so a result file stays short and diffs well.
  const json = JSON.stringify({ date, commit, machine, settings, octopusStartPeakRssMiB, scenarios: results }, null, 2).replace(/[{[][^{}[\]]*[}\]]/g, (leaf) => leaf.replace(/\s*\n\s*/g, " "));
  const name = `${date.slice(0, 10)}${settings.quick ? "-quick" : ""}.json`;
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  writeFileSync(join(import.meta.dir, "results", name), json + "\n");
  console.log(`\nwrote bench/results/${name}`);
} catch (e) {
  if (!interrupted) process.stderr.write(`\nbench failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
