/**
 * One load measurement: wrk in a child process (one thread, keep-alive connections), so the load
 * generator never shares a process with a target, while the target's CPU time and memory are read.
 */
import { join } from "node:path";
import { cpuSeconds, machineCpu, sampleRss } from "./proc-stats";

const REPORT_SCRIPT = join(import.meta.dir, "wrk-report.lua");

export interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Measurement {
  /** Completed requests (or whole streams) per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time the target process spent per request (all its threads). */
  cpuUs: number;
  /** The target process's largest resident memory seen during the run. */
  rssMB: number;
  /**
   * Cores busy with anything but the benchmark's own processes, or lost to the hypervisor, on
   * average during the run: above a few tenths, other work disturbed the figures.
   */
  otherCores: number;
}

/** CPU seconds of the benchmark's own processes so far: this one and those given. */
const ownCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) + (process.cpuUsage().user + process.cpuUsage().system) / 1e6;

/** Loads `pid`'s server; `ownPids` are every process the benchmark started, so that other work on the machine shows. */
export async function load(request: Request, pid: number, ownPids: number[], connections: number, seconds: number): Promise<Measurement> {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`).join("\n");
  const args = ["wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", REPORT_SCRIPT, request.url];
  const cpuBefore = cpuSeconds(pid);
  const machineBefore = machineCpu();
  const ownBefore = ownCpu(ownPids);
  const peakRss = sampleRss(pid);
  const proc = Bun.spawn(args, { env: { ...process.env, BENCH_BODY: request.body, BENCH_HEADERS: headers }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const machine = machineCpu();
  const own = ownCpu(ownPids) - ownBefore + Number(proc.resourceUsage()!.cpuTime.total) / 1e6;
  const rssMB = peakRss();
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${err}`);
  const r = JSON.parse(out.trim().split("\n").at(-1)!);
  const failed = r.non2xx + r.connect + r.read + r.write + r.timeout;
  if (failed > 0 || r.requests === 0)
    throw new Error(`${request.url}: ${r.requests} requests, ${r.non2xx} non-2xx, ${r.connect + r.read + r.write} socket errors, ${r.timeout} timeouts`);
  return {
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    cpuUs: (cpu / r.requests) * 1e6,
    rssMB,
    otherCores: Math.max(0, machine.busy - machineBefore.busy - own + machine.steal - machineBefore.steal) / (r.durationUs / 1e6),
  };
}
