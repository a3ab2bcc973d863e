/** What the benchmark needs beyond Bun: wrk, the npm dependencies, and room for thousands of sockets. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { NODE_PATH, nodeBinary, PEER_SCRIPT, ROOT } from "./processes";

const run = (cmd: string[], env: Record<string, string> = {}) =>
  Bun.spawnSync(cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdout: "inherit", stderr: "inherit" }).exitCode === 0;
const sh = (script: string) => Bun.spawnSync(["sh", "-c", script]).stdout.toString().trim();

/** wrk from Debian's packages, installed when missing and this runs as root. */
export function ensureWrk() {
  if (Bun.which("wrk")) return;
  if (process.getuid?.() === 0 && Bun.which("apt-get")) {
    console.error("installing wrk (apt-get install wrk)");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    const install = () => run(["apt-get", "install", "-y", "-qq", "wrk"], env);
    if (!install()) run(["apt-get", "update", "-qq"], env) && install();
  }
  if (!Bun.which("wrk")) throw new Error("the load generator wrk is missing: install it (Debian, Ubuntu: apt-get install wrk)");
}

/**
 * The npm dependencies (the peer gateway is a devDependency), installed when some are missing;
 * without the peer's, the peer is skipped.
 */
export function ensureDependencies(peer: boolean) {
  const octopusDeps = () => existsSync(join(ROOT, "node_modules", "elysia"));
  if (octopusDeps() && (!peer || existsSync(PEER_SCRIPT))) return;
  console.error("installing the npm dependencies (npm install)");
  const npm = Bun.which("npm", { PATH: NODE_PATH });
  if (!npm || !run([npm, "install", "--no-audit", "--no-fund"], { PATH: NODE_PATH })) console.error("npm install failed");
  if (!octopusDeps()) throw new Error("Octopus's dependencies are missing: run npm ci");
}

/** Why the peer gateway cannot run here, or undefined. */
export function peerUnavailable(): string | undefined {
  if (!nodeBinary()) return "Node.js is not installed";
  if (!existsSync(PEER_SCRIPT)) return "@portkey-ai/gateway is not installed";
}

/**
 * The open-file limit the benchmark's processes get. Bun raises its soft limit to the hard one at
 * start, and its children inherit that; held streams need a descriptor each in the client and the
 * upstream, and two in a relay, so a lower hard limit is reported before it makes streams fail.
 */
export function fdLimit(streams: number): number {
  const limit = Number(sh("ulimit -n")) || Infinity;
  const wanted = 2 * streams + 1024;
  if (limit < wanted) console.error(`ulimit -n is ${limit}: holding ${streams} streams wants ${wanted} (raise the hard limit: ulimit -Hn ${wanted})`);
  return limit;
}
