/**
 * The release binaries: builds every platform (build.ts, into `outdir`), prints each binary's
 * size, then starts the host binary several times and times spawn → first answered request
 * (GET /healthz): once in an empty folder (config, database and migrations created), then the
 * median of restarts on that data. `bun bench/binary.ts [--starts N]` alone; bench/run.ts runs it
 * too, and measures the host binary's memory after (bench/memory.ts).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { binaryName, hostTarget, TARGETS } from "../scripts/targets";
import { freePort, ROOT, stopProcess } from "./processes";

export interface BinaryResult {
  sizes: Record<string, number>;
  host: string;
  /** The host binary's path, in `outdir`. */
  path: string;
  firstStartMs: number;
  coldStartMedianMs: number;
  coldStartsMs: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Spawn to the first 200 from /healthz, polled every 2 ms; the process is stopped after. */
async function timeStart(binary: string, dir: string): Promise<number> {
  const port = freePort();
  const started = performance.now();
  const proc = Bun.spawn([binary, "start"], {
    cwd: dir,
    env: { ...process.env, OCTOPUS_SERVER_HOST: "127.0.0.1", OCTOPUS_SERVER_PORT: String(port), OCTOPUS_LOG_LEVEL: "warn", OCTOPUS_SETTING_MODEL_INFO_URL: "", OCTOPUS_SETTING_UPDATE_CHECK_URL: "" },
    stdout: "ignore",
    stderr: "ignore",
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the binary exited with ${proc.exitCode} before answering`);
      if (performance.now() - started > 30_000) throw new Error("the binary did not answer within 30 s");
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await Bun.sleep(2);
    }
  } finally {
    await stopProcess(proc);
  }
}

export async function runBinaryBench(outdir: string, starts = 7, progress = (text: string) => process.stderr.write(text)): Promise<BinaryResult> {
  const host = hostTarget();
  if (!host) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  const dataDir = mkdtempSync(join(tmpdir(), "octopus-bench-binary-"));
  try {
    progress("building every platform's binary (build.ts)\n");
    const build = Bun.spawnSync([process.execPath, join(ROOT, "build.ts"), "--outdir", outdir], { stdout: "ignore", stderr: "pipe" });
    if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString().trim()}`);
    const sizes = Object.fromEntries(TARGETS.map((t) => [binaryName(t), statSync(join(outdir, binaryName(t))).size]));
    const binary = join(outdir, binaryName(host));
    progress(`timing ${1 + starts} starts of ${binaryName(host)}\n`);
    const firstStartMs = await timeStart(binary, dataDir);
    const coldStartsMs: number[] = [];
    for (let i = 0; i < starts; i++) coldStartsMs.push(await timeStart(binary, dataDir));
    return { sizes, host: binaryName(host), path: binary, firstStartMs, coldStartMedianMs: median(coldStartsMs), coldStartsMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printBinary(result: BinaryResult) {
  console.log("\nRelease binaries (build.ts, minified, bytecode, panel embedded)");
  for (const [name, size] of Object.entries(result.sizes)) console.log(`  ${name.padEnd(26)} ${(size / 1e6).toFixed(1).padStart(6)} MB`);
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(
    `Host binary ${result.host}, spawn to first answered request: median ${ms(result.coldStartMedianMs)} over ${result.coldStartsMs.length} starts on existing data ` +
      `(${result.coldStartsMs.map(ms).join(", ")}); first start in an empty folder ${ms(result.firstStartMs)}`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { starts: { type: "string", default: "7" } } });
  try {
    const outdir = mkdtempSync(join(tmpdir(), "octopus-bench-dist-"));
    try {
      printBinary(await runBinaryBench(outdir, Number(values.starts)));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
