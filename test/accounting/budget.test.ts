/** max_cost holds under 50 concurrent requests: refused in the client's format, never overspent past one request. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { addRawUpstream, startStage, type Stage } from "../relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

// Each request: 17 uncached input, 5 cache reads, 3 cache writes, 9 output.
const PRICE = { input: 100, output: 200, cache_read: 50, cache_write: 100 };
const COST = (17 * 100 + 5 * 50 + 3 * 100 + 9 * 200) / 1e6;
const MAX_COST = 0.02;

test("50 concurrent requests at a key with a small budget", async () => {
  await addRawUpstream(stage, "priced", "openai-chat", async () => {
    await Bun.sleep(150);
    return Response.json({
      id: "chatcmpl-b",
      object: "chat.completion",
      created: 1,
      model: "up",
      choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 25, completion_tokens: 9, total_tokens: 34, prompt_tokens_details: { cached_tokens: 5, cache_write_tokens: 3 } },
    });
  });
  await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: "up", ...PRICE } });
  const { key, id } = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "small", max_cost: MAX_COST } })).body;

  const send = () =>
    fetch(`${stage.octopus.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: "priced", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  const burst = await Promise.all(Array.from({ length: 50 }, send));
  const served = burst.filter((r) => r.status === 200).length;
  const refused = burst.filter((r) => r.status === 429);
  expect(served).toBeGreaterThanOrEqual(1);
  expect(served + refused.length).toBe(50);
  expect(refused.length).toBeGreaterThanOrEqual(40);
  expect(refused[0].body.error.message).toContain("budget");

  // One at a time until the key is spent: a request is admitted only while the key is under budget.
  let last = { status: 200, body: {} as any };
  for (let i = 0; i < 20 && last.status === 200; i++) last = await send();
  expect(last.status).toBe(403);
  expect(last.body.error.message).toContain("used its budget");

  const spent = stage.octopus.octopus.accounting.stats.spent(id);
  expect(spent).toBeGreaterThanOrEqual(MAX_COST);
  expect(spent).toBeLessThan(MAX_COST + COST);
  const total = (await stage.octopus.api("GET", "/api/v1/stats/apikey", { token: stage.token })).body.find((r: any) => r.key === String(id));
  expect(total.cost).toBeCloseTo(spent, 12);
});
