/**
 * How many socket writes and reads a process makes, counted by the kernel's syscall tracepoints
 * through `perf stat` (Linux, root or a permissive perf_event_paranoid), which costs the process
 * far less than strace and so leaves the timing that decides how chunks coalesce alone.
 */
import { load, type Request } from "./wrk";

const SOCKET_WRITES = ["sendto", "sendmsg"];
const SOCKET_READS = ["recvfrom", "recvmsg"];
/** Bun's sockets use send/recv; its write and read calls are mostly wake-ups between its threads (eventfd). */
const OTHER = ["write", "writev", "read", "readv"];

export interface SyscallCounts {
  /** Per syscall name, e.g. sendto: 103. */
  calls: Record<string, number>;
  socketWrites: number;
  socketReads: number;
  /** write, writev, read, readv. */
  other: number;
}

/** Why counting cannot run here, or undefined. */
export function syscallsUnavailable(): string | undefined {
  if (!Bun.which("perf")) return "perf is not installed (Debian: apt-get install linux-perf)";
  const probe = Bun.spawnSync(["perf", "stat", "-x", ",", "-e", "syscalls:sys_enter_sendto", "true"], { stderr: "pipe" });
  if (probe.exitCode !== 0) return `perf cannot read syscall tracepoints: ${probe.stderr.toString().trim().split("\n")[0]}`;
}

/** Counts `pid`'s (every thread's) write and read syscalls while `run` runs. */
export async function countSyscalls<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; counts: SyscallCounts }> {
  const events = [...SOCKET_WRITES, ...SOCKET_READS, ...OTHER].map((name) => `syscalls:sys_enter_${name}`).join(",");
  const perf = Bun.spawn(["perf", "stat", "-x", ",", "-e", events, "-p", String(pid)], { stdout: "ignore", stderr: "pipe" });
  const report = new Response(perf.stderr).text();
  // perf attaches to every thread before it counts; a moment is plenty.
  await Bun.sleep(300);
  let result: T;
  try {
    result = await run();
  } finally {
    perf.kill("SIGINT");
    await perf.exited;
  }
  const calls: Record<string, number> = {};
  for (const line of (await report).split("\n")) {
    const [count, , event] = line.split(",");
    const name = /sys_enter_(\w+)/.exec(event ?? "")?.[1];
    if (name) calls[name] = Number(count) || 0;
  }
  const sum = (names: string[]) => names.reduce((total, name) => total + (calls[name] ?? 0), 0);
  return { result, counts: { calls, socketWrites: sum(SOCKET_WRITES), socketReads: sum(SOCKET_READS), other: sum(OTHER) } };
}

export type SyscallResult =
  | { skipped: string }
  | { connections: number; seconds: number; rows: { scenario: string; target: string; rps: number; send: number; recv: number; other: number }[] };

/**
 * Each stream scenario's load once more per target at `connections`, counted: how many writes and
 * reads each target makes per stream (a stream is one wrk request). Not timed with the rounds:
 * counting costs a little.
 */
export async function streamSyscalls(
  plans: { scenario: { id: string; stream: boolean }; requests: Partial<Record<string, Request>> }[],
  pids: Partial<Record<string, number>>,
  ownPids: number[],
  connections: number,
  seconds: number,
): Promise<SyscallResult> {
  const unavailable = syscallsUnavailable();
  if (unavailable) return { skipped: unavailable };
  const rows = [];
  for (const { scenario, requests } of plans) {
    if (!scenario.stream) continue;
    for (const [target, request] of Object.entries(requests)) {
      const pid = pids[target];
      if (!request || !pid || target === "peer") continue;
      const { result, counts } = await countSyscalls(pid, () => load(request, pid, ownPids, connections, seconds));
      const streams = result.rps * seconds;
      rows.push({ scenario: scenario.id, target, rps: Math.round(result.rps), send: counts.socketWrites / streams, recv: counts.socketReads / streams, other: counts.other / streams });
    }
  }
  return { connections, seconds, rows };
}
