/**
 * The processes under load, each started on 127.0.0.1 as its own process: the mock upstream,
 * the bare proxy, and Octopus as a user runs it (`src/main.ts start`, a temp config folder,
 * configured through the admin API).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
/** The model clients name (an Octopus group) and the upstream serves. */
export const MODEL = "gpt-bench";

export interface Target {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface Octopus extends Target {
  /** The client API key created for the benchmark. */
  apiKey: string;
}

/** Starts a bench script that prints its port on its first stdout line and exits when its stdin closes. */
async function startScript(script: string, args: string[]): Promise<Target> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, script), ...args], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${script} exited before printing its port`);
    out += decoder.decode(value);
  }
  reader.releaseLock();
  return {
    url: `http://127.0.0.1:${Number(out.trim())}`,
    pid: proc.pid,
    async stop() {
      proc.stdin.end();
      await proc.exited;
    },
  };
}

export const startUpstream = (chunks: number, latencyMs: number) => startScript("upstream.ts", ["--chunks", String(chunks), "--latency", String(latencyMs)]);

export const startBareProxy = (upstream: string) => startScript("bare-proxy.ts", ["--upstream", upstream]);

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

async function call(url: string, path: string, token: string | undefined, body: unknown) {
  const response = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Starts Octopus, then creates through the admin API an OpenAI chat channel to the upstream, a group and an API key. */
export async function startOctopus(upstream: string): Promise<Octopus> {
  const dir = mkdtempSync(join(tmpdir(), "octopus-bench-"));
  const port = freePort();
  const proc = Bun.spawn([process.execPath, join(ROOT, "src", "main.ts"), "start", "--config", join(dir, "config.json")], {
    cwd: dir,
    env: {
      ...process.env,
      OCTOPUS_SERVER_HOST: "127.0.0.1",
      OCTOPUS_SERVER_PORT: String(port),
      OCTOPUS_DATABASE_TYPE: "sqlite",
      OCTOPUS_DATABASE_PATH: join(dir, "data.db"),
      OCTOPUS_LOG_LEVEL: "warn",
      // The benchmark stays on loopback: no price catalog sync.
      OCTOPUS_SETTING_MODEL_INFO_URL: "",
    },
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = new Response(proc.stderr).text();
  const stop = async () => {
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    await proc.exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    let token: string | undefined;
    for (const started = Date.now(); !token; await Bun.sleep(100)) {
      if (proc.exitCode !== null) throw new Error(`octopus exited with ${proc.exitCode}`);
      if (Date.now() - started > 20_000) throw new Error("octopus did not answer within 20s");
      token = await call(url, "/api/v1/user/login", undefined, { username: "admin", password: "admin" }).then(
        (r) => r.token as string,
        () => undefined,
      );
    }
    const channel = await call(url, "/api/v1/channel/create", token, {
      name: "bench-openai",
      type: "openai-chat",
      enabled: true,
      base_urls: [{ url: `${upstream}/v1` }],
      keys: [{ key: "sk-bench-upstream" }],
      models: [MODEL],
    });
    await call(url, "/api/v1/group/create", token, { name: MODEL, mode: "failover", items: [{ channel_id: channel.id, model: MODEL }] });
    const { key } = await call(url, "/api/v1/apikey/create", token, { name: "bench" });
    return { url, pid: proc.pid, apiKey: key, stop };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${await stderr}`);
  }
}

/** CPU seconds a process has used so far, all threads (utime + stime in /proc, counted in USER_HZ = 100 ticks/s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A /proc/<pid>/status memory field (VmRSS: resident now, VmHWM: peak since start), in MiB. */
export function memoryMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) / 1024);
}

/**
 * Samples a process's resident memory every 100 ms until the returned function is called, which
 * gives the largest, in MiB. A process that died stops being sampled: the load run reports its errors.
 */
export function sampleRss(pid: number): () => number {
  let max = 0;
  const sample = () => {
    try {
      max = Math.max(max, memoryMiB(pid, "VmRSS"));
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
