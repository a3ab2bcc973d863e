/** One load measurement: autocannon's CLI in a child process, so the load generator never shares a process with a target. */
import { join } from "node:path";
import { cpuSeconds, sampleRss } from "./targets";

const AUTOCANNON = join(import.meta.dir, "..", "node_modules", ".bin", "autocannon");

export interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Measurement {
  /** Completed requests (or whole streams) per second. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** CPU time the target process spent per request (all its threads). */
  cpuUs: number;
  /** The target process's largest resident memory seen during the run. */
  rssMiB: number;
}

export async function load(request: Request, pid: number, connections: number, seconds: number): Promise<Measurement> {
  const args = ["-c", String(connections), "-d", String(seconds), "-m", "POST", "-b", request.body, "--json", "--no-progress"];
  for (const [name, value] of Object.entries(request.headers)) args.push("-H", `${name}=${value}`);
  const cpuBefore = cpuSeconds(pid);
  const peakRss = sampleRss(pid);
  const proc = Bun.spawn([AUTOCANNON, ...args, request.url], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const rssMiB = peakRss();
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${err}`);
  const r = JSON.parse(out);
  const failed = r.non2xx + r.errors + r.timeouts + r.mismatches;
  if (failed > 0 || r.requests.total === 0)
    throw new Error(`${request.url}: ${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  const requests = r.requests.total;
  return { rps: requests / r.duration, p50: r.latency.p50, p99: r.latency.p99, requests, cpuUs: (cpu / requests) * 1e6, rssMiB };
}
