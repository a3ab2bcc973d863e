/** The periodic sync of auto-sync channels, on an hour shrunk to milliseconds. */
import { afterAll, beforeAll, expect, spyOn, test } from "bun:test";
import { startAutoSync } from "../../src/channels/sync/auto";
import { setLogLevel } from "../../src/log";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { serveLocally } from "../mocks/plumbing";
import { startTestOctopus, type TestOctopus } from "../octopus";
import { until } from "../until";

const KEY = "sk-provider-secret-key-0123456789";
const HOUR_MS = 10;

let o: TestOctopus;
let token: string;
const servers: { stop(): void }[] = [];

beforeAll(async () => {
  o = await startTestOctopus();
  token = await o.login();
  // The schedule reads the interval for every wait: one shrunk hour.
  await o.api("POST", "/api/v1/setting/set", { token, body: { key: "sync_llm_interval", value: 1 } });
});
afterAll(async () => {
  await o.close();
  servers.forEach((s) => s.stop());
});

async function createChannel(name: string, baseUrl: string, over: Record<string, unknown> = {}): Promise<number> {
  const { status, body } = await o.api("POST", "/api/v1/channel/create", {
    token,
    body: { name, type: "openai-chat", base_urls: [{ url: baseUrl }], keys: [{ key: KEY }], models: ["old-model"], auto_sync: true, ...over },
  });
  if (status !== 200) throw new Error(`channel: ${JSON.stringify(body)}`);
  return body.id;
}

const modelsOf = (id: number) => o.octopus.state.channels.get(id)!.models;

test("syncs enabled auto-sync channels every interval, logs failures without secrets, stops cleanly", async () => {
  const listed = ["gpt-4o"];
  const mock = createOpenaiChatMock({ apiKey: KEY, models: listed });
  const upstream = serveLocally(mock.fetch);
  servers.push(upstream);
  const closed = serveLocally(async () => new Response());
  closed.stop();

  // The failing channel comes first: the ones after it are still synced.
  const failing = await createChannel("unreachable", `${closed.origin}/v1`);
  const synced = await createChannel("auto", `${upstream.origin}/v1`);
  const manual = await createChannel("manual", `${upstream.origin}/v1`, { auto_sync: false });
  const disabled = await createChannel("disabled", `${upstream.origin}/v1`, { enabled: false });

  const lines: string[] = [];
  const stderr = spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  setLogLevel("warn");
  const sync = startAutoSync(o.octopus, { hourMs: HOUR_MS, timeoutMs: 1000 });
  try {
    await until(() => modelsOf(synced).join() === "gpt-4o", "the first sync");
    // The provider lists a new model: a later run picks it up.
    listed.push("gpt-5");
    await until(() => modelsOf(synced).join() === "gpt-4o,gpt-5", "a later sync");
    await until(() => lines.some((l) => l.includes("channel model sync failed")), "the failure's log line");
  } finally {
    await sync.stop();
    setLogLevel("error");
    stderr.mockRestore();
  }

  expect(modelsOf(failing)).toEqual(["old-model"]);
  expect(modelsOf(manual)).toEqual(["old-model"]);
  expect(modelsOf(disabled)).toEqual(["old-model"]);
  const failure = lines.find((l) => l.includes("channel model sync failed"))!;
  expect(failure).toContain(`channel=unreachable id=${failing} reason=GET ${closed.origin}/v1/models failed: network error`);
  expect(lines.join("")).not.toContain(KEY);

  // Stopped: no further request reaches the provider.
  const calls = mock.calls.length;
  await Bun.sleep(HOUR_MS * 5);
  expect(mock.calls.length).toBe(calls);
});

test("stop cancels a sync in flight and waits for it", async () => {
  let reached!: () => void;
  const requested = new Promise<void>((resolve) => (reached = resolve));
  const slow = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch() {
      reached();
      await Bun.sleep(5000);
      return Response.json({ object: "list", data: [] });
    },
  });
  servers.push({ stop: () => slow.stop(true) });
  const id = await createChannel("slow", `http://127.0.0.1:${slow.port}/v1`);

  const sync = startAutoSync(o.octopus, { hourMs: HOUR_MS, timeoutMs: 10_000 });
  await requested;
  const started = Date.now();
  await sync.stop();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(modelsOf(id)).toEqual(["old-model"]);
});
