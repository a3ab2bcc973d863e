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
import { spawnOctopus, type OctopusProcess } from "./process";

const UPSTREAM_KEY = "sk-upstream-binary";
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

async function call(path: string, body: unknown, token?: string) {
  const response = await fetch(octopus.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

test("the built binary serves the panel, the admin API and the relay, then stops on SIGTERM", async () => {
  const panel = await fetch(`${octopus.url}/`);
  expect(panel.headers.get("content-type")).toContain("text/html");

  const { token } = await call("/api/v1/user/login", { username: "admin", password: "admin" });
  const channel = await call("/api/v1/channel/create", { name: "mock", type: "openai-chat", base_urls: [{ url: `http://127.0.0.1:${upstream.port}/v1` }], keys: [{ key: UPSTREAM_KEY }], models: ["gpt-4o-mini"] }, token);
  await call("/api/v1/group/create", { name: "chat", mode: "failover", items: [{ channel_id: channel.id, model: "gpt-4o-mini" }] }, token);
  const { key } = await call("/api/v1/apikey/create", { name: "binary" }, token);

  const client = new OpenAI({ apiKey: key, baseURL: `${octopus.url}/v1` });
  const completion = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "Say hello" }] });
  expect(completion.choices[0].message.content).toContain("Hello");
  let streamed = "";
  for await (const chunk of await client.chat.completions.create({ model: "chat", stream: true, messages: [{ role: "user", content: "Say hello" }] }))
    streamed += chunk.choices[0]?.delta?.content ?? "";
  expect(streamed).toContain("Hello");

  // The binary raised Bun's fetch limit by replacing itself, as `bun src/main.ts start` does.
  if (existsSync(`/proc/${octopus.pid}/environ`))
    expect(readFileSync(`/proc/${octopus.pid}/environ`, "utf8").split("\0")).toContain(`BUN_CONFIG_MAX_HTTP_REQUESTS=${FETCH_LIMIT}`);
  expect(await octopus.stop()).toBe(0);
  expect(octopus.log.join("")).toContain("stopped");
});
