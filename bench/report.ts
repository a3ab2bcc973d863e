/** The printed report: the load table, Octopus's ratios, the held streams, the conversion micro-benchmark and the targets. */
import type { Goal } from "./goals";
import type { HoldResult } from "./hold";
import type { MemoryResult } from "./memory";
import type { MicroResult } from "./micro";
import { SCENARIOS, TARGETS } from "./scenarios";
import type { SyscallResult } from "./syscalls";
import type { CellResult } from "./summary";

const table = (rows: (string | number)[][], align: ("l" | "r")[]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  for (const row of rows) console.log(row.map((c, i) => (align[i] === "l" ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd());
};
const ms = (x: number) => x.toFixed(2);
/** Other work above this many cores during a round is worth a warning on a small machine. */
const DISTURBED_CORES = 0.25;
const ratio = (x?: number) => (x === undefined ? "" : `${x.toFixed(2)}×`);

export function printHeader(
  date: string,
  commit: string,
  machine: { cpus: number; cpu?: string; memoryGB: number; bun: string },
  s: { loader: string; concurrencies: number[]; rounds: number; seconds: number; warmupSeconds: number; chunks: number; latencyMs: number; fdLimit: number },
) {
  console.log(`\n${date.slice(0, 16).replace("T", " ")} UTC, ${commit}; ${machine.cpus} × ${machine.cpu}, ${machine.memoryGB} GB, Bun ${machine.bun}`);
  console.log(
    `${s.loader}; c = ${s.concurrencies.join(", ")}; ${s.rounds} round(s) of ${s.seconds} s per target after a ${s.warmupSeconds} s warm-up; ${s.chunks}-chunk streams; upstream latency ${s.latencyMs} ms; ulimit -n ${s.fdLimit}`,
  );
}

export function printLoad(cells: CellResult[]) {
  console.log("\nLoad: medians of the rounds (a stream counts as one request); CPU and RSS are the target process's own (direct: the upstream's).\n");
  const rows: (string | number)[][] = [["scenario", "c", "target", "req/s", "(min–max)", "p50 ms", "p99 ms", "CPU µs/req", "RSS MB", "other cores"]];
  cells.forEach((r, i) => {
    let first = true;
    for (const name of TARGETS) {
      const t = r.targets[name];
      if (!t) continue;
      const title = first && cells[i - 1]?.scenario !== r.scenario ? `(${r.scenario}) ${r.title}` : "";
      rows.push([title, first ? r.connections : "", name, t.median.rps, `(${t.rpsRange.join("–")})`, ms(t.median.p50Ms), ms(t.median.p99Ms), t.median.cpuUs, t.peakRssMB, t.otherCoresMax.toFixed(2)]);
      first = false;
    }
  });
  table(rows, ["l", "r", "l", "r", "l", "r", "r", "r", "r", "r"]);
  const rounds = cells.flatMap((r) => Object.values(r.targets).flatMap((t) => t.rounds));
  const disturbed = rounds.filter((m) => m.otherCores > DISTURBED_CORES);
  console.log(`\nother cores: the most CPU that processes outside the benchmark (or the hypervisor) took in a round.`);
  if (disturbed.length)
    console.log(`Other work took more than ${DISTURBED_CORES} cores in ${disturbed.length} of ${rounds.length} rounds (at most ${Math.max(...disturbed.map((m) => m.otherCores))}): those figures are disturbed.`);

  console.log("\nOctopus's ratios (req/s: above 1 is faster; p50, p99: below 1 is faster)\n");
  const ratios: (string | number)[][] = [["scenario", "c", "/bare req/s", "p50", "p99", "/direct req/s", "p50", "p99", "/peer req/s", "p50", "p99"]];
  for (const r of cells) {
    const q = (k: keyof CellResult["ratios"]) => [ratio(r.ratios[k]?.rps), ratio(r.ratios[k]?.p50Ms), ratio(r.ratios[k]?.p99Ms)];
    ratios.push([r.scenario, r.connections, ...q("octopusToBare"), ...q("octopusToDirect"), ...q("octopusToPeer")]);
  }
  table(ratios, ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"]);
}

export function printHold(hold: Partial<Record<"bare" | "octopus", HoldResult>>, paceMs: number) {
  console.log(`\nHeld streams: opened at once from another process, one chunk every ${paceMs} ms; the target's peak RSS while they were open.\n`);
  const rows: (string | number)[][] = [["target", "streams", "flowing", "failed", "ramp s", "peak RSS MB", ""]];
  for (const [name, h] of Object.entries(hold)) rows.push([name, h.streams, h.flowing, h.failed, (h.rampMs / 1000).toFixed(1), h.peakRssMB, h.firstError ?? ""]);
  table(rows, ["l", "r", "r", "r", "r", "r", "l"]);
}

export function printMemory(memory: MemoryResult) {
  console.log(
    `\nMemory: RSS in MB, each target started afresh for each scenario. idle: after a warm-up (a few requests of every scenario) and a GC settle ` +
      `(until RSS has not fallen for 2 s); peak: under that scenario's load at c=${memory.connections}; after: settled again once the load stopped.\n`,
  );
  const header = ["scenario", ...memory.targets.flatMap((t) => [`${t} idle`, "peak", "after"])];
  const rows: (string | number)[][] = [header];
  for (const scenario of SCENARIOS) {
    const figures = memory.scenarios[scenario.id];
    if (figures) rows.push([`(${scenario.id}) ${scenario.title}`, ...memory.targets.flatMap((t) => [figures[t].idleMB, figures[t].peakMB, figures[t].afterMB])]);
  }
  rows.push(["idle, median of the starts", ...memory.targets.flatMap((t) => [memory.idle[t].medianMB, "", ""])]);
  table(rows, ["l", ...memory.targets.flatMap(() => ["r", "r", "r"] as const)]);
}

export function printSyscalls(result: SyscallResult) {
  if ("skipped" in result) return void console.log(`\nSocket writes and reads per stream: skipped (${result.skipped})`);
  console.log(`\nSocket writes and reads per stream (perf stat on syscall tracepoints; c=${result.connections}, ${result.seconds} s, outside the timed rounds).`);
  console.log("send: sendto/sendmsg; recv: recvfrom/recvmsg (Bun's sockets); other: write/read, mostly wake-ups between Bun's threads.\n");
  const rows: (string | number)[][] = [["scenario", "target", "streams/s", "send", "recv", "other"]];
  for (const r of result.rows) rows.push([r.scenario, r.target, r.rps, r.send.toFixed(1), r.recv.toFixed(1), r.other.toFixed(1)]);
  table(rows, ["l", "l", "r", "r", "r", "r"]);
}

export function printMicro(micro: MicroResult) {
  console.log(`\nConversion alone, in-process: µs per upstream event, median of the rounds (min–max); ${micro.chunks}-delta text streams.`);
  console.log("Rows: the channel's format; columns: the client's. The diagonal is the pass-through path (the tap until the stream opens, then only its end).\n");
  const formats = Object.keys(micro.eventsPerStream);
  const rows: string[][] = [["channel \\ client", ...formats]];
  for (const channel of formats) {
    rows.push([channel, ...formats.map((client) => {
      const p = micro.pairs.find((x) => x.channel === channel && x.client === client)!;
      return `${p.median.toFixed(2)} (${p.min.toFixed(2)}–${p.max.toFixed(2)})`;
    })]);
  }
  table(rows, ["l", "r", "r", "r", "r"]);
}

export function printGoals(goals: Goal[]) {
  console.log("\nTargets\n");
  const rows = goals.map((g) => [g.pass === undefined ? "  -- " : g.pass ? "PASS" : "MISS", g.goal, g.measured]);
  table(rows, ["l", "l", "l"]);
}
