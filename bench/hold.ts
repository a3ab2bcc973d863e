/**
 * Many streams held open at once: `open-streams.ts` (its own process) opens them against the
 * upstream's paced route through a target, and the target's resident memory is sampled from the
 * first connection until the streams are released, `holdSeconds` after all of them are flowing.
 */
import { join } from "node:path";
import { sampleRss } from "./proc-stats";
import type { Request } from "./wrk";

export interface HoldResult {
  streams: number;
  /** Streams that had sent their first event when the ramp ended. */
  flowing: number;
  /** Streams refused or broken before they were released. */
  failed: number;
  /** Streams that ended before they were released (the pace should make them outlast the hold). */
  ended: number;
  rampMs: number;
  peakRssMB: number;
  firstError?: string;
}

async function* lines(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
    }
  }
}

export async function holdStreams(pid: number, request: Request, streams: number, rampSeconds: number, holdSeconds: number): Promise<HoldResult> {
  const peakRss = sampleRss(pid);
  const args = ["--url", request.url, "--count", String(streams), "--body", request.body, "--headers", JSON.stringify(request.headers), "--ramp-seconds", String(rampSeconds)];
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "open-streams.ts"), ...args], {
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: String(streams + 64) },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const out = lines(proc.stdout);
  const next = async () => {
    const { value, done } = await out.next();
    if (done) throw new Error(`open-streams exited with ${await proc.exited}`);
    return JSON.parse(value);
  };
  const ramp = await next();
  await Bun.sleep(holdSeconds * 1000);
  const rssMB = peakRss();
  proc.stdin.end();
  const end = await next();
  await proc.exited;
  return { streams, flowing: ramp.flowing, failed: end.failed, ended: end.ended, rampMs: ramp.rampMs, peakRssMB: rssMB, firstError: end.firstError };
}
