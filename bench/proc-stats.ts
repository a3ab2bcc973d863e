/** Processes' CPU time and memory, and the machine's CPU time, read from /proc (Linux). Memory is in MB (10^6 bytes), as the targets are. */
import { readFileSync } from "node:fs";

/** CPU seconds a process has used so far, all threads (utime + stime, counted in USER_HZ = 100 ticks/s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A /proc/<pid>/status memory field (VmRSS: resident now, VmHWM: peak since start), in MB. */
export function memoryMB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round((Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024) / 1e6);
}

/**
 * Samples a process's resident memory every 100 ms until the returned function is called, which
 * gives the largest. A process that died stops being sampled: the load run reports its errors.
 */
export function sampleRss(pid: number): () => number {
  let max = 0;
  const sample = () => {
    try {
      max = Math.max(max, memoryMB(pid, "VmRSS"));
    } catch {}
  };
  sample();
  const timer = setInterval(sample, 100);
  return () => {
    clearInterval(timer);
    sample();
    return max;
  };
}

/**
 * CPU seconds the machine has spent so far running anything (user, nice, system; not interrupts,
 * which loopback traffic causes) and lost to the hypervisor (steal), over all cores.
 */
export function machineCpu(): { busy: number; steal: number } {
  const [user, nice, system, , , , , steal] = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system) / 100, steal: steal / 100 };
}
