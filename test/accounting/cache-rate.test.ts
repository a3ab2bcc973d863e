/** The cache-hit rate (cache-read tokens over all input tokens) per channel, model and API key, as the upstreams reported usage. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { addRawUpstream, chatCompletion, minimalRequest, startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

test("stats per channel, model and API key carry cache_read_tokens / input_tokens", async () => {
  // 100 input tokens of which 80 read from the cache; the Anthropic mock reports 25 with 5 cached.
  await addRawUpstream(stage, "cached", "openai-chat", () =>
    chatCompletion({ prompt_tokens: 100, completion_tokens: 2, total_tokens: 102, prompt_tokens_details: { cached_tokens: 80 } }),
  );
  const { key, id } = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "cache-rate" } })).body;
  const send = (model: string) =>
    fetch(`${stage.octopus.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(minimalRequest("openai-chat", model, false)),
    });
  for (const model of ["cached", "cached", "via-anthropic", "via-anthropic"]) expect((await send(model)).status).toBe(200);

  const rows = async (scope: string) => (await stage.octopus.api("GET", `/api/v1/stats/${scope}`, { token: stage.token })).body as any[];
  const channelId = (await stage.octopus.api("GET", "/api/v1/group/list", { token: stage.token })).body.find((g: any) => g.name === "cached").items[0].channel_id;
  const channel = (await rows("channel")).find((r) => r.key === String(channelId));
  expect(channel).toMatchObject({ input_tokens: 200, cache_read_tokens: 160, cache_hit_rate: 0.8 });
  expect((await rows("channel")).find((r) => r.key === String(stage.channelIds.anthropic))).toMatchObject({ input_tokens: 50, cache_read_tokens: 10, cache_hit_rate: 0.2 });
  expect((await rows("model")).find((r) => r.key === UPSTREAM_MODEL.anthropic).cache_hit_rate).toBe(0.2);
  expect((await rows("model")).find((r) => r.key === "up").cache_hit_rate).toBe(0.8);
  // The key's four requests together: (160 + 10) / (200 + 50).
  expect((await rows("apikey")).find((r) => r.key === String(id))).toMatchObject({ input_tokens: 250, cache_read_tokens: 170, cache_hit_rate: 0.68 });
  const total = (await stage.octopus.api("GET", "/api/v1/stats/total", { token: stage.token })).body;
  expect(total.cache_hit_rate).toBe(total.cache_read_tokens / total.input_tokens);
});
