/**
 * The processes under load besides Octopus, each its own process on 127.0.0.1: the mock upstream,
 * the bare proxy and the peer gateway.
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { RUNTIME_ENV } from "../src/runtime-env";

export const ROOT = join(import.meta.dir, "..");

const bun = realpathSync(process.execPath);
const isBun = (path: string) => {
  try {
    return realpathSync(path) === bun;
  } catch {
    return false;
  }
};
/**
 * PATH without Bun's stand-in for `node`, which `bun run` puts first (bunfig's `run.bun`), so
 * that Node programs (the peer gateway, npm) run on Node.
 */
export const NODE_PATH = (process.env.PATH ?? "").split(":").filter((dir) => !isBun(join(dir, "node"))).join(":");
export const nodeBinary = () => Bun.which("node", { PATH: NODE_PATH });

export interface Target {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a bench script that prints its port on its first stdout line and exits when its stdin closes. */
async function startScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Target> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, script), ...args], {
    env: { ...process.env, ...env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
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

export const startUpstream = (chunks: number, latencyMs: number, paceMs: number, streamPaceMs = 1) =>
  startScript("upstream.ts", ["--chunks", String(chunks), "--latency", String(latencyMs), "--pace", String(paceMs), "--stream-pace", String(streamPaceMs)]);

/**
 * The floor runs with what Octopus gives its own runtime (src/runtime-env.ts): the same heap growth,
 * and room to relay `maxRequests` at once (Bun's fetch runs at most 256 unless
 * BUN_CONFIG_MAX_HTTP_REQUESTS, read at process start, says more).
 */
export const startBareProxy = (upstream: string, maxRequests: number) =>
  startScript("bare-proxy.ts", ["--upstream", upstream], { ...RUNTIME_ENV, BUN_CONFIG_MAX_HTTP_REQUESTS: String(maxRequests) });

export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

/** Polls `url` until it answers at all (any status), or throws after `ms`. */
export async function waitForHttp(url: string, ms: number, exited: () => number | null) {
  for (const started = Date.now(); ; await Bun.sleep(100)) {
    if (exited() !== null) throw new Error(`exited with ${exited()}`);
    if (Date.now() - started > ms) throw new Error(`did not answer within ${ms / 1000}s`);
    if (await fetch(url).then(() => true, () => false)) return;
  }
}

export async function stopProcess(proc: Bun.Subprocess) {
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  await proc.exited;
  clearTimeout(timer);
}

export const PEER_SCRIPT = join(ROOT, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");

/**
 * The peer gateway (@portkey-ai/gateway) as its README runs it (`npx @portkey-ai/gateway`), on
 * Node. It listens on every address (it has no host option); the benchmark calls it on 127.0.0.1.
 */
export async function startPeer(): Promise<Target> {
  const port = freePort();
  const proc = Bun.spawn([nodeBinary()!, PEER_SCRIPT, `--port=${port}`], { cwd: ROOT, env: { ...process.env, PATH: NODE_PATH }, stdout: "ignore", stderr: "pipe" });
  const stderr = new Response(proc.stderr).text();
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, 20_000, () => proc.exitCode);
  } catch (e) {
    await stopProcess(proc);
    throw new Error(`${(e as Error).message} ${(await stderr).slice(0, 500)}`);
  }
  return { url, pid: proc.pid, stop: () => stopProcess(proc) };
}
