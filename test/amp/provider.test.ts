/**
 * Amp CLI's model calls, `/api/provider/{openai|anthropic|google}/…`, made with each provider's
 * official SDK as Amp's base URLs point them: relayed by Octopus to the mock providers like the
 * same calls at the root (groups, key check, request log, stats, cost), never to the Amp server.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import type { Format } from "../../src/protocols/ir";
import { createAmpMock } from "../mocks/amp";
import { serveLocally } from "../mocks/plumbing";
import { SCENARIO } from "../mocks/scenario";
import { groupFor, startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";
import { OPERATOR_KEY } from "./stage";
import { cacheWrites, expectedCost, setPrices } from "../accounting/scenario-prices";

const ampServer = createAmpMock(OPERATOR_KEY);
const ampUpstream = serveLocally(ampServer.fetch);
let stage: Stage;
let provider: (name: string) => string;
beforeAll(async () => {
  stage = await startStage({ OCTOPUS_AMPCODE_ENABLED: "true", OCTOPUS_AMPCODE_UPSTREAM_URL: ampUpstream.origin, OCTOPUS_AMPCODE_UPSTREAM_API_KEY: OPERATOR_KEY });
  provider = (name) => `${stage.octopus.url}/api/provider/${name}`;
  await setPrices(stage);
});
afterAll(async () => {
  await stage.close();
  ampUpstream.stop();
});

test("chat completions, responses, messages and Gemini under /api/provider are relayed and accounted", async () => {
  const openai = new OpenAI({ baseURL: `${provider("openai")}/v1`, apiKey: stage.key, maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: provider("anthropic"), apiKey: stage.key, maxRetries: 0 });
  // Amp calls Gemini as Vertex AI's express mode names it: /v1beta1/publishers/google/models/{model}:….
  const vertex = new GoogleGenAI({ vertexai: true, apiKey: stage.key, httpOptions: { baseUrl: provider("google") } });
  const gemini = new GoogleGenAI({ apiKey: stage.key, httpOptions: { baseUrl: provider("google"), apiVersion: "v1beta" } });

  const question = "Say hello";
  const served: Format[] = [];
  const chat = await openai.chat.completions.create({ model: groupFor("openai-chat"), messages: [{ role: "user", content: question }] });
  expect(chat.choices[0].message.content).toBe(SCENARIO.text);
  const streamed = await openai.chat.completions
    .stream({ model: groupFor("openai-chat"), messages: [{ role: "user", content: question }], stream_options: { include_usage: true } })
    .finalChatCompletion();
  expect(streamed.choices[0].message.content).toBe(SCENARIO.text);
  served.push("openai-chat", "openai-chat");

  const response = await openai.responses.stream({ model: groupFor("openai-responses"), input: question }).finalResponse();
  expect(response.output_text).toBe(SCENARIO.text);
  served.push("openai-responses");

  const message = await anthropic.messages.create({ model: groupFor("anthropic"), max_tokens: 64, messages: [{ role: "user", content: question }] });
  expect(message.content[0]).toMatchObject({ type: "text", text: SCENARIO.text });
  served.push("anthropic");

  let text = "";
  for await (const chunk of await vertex.models.generateContentStream({ model: groupFor("gemini"), contents: question })) text += chunk.text ?? "";
  expect(text).toBe(SCENARIO.text);
  const plain = await gemini.models.generateContent({ model: groupFor("gemini"), contents: question });
  expect(plain.text).toBe(SCENARIO.text);
  served.push("gemini", "gemini");

  // The provider segment decides nothing: the model picks the group, converted as at the root.
  const crossed = await anthropic.messages.create({ model: groupFor("gemini"), max_tokens: 64, messages: [{ role: "user", content: question }] });
  expect(crossed.content[0]).toMatchObject({ type: "text", text: SCENARIO.text });
  served.push("gemini");

  expect(stage.mocks.gemini.calls.map((c) => c.path)).toEqual([
    `/v1beta/models/${UPSTREAM_MODEL.gemini}:streamGenerateContent?alt=sse`,
    `/v1beta/models/${UPSTREAM_MODEL.gemini}:generateContent`,
    `/v1beta/models/${UPSTREAM_MODEL.gemini}:generateContent`,
  ]);
  expect(ampServer.calls).toHaveLength(0);

  const { accounting, stores } = stage.octopus.octopus;
  await accounting.logs.flush();
  const logs = (await stores.logs.list({}, 1, 100)).items.reverse();
  expect(logs.map((row) => [row.format, row.model])).toEqual([
    ["openai-chat", groupFor("openai-chat")],
    ["openai-chat", groupFor("openai-chat")],
    ["openai-responses", groupFor("openai-responses")],
    ["anthropic", groupFor("anthropic")],
    ["gemini", groupFor("gemini")],
    ["gemini", groupFor("gemini")],
    ["anthropic", groupFor("gemini")],
  ]);
  logs.forEach((row, i) => {
    const channel = served[i];
    expect(row).toMatchObject({
      status: 200,
      channel_id: stage.channelIds[channel],
      actual_model: UPSTREAM_MODEL[channel],
      input_tokens: SCENARIO.usage.inputTokens,
      output_tokens: SCENARIO.usage.outputTokens,
      cache_read_tokens: SCENARIO.usage.cacheReadTokens,
      cache_write_tokens: cacheWrites(channel),
      api_key_name: "e2e",
      error: null,
    });
    expect(row.cost).toBeCloseTo(expectedCost(channel), 12);
  });
  expect(await accounting.stats.flush()).toBe(true);
  const [total] = await stores.stats.list("total");
  expect(total.counters.requests).toBe(served.length);
  expect(total.counters.cost).toBeCloseTo(
    served.reduce((sum, channel) => sum + expectedCost(channel), 0),
    12,
  );
});

test("a model no group serves is refused as at the root, not sent on to the Amp server", async () => {
  const anthropic = new Anthropic({ baseURL: provider("anthropic"), apiKey: stage.key, maxRetries: 0 });
  const refused = await anthropic.messages.create({ model: "no-such-group", max_tokens: 8, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
  expect(refused).toBeInstanceOf(Anthropic.NotFoundError);
  expect(refused.error.error).toMatchObject({ type: "not_found_error" });
  expect(ampServer.calls).toHaveLength(0);
});

test("a model call without a valid Octopus key is refused in its provider's error shape, and reaches no one", async () => {
  const before = Object.values(stage.mocks).reduce((n, mock) => n + mock.calls.length, 0);
  const openai = new OpenAI({ baseURL: `${provider("openai")}/v1`, apiKey: "sk-octopus-wrong-0000000000000000", maxRetries: 0 });
  const refused = await openai.chat.completions.create({ model: groupFor("openai-chat"), messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
  expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
  expect(refused.error).toMatchObject({ message: "invalid API key", type: "authentication_error" });

  const anthropic = await fetch(`${provider("anthropic")}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify({ model: groupFor("anthropic"), max_tokens: 8, messages: [{ role: "user", content: "hi" }] }),
  });
  expect(anthropic.status).toBe(401);
  expect((await anthropic.json()).error.type).toBe("authentication_error");

  const google = await fetch(`${provider("google")}/v1beta1/publishers/google/models/${groupFor("gemini")}:generateContent`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-goog-api-key": "wrong" },
    body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
  });
  expect(google.status).toBe(401);
  expect((await google.json()).error.status).toBe("UNAUTHENTICATED");

  expect(Object.values(stage.mocks).reduce((n, mock) => n + mock.calls.length, 0)).toBe(before);
  expect(ampServer.calls).toHaveLength(0);
});
