/**
 * The binary a user downloads: built with build.ts, started with `octopus start` in an empty
 * folder, it serves the panel, the admin API and the relay, and stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { FETCH_LIMIT } from "../src/fetch-limit";
import { createOpenaiChatMock } from "./mocks/openai-chat";
import { configureChat, spawnOctopus, type OctopusProcess } from "./process";

const UPSTREAM_KEY = "sk-upstream-binary";
/** The web panel is embedded only when the repository has its package (ui/). */
const hasUi = existsSync(join(import.meta.dir, "..", "ui", "package.json"));
const outdir = mkdtempSync(join(tmpdir(), "octopus-binary-"));
let upstream: ReturnType<typeof Bun.serve>;
let octopus: OctopusProcess;

beforeAll(async () => {
  const build = Bun.spawnSync([process.execPath, join(import.meta.dir, "..", "build.ts"), "--outdir", outdir], { stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  upstream = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createOpenaiChatMock({ apiKey: UPSTREAM_KEY }).fetch });
  octopus = await spawnOctopus(mkdtempSync(join(tmpdir(), "octopus-binary-run-")), { BUN_CONFIG_MAX_HTTP_REQUESTS: undefined }, [], [join(outdir, "octopus")]);
}, 120_000);
afterAll(() => upstream?.stop(true));

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

  // The binary raised Bun's fetch limit by replacing itself, as `bun src/main.ts start` does.
  if (existsSync(`/proc/${octopus.pid}/environ`))
    expect(readFileSync(`/proc/${octopus.pid}/environ`, "utf8").split("\0")).toContain(`BUN_CONFIG_MAX_HTTP_REQUESTS=${FETCH_LIMIT}`);
  expect(await octopus.stop()).toBe(0);
  expect(octopus.log.join("")).toContain("stopped");
});
