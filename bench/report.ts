/** Rounds reduced to medians, Octopus's ratios to the bare proxy and to the upstream, and the printed table. */
import type { Measurement } from "./load";
import type { Scenario, TargetName } from "./scenarios";

const KEYS = ["rps", "p50Ms", "p99Ms", "cpuUs"] as const;
type Figures = Record<(typeof KEYS)[number], number>;

interface TargetResult {
  /** Each round's figures in run order, so the noise shows; rssMiB is the largest resident memory seen in the round. */
  rounds: (Figures & { rssMiB: number })[];
  median: Figures;
  peakRssMiB: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  targets: Record<TargetName, TargetResult>;
  /** Octopus / other, from the medians: below 1 for req/s, above 1 for latency and CPU is Octopus's cost. */
  ratios: Record<"octopusToBare" | "octopusToDirect", Figures>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figures = (f: (key: (typeof KEYS)[number]) => number) => Object.fromEntries(KEYS.map((k) => [k, f(k)])) as Figures;

export function summarize(scenario: Scenario, measured: Record<TargetName, Measurement[]>): ScenarioResult {
  const target = (ms: Measurement[]): TargetResult => {
    const rounds = ms.map((m) => ({ rps: Math.round(m.rps), p50Ms: m.p50, p99Ms: m.p99, cpuUs: Math.round(m.cpuUs), rssMiB: m.rssMiB }));
    return { rounds, median: figures((k) => median(rounds.map((r) => r[k]))), peakRssMiB: Math.max(...rounds.map((r) => r.rssMiB)) };
  };
  const targets = { direct: target(measured.direct), bare: target(measured.bare), octopus: target(measured.octopus) };
  const ratio = (other: TargetResult) => figures((k) => Number((targets.octopus.median[k] / other.median[k]).toFixed(2)));
  return { id: scenario.id, title: scenario.title, targets, ratios: { octopusToBare: ratio(targets.bare), octopusToDirect: ratio(targets.direct) } };
}

export function printReport(results: ScenarioResult[], settings: { connections: number; seconds: number; rounds: number; chunks: number; latencyMs: number }) {
  const { connections, seconds, rounds, chunks, latencyMs } = settings;
  console.log(`\n${connections} connections, ${rounds} round(s) of ${seconds}s per target, ${chunks}-chunk streams, upstream latency ${latencyMs} ms`);
  console.log("Medians of the rounds; a stream counts as one request. CPU and RSS are the target process's own (direct: the upstream's).\n");
  const row = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(16) : String(c).padStart(10))).join(" "));
  for (const r of results) {
    console.log(`(${r.id}) ${r.title}`);
    row(["", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "RSS MiB", "  req/s of each round"]);
    for (const name of ["direct", "bare", "octopus"] as const) {
      const t = r.targets[name];
      row([`  ${name}`, ...KEYS.map((k) => t.median[k]), t.peakRssMiB, `  ${t.rounds.map((x) => x.rps).join(" ")}`]);
    }
    for (const [label, q] of [["  octopus/bare", r.ratios.octopusToBare], ["  octopus/direct", r.ratios.octopusToDirect]] as const)
      row([label, ...KEYS.map((k) => `${q[k]}x`)]);
    console.log();
  }
}
