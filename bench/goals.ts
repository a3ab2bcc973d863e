/** The performance targets Octopus is held to (issue 13's among them), each judged from one run's medians. */
import type { HoldResult } from "./hold";
import type { MemoryResult } from "./memory";
import { SCENARIOS } from "./scenarios";
import type { CellResult } from "./summary";

export interface Goal {
  goal: string;
  measured: string;
  /** Undefined when the run could not measure it (the peer did not run, or cannot serve the scenario). */
  pass?: boolean;
}

/** Resident memory Octopus may hold idle (started, configured, warmed up, settled), and at most under any scenario at c=128. */
export const IDLE_RSS_MB = 64;
export const PEAK_RSS_MB = 110;

const x = (ratio: number) => `${ratio.toFixed(2)}×`;

export function judge(cells: CellResult[], concurrencies: number[], hold: Partial<Record<"bare" | "octopus", HoldResult>>, memory?: MemoryResult): Goal[] {
  const cell = (scenario: string, c: number) => cells.find((r) => r.scenario === scenario && r.connections === c)!;
  const goals: Goal[] = [];
  for (const c of concurrencies) {
    const json = cell("a", c);
    const bareRps = json.ratios.octopusToBare!.rps;
    goals.push({ goal: `JSON pass-through req/s ≥ 0.9× bare (c=${c})`, measured: x(bareRps), pass: bareRps >= 0.9 });
    const octopusP50 = json.targets.octopus!.median.p50Ms;
    const bareP50 = json.targets.bare!.median.p50Ms;
    const extra = octopusP50 - bareP50;
    goals.push({ goal: `JSON pass-through p50 ≤ bare + 0.5 ms (c=${c})`, measured: `${octopusP50.toFixed(2)} vs ${bareP50.toFixed(2)} ms (${extra >= 0 ? "+" : ""}${extra.toFixed(2)})`, pass: extra <= 0.5 });
    const stream = cell("b", c).ratios.octopusToBare!.rps;
    goals.push({ goal: `stream pass-through streams/s ≥ 0.85× bare (c=${c})`, measured: x(stream), pass: stream >= 0.85 });
    const converted = cell("c", c).targets.octopus!.median.rps / cell("b", c).targets.octopus!.median.rps;
    goals.push({ goal: `converted streams/s ≥ 0.8× pass-through streams/s (c=${c})`, measured: x(converted), pass: converted >= 0.8 });
  }
  // A paced scenario's req/s is the upstream's pace, whoever relays it.
  const unpaced = new Set(SCENARIOS.filter((s) => !s.paced).map((s) => s.id));
  for (const r of cells.filter((cell) => unpaced.has(cell.scenario))) {
    const goal = `≥ 10× the peer: (${r.scenario}) c=${r.connections}`;
    const toPeer = r.ratios.octopusToPeer;
    goals.push(toPeer ? { goal, measured: x(toPeer.rps), pass: toPeer.rps >= 10 } : { goal, measured: `n/a: ${r.peerSkipped}` });
  }
  // From source, and as the release binary when the run built it (memory.ts).
  for (const [name, label] of [["octopus", "Octopus"], ["binary", "Octopus binary"]] as const) {
    if (!memory?.idle[name]) continue;
    const { medianMB, runsMB } = memory.idle[name];
    goals.push({ goal: `${label} idle RSS ≤ ${IDLE_RSS_MB} MB`, measured: `${medianMB} MB (median of ${runsMB.length} starts: ${runsMB.join(", ")})`, pass: medianMB <= IDLE_RSS_MB });
    for (const [scenario, targets] of Object.entries(memory.scenarios)) {
      const peak = targets[name]?.peakMB;
      if (peak === undefined) continue;
      goals.push({ goal: `${label} peak RSS ≤ ${PEAK_RSS_MB} MB: (${scenario}) c=${memory.connections}`, measured: `${peak} MB (bare ${targets.bare?.peakMB ?? "n/a"} MB)`, pass: peak <= PEAK_RSS_MB });
    }
  }
  const held = hold.octopus;
  if (held) {
    const all = held.flowing === held.streams && held.failed === 0 && held.ended === 0;
    const broken = `${held.failed ? `, ${held.failed} failed` : ""}${held.ended ? `, ${held.ended} ended early` : ""}`;
    const measured = `${held.peakRssMB} MB, ${held.flowing} of ${held.streams} streams flowing${broken}`;
    goals.push({ goal: `Octopus RSS ≤ 250 MB holding ${held.streams} streams, all flowing`, measured, pass: all && held.peakRssMB <= 250 });
  }
  return goals;
}
