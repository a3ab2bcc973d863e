/** Runs the conversion micro-benchmark (convert-micro.ts) in its own process and reduces its rounds. */
import { join } from "node:path";
import { median } from "./summary";

export interface MicroResult {
  chunks: number;
  eventsPerStream: Record<string, number>;
  /** µs per upstream event: each round, and their median and range. */
  pairs: { channel: string; client: string; rounds: number[]; median: number; min: number; max: number }[];
}

export async function runMicro(chunks: number, rounds: number, ms: number): Promise<MicroResult> {
  const args = ["--chunks", String(chunks), "--rounds", String(rounds), "--ms", String(ms)];
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "convert-micro.ts"), ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`conversion micro-benchmark exited with ${code}: ${err}`);
  const raw = JSON.parse(out) as { chunks: number; eventsPerStream: Record<string, number>; pairs: { channel: string; client: string; rounds: number[] }[] };
  const round = (x: number) => Number(x.toFixed(3));
  const pairs = raw.pairs.map((p) => {
    const rounds = p.rounds.map(round);
    return { ...p, rounds, median: round(median(rounds)), min: Math.min(...rounds), max: Math.max(...rounds) };
  });
  return { ...raw, pairs };
}
