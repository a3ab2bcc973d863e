/**
 * The binary a user downloads: built with `build.ts --host`, copied alone into an empty folder and
 * started there with `octopus start`, it writes its config and database, serves the panel, the
 * probes, the admin API and the relay, and stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import OpenAI from "openai";
import { version } from "../package.json";
import { binaryName, hostTarget } from "../scripts/targets";
import { RUNTIME_ENV } from "../src/runtime-env";
import { createOpenaiChatMock } from "./mocks/openai-chat";
import { configureChat, spawnOctopus, type OctopusProcess } from "./process";

const UPSTREAM_KEY = "sk-upstream-binary";
/** The web panel is embedded only when the repository has its package (ui/). */
const hasUi = existsSync(join(import.meta.dir, "..", "ui", "package.json"));
/** A binary already built (the release workflow's smoke test: OCTOPUS_BINARY=dist/octopus-linux-x64), else one built here. */
const prebuilt = process.env.OCTOPUS_BINARY;
const outdir = prebuilt ? dirname(resolve(prebuilt)) : mkdtempSync(join(tmpdir(), "octopus-binary-"));
/** The folder the binary runs in, holding nothing else at first. */
const runDir = mkdtempSync(join(tmpdir(), "octopus-binary-run-"));
const binary = join(runDir, binaryName(hostTarget()!));
let upstream: ReturnType<typeof Bun.serve>;
let octopus: OctopusProcess;

beforeAll(async () => {
  if (!prebuilt) {
    const build = Bun.spawnSync([process.execPath, join(import.meta.dir, "..", "build.ts"), "--host", "--outdir", outdir], { stdout: "pipe", stderr: "pipe" });
    if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  }
  copyFileSync(join(outdir, binaryName(hostTarget()!)), binary);
  upstream = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createOpenaiChatMock({ apiKey: UPSTREAM_KEY }).fetch });
  octopus = await spawnOctopus(runDir, { BUN_CONFIG_MAX_HTTP_REQUESTS: undefined, BUN_JSC_heapGrowthMaxIncrease: undefined }, [], [binary]);
}, 120_000);
afterAll(() => upstream?.stop(true));

test("the build writes SHA256SUMS with the binary's checksum", () => {
  const sums = readFileSync(join(outdir, "SHA256SUMS"), "utf8");
  const digest = new Bun.CryptoHasher("sha256").update(readFileSync(binary)).digest("hex");
  expect(sums.split("\n")).toContain(`${digest}  ${binaryName(hostTarget()!)}`);
});

test("`octopus version` prints the version, the commit, the build date and the platform", () => {
  const run = Bun.spawnSync([binary, "version"], { cwd: runDir });
  const line = run.stdout.toString().trim();
  const match = /^octopus (\S+) \(commit ([0-9a-f]{12}(?:-dirty)?|unknown), built (\S+), (\S+)\)$/.exec(line);
  expect({ line, matched: !!match }).toEqual({ line, matched: true });
  expect(match![1]).toBe(version);
  expect(Date.now() - Date.parse(match![3])).toBeLessThan(60 * 60 * 1000);
  expect(match![4]).toBe(hostTarget()!.name);
});

test("started alone in an empty folder, the binary writes its config and database there", () => {
  expect(readdirSync(runDir).sort()).toEqual(["data", binaryName(hostTarget()!)]);
  expect(readdirSync(join(runDir, "data"))).toEqual(expect.arrayContaining(["config.json", "data.db"]));
  expect(JSON.parse(readFileSync(join(runDir, "data", "config.json"), "utf8")).server.port).toBe(8080);
});

test("the binary answers /healthz and /readyz without a token, and does not log them", async () => {
  const before = octopus.log.join("").length;
  for (let i = 0; i < 3; i++) {
    expect(await (await fetch(`${octopus.url}/healthz`)).text()).toBe("ok\n");
    const ready = await fetch(`${octopus.url}/readyz`);
    expect({ status: ready.status, body: await ready.text() }).toEqual({ status: 200, body: "ready\n" });
  }
  await Bun.sleep(100);
  expect(octopus.log.join("").slice(before)).toBe("");
});

test("the Docker image's HEALTHCHECK command, run with this binary, passes against it and fails where nothing answers", () => {
  const dockerfile = readFileSync(join(import.meta.dir, "..", "packaging", "docker", "Dockerfile"), "utf8");
  const command = /^HEALTHCHECK [^\n]*\\\n\s+CMD (.+)$/m.exec(dockerfile)![1].replace("/app/octopus", binary);
  const check = (address: string) => Bun.spawnSync(["sh", "-c", command.replace("127.0.0.1:8080", address)], { cwd: runDir }).exitCode;
  expect(check(new URL(octopus.url).host)).toBe(0);
  expect(check("127.0.0.1:1")).toBe(1);
});

// Runs in a folder without ui/dist: only the binary's own copy of the files can answer.
const panelTest = "the built binary serves the embedded web panel: its index and the assets it loads";
test.skipIf(!hasUi)(hasUi ? panelTest : `${panelTest} (skipped: the repository has no ui/ package yet)`, async () => {
  const index = await fetch(`${octopus.url}/`);
  expect(index.status).toBe(200);
  const html = await index.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(0);
  for (const path of assets) {
    const asset = await fetch(octopus.url + path, { headers: { "accept-encoding": "br" }, decompress: false });
    expect({ path, status: asset.status }).toEqual({ path, status: 200 });
    expect(asset.headers.get("content-type")).toMatch(/^text\/(javascript|css)/);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(asset.headers.get("content-encoding")).toBe("br");
  }
  // A page of the app's own router gets the same index.
  expect(await (await fetch(`${octopus.url}/channels`)).text()).toBe(html);
});

test("the built binary serves the panel, the admin API and the relay, then stops on SIGTERM", async () => {
  const panel = await fetch(`${octopus.url}/`);
  expect(panel.headers.get("content-type")).toContain("text/html");

  const { key, token } = await configureChat(octopus, `http://127.0.0.1:${upstream.port}/v1`, UPSTREAM_KEY);

  const client = new OpenAI({ apiKey: key, baseURL: `${octopus.url}/v1` });
  const completion = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "Say hello" }] });
  expect(completion.choices[0].message.content).toContain("Hello");
  let streamed = "";
  for await (const chunk of await client.chat.completions.create({ model: "chat", stream: true, messages: [{ role: "user", content: "Say hello" }] }))
    streamed += chunk.choices[0]?.delta?.content ?? "";
  expect(streamed).toContain("Hello");
  // The log list is read on the binary's own worker thread (src/db/read-worker.ts, built in).
  const logs = await (await fetch(`${octopus.url}/api/v1/log/list`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect({ total: logs.total, models: logs.items.map((r: { model: string }) => r.model) }).toEqual({ total: 2, models: ["chat", "chat"] });

  // The binary gave itself Bun's fetch limit and heap growth by replacing itself, as `bun src/main.ts start` does.
  if (existsSync(`/proc/${octopus.pid}/environ`))
    expect(readFileSync(`/proc/${octopus.pid}/environ`, "utf8").split("\0")).toEqual(
      expect.arrayContaining(Object.entries(RUNTIME_ENV).map(([name, value]) => `${name}=${value}`)),
    );
  expect(await octopus.stop()).toBe(0);
  expect(octopus.log.join("")).toContain("stopped");
});
