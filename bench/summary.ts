/** Rounds reduced to medians and spreads, and Octopus's ratios to the bare proxy, the upstream itself and the peer. */
import type { TargetName } from "./scenarios";
import type { Measurement } from "./wrk";

const KEYS = ["rps", "p50Ms", "p99Ms", "cpuUs"] as const;
export type Figures = Record<(typeof KEYS)[number], number>;

export interface TargetResult {
  /** Each round's figures in run order, so the noise shows; rssMB is the largest resident memory seen in the round. */
  rounds: Measurement[];
  median: Figures;
  /** The slowest and fastest round's req/s. */
  rpsRange: [number, number];
  peakRssMB: number;
  /** The most cores other work took during a round (see Measurement.otherCores). */
  otherCoresMax: number;
}

export interface CellResult {
  scenario: string;
  title: string;
  connections: number;
  targets: Partial<Record<TargetName, TargetResult>>;
  /** Why the peer gateway has no figures here, when it has none. */
  peerSkipped?: string;
  /** Octopus / other, from the medians: below 1 for req/s, above 1 for latency and CPU is Octopus's cost. */
  ratios: Partial<Record<"octopusToBare" | "octopusToDirect" | "octopusToPeer", Figures>>;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figures = (f: (key: (typeof KEYS)[number]) => number) => Object.fromEntries(KEYS.map((k) => [k, f(k)])) as Figures;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

function targetResult(measured: Measurement[]): TargetResult {
  const rounds = measured.map((m) => ({ ...m, rps: Math.round(m.rps), p50Ms: round(m.p50Ms, 2), p99Ms: round(m.p99Ms, 2), cpuUs: Math.round(m.cpuUs), otherCores: round(m.otherCores, 2) }));
  const rps = rounds.map((r) => r.rps);
  return {
    rounds,
    median: figures((k) => median(rounds.map((r) => r[k]))),
    rpsRange: [Math.min(...rps), Math.max(...rps)],
    peakRssMB: Math.max(...rounds.map((r) => r.rssMB)),
    otherCoresMax: Math.max(...rounds.map((r) => r.otherCores)),
  };
}

export function summarize(
  scenario: { id: string; title: string },
  connections: number,
  measured: Partial<Record<TargetName, Measurement[]>>,
  peerSkipped?: string,
): CellResult {
  const targets: CellResult["targets"] = {};
  for (const [name, ms] of Object.entries(measured) as [TargetName, Measurement[]][]) targets[name] = targetResult(ms);
  const octopus = targets.octopus!.median;
  const ratio = (other?: TargetResult) => other && figures((k) => round(octopus[k] / other.median[k], 2));
  const ratios: CellResult["ratios"] = { octopusToBare: ratio(targets.bare), octopusToDirect: ratio(targets.direct) };
  if (targets.peer) ratios.octopusToPeer = ratio(targets.peer);
  return { scenario: scenario.id, title: scenario.title, connections, targets, ...(peerSkipped && { peerSkipped }), ratios };
}
