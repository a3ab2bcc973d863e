/** One scenario at one concurrency, measured on every target it has a checked request for. */
import { TARGETS, type Scenario, type TargetName } from "./scenarios";
import { summarize } from "./summary";
import { load, type Measurement, type Request } from "./wrk";

/** Why one answer is not the expected one (its status, its body, or no answer), or undefined. */
export async function preflight(request: Request, check: (body: string) => string | undefined): Promise<string | undefined> {
  try {
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    return response.status === 200 ? check(text) : `status ${response.status}: ${text.slice(0, 200)}`;
  } catch (e) {
    return (e as Error).message;
  }
}

export interface Cell {
  scenario: Scenario;
  connections: number;
  /** Each target's request, for the targets whose pre-flight answer passed. */
  requests: Partial<Record<TargetName, Request>>;
  pids: Partial<Record<TargetName, number>>;
  /** Every process the benchmark started. */
  ownPids: number[];
  peerSkipped?: string;
}

/** A warm-up for each target, then rounds that rotate the order of the targets; progress on stderr. */
export async function measureCell(cell: Cell, timing: { warmupSeconds: number; seconds: number; rounds: number }) {
  const { scenario, connections, requests, pids, ownPids } = cell;
  let { peerSkipped } = cell;
  const names = TARGETS.filter((t) => requests[t]);
  const measured: Partial<Record<TargetName, Measurement[]>> = Object.fromEntries(names.map((t) => [t, []]));
  const measure = async (name: TargetName, seconds: number) => {
    try {
      return await load(requests[name]!, pids[name]!, ownPids, connections, seconds);
    } catch (e) {
      if (name !== "peer") throw e;
      // The peer is optional: its errors drop it from this cell instead of failing the run.
      peerSkipped = `failed under load: ${(e as Error).message}`;
      delete measured.peer;
    }
  };
  process.stderr.write("warm-up");
  for (const name of names) await measure(name, timing.warmupSeconds);
  for (let round = 0; round < timing.rounds; round++) {
    process.stderr.write(`, round ${round + 1}`);
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      if (!measured[name]) continue;
      const m = await measure(name, timing.seconds);
      if (m) measured[name]!.push(m);
    }
  }
  process.stderr.write("\n");
  return summarize(scenario, connections, measured, peerSkipped);
}
