/** Prices end to end: the catalog synced from a local server, then unreachable; the priority of user prices. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { minimalRequest, post, startStage, type Stage } from "../relay/harness";

/** A models.dev-shaped catalog: enough priced models to be accepted, and gpt-4o-mini at a price no snapshot has. */
function catalog() {
  const models: Record<string, unknown> = { "gpt-4o-mini": { id: "gpt-4o-mini", name: "GPT-4o mini", cost: { input: 7, output: 11, cache_read: 3.5 } } };
  for (let i = 0; i < 150; i++) models[`filler-${i}`] = { id: `filler-${i}`, cost: { input: i, output: i * 2 } };
  return { openai: { id: "openai", name: "OpenAI", models } };
}

let server: ReturnType<typeof Bun.serve>;
let stage: Stage;
beforeAll(async () => {
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => Response.json(catalog()) });
  stage = await startStage({ OCTOPUS_SETTING_MODEL_INFO_URL: `http://127.0.0.1:${server.port}/api.json` });
});
afterAll(async () => {
  await stage.close();
  server.stop(true);
});

const prices = async () => (await stage.octopus.api("GET", "/api/v1/model/list", { token: stage.token })).body as any[];
const row = async (name: string, channel_id = 0) => (await prices()).find((p) => p.name === name && p.channel_id === channel_id);

/** Cost of one request to via-openai-chat (gpt-4o-mini): 17 uncached, 5 cache reads, 3 cache writes, 9 output. */
async function costOfOneRequest() {
  const response = await post(stage, "openai-chat", "via-openai-chat", false, minimalRequest("openai-chat", "via-openai-chat", false));
  await response.text();
  await stage.octopus.octopus.accounting.logs.flush();
  return (await stage.octopus.octopus.stores.logs.list({}, 1, 1)).items[0].cost;
}
const at = (p: { input: number; output: number; cache_read: number; cache_write: number }) => (17 * p.input + 5 * p.cache_read + 3 * p.cache_write + 9 * p.output) / 1e6;

describe("prices", () => {
  test("the catalog syncs from model_info_url at start, and the channel's models get its prices", async () => {
    for (let i = 0; i < 50 && (await row("gpt-4o-mini"))?.input !== 7; i++) await Bun.sleep(20);
    expect(await row("gpt-4o-mini")).toMatchObject({ source: "catalog", input: 7, output: 11, cache_read: 3.5, cache_write: 7 });
    // A model the catalog does not know is listed as unpriced, for the user to fill in.
    expect(await row("gemini-2.5-flash")).toMatchObject({ source: "unpriced", input: 0, output: 0 });
    expect(await costOfOneRequest()).toBeCloseTo(at({ input: 7, output: 11, cache_read: 3.5, cache_write: 7 }), 12);
  });

  test("channel price over default price over catalog; removing one falls back to the next", async () => {
    const channel = stage.channelIds["openai-chat"];
    const byDefault = { input: 2, output: 4, cache_read: 1, cache_write: 2 };
    const onChannel = { input: 1, output: 3, cache_read: 0.5, cache_write: 1 };
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "gpt-4o-mini", ...byDefault } });
    expect(await costOfOneRequest()).toBeCloseTo(at(byDefault), 12);
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "gpt-4o-mini", channel_id: channel, ...onChannel } });
    expect(await costOfOneRequest()).toBeCloseTo(at(onChannel), 12);
    // Another channel's price does not apply here.
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "gpt-4o-mini", channel_id: channel + 100, input: 50, output: 50, cache_read: 50, cache_write: 50 } });
    expect(await costOfOneRequest()).toBeCloseTo(at(onChannel), 12);

    await stage.octopus.api("POST", "/api/v1/model/delete", { token: stage.token, body: { name: "gpt-4o-mini", channel_id: channel } });
    expect(await costOfOneRequest()).toBeCloseTo(at(byDefault), 12);
    await stage.octopus.api("POST", "/api/v1/model/delete", { token: stage.token, body: { name: "gpt-4o-mini" } });
    expect(await row("gpt-4o-mini")).toMatchObject({ source: "catalog", input: 7 });
    expect(await costOfOneRequest()).toBeCloseTo(at({ input: 7, output: 11, cache_read: 3.5, cache_write: 7 }), 12);
  });

  test("model/catalog reports the sync source, its time and the number of priced models", async () => {
    const before = Date.now();
    const sync = await stage.octopus.api("POST", "/api/v1/model/sync", { token: stage.token });
    expect(sync.body.ok).toBe(true);
    const status = (await stage.octopus.api("GET", "/api/v1/model/catalog", { token: stage.token })).body;
    expect(status).toEqual({ url: `http://127.0.0.1:${server.port}/api.json`, source: `http://127.0.0.1:${server.port}/api.json`, models: 151, last_sync_at: expect.any(Number), ok: true });
    expect(status.last_sync_at).toBeGreaterThanOrEqual(before);
  });

  test("an unreachable catalog keeps the last good prices", async () => {
    server.stop(true);
    const sync = await stage.octopus.api("POST", "/api/v1/model/sync", { token: stage.token });
    expect(sync.body.ok).toBe(false);
    expect(sync.body.reason).toContain("network");
    // The catalog route tells the failure and its reason, and still counts the last good catalog's models.
    const status = (await stage.octopus.api("GET", "/api/v1/model/catalog", { token: stage.token })).body;
    expect(status).toMatchObject({ ok: false, models: 151, last_sync_at: expect.any(Number) });
    expect(status.reason).toContain("network");
    expect(await row("gpt-4o-mini")).toMatchObject({ source: "catalog", input: 7 });
    expect(stage.octopus.octopus.accounting.prices.priceFor(1, "gpt-4o-mini")).toMatchObject({ source: "catalog", price: { input: 7 } });
  });
});
