/** The side routes of the client API: model lists in each SDK's shape, embeddings, token counting. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { FORMATS } from "../../src/protocols/ir";
import { addRawUpstream, groupFor, minimalRequest, startStage, UPSTREAM_MODEL, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const GROUPS = FORMATS.map(groupFor).sort();

describe("model lists", () => {
  test("each official SDK lists the groups in its own shape", async () => {
    const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key });
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(GROUPS);

    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const claude: string[] = [];
    for await (const model of anthropic.models.list()) claude.push(model.id);
    expect(claude).toEqual(GROUPS);

    const gemini = new GoogleGenAI({ apiKey: stage.key, httpOptions: { baseUrl: stage.octopus.url } });
    const names: string[] = [];
    for await (const model of await gemini.models.list()) names.push(model.name ?? "");
    expect(names).toEqual(GROUPS.map((g) => `models/${g}`));
  });

  test("a key limited to some models sees only those; no key is a 401", async () => {
    const made = await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "one-model", supported_models: [groupFor("gemini")] } });
    const list = await fetch(`${stage.octopus.url}/v1/models`, { headers: { authorization: `Bearer ${made.body.key}` } });
    expect((await list.json()).data.map((m: any) => m.id)).toEqual([groupFor("gemini")]);
    expect((await fetch(`${stage.octopus.url}/v1/models`)).status).toBe(401);
    const gemini = await fetch(`${stage.octopus.url}/v1beta/models`);
    expect(gemini.status).toBe(401);
    expect((await gemini.json()).error.status).toBeString();
  });
});

describe("gemini paths", () => {
  const call = (target: string) =>
    fetch(`${stage.octopus.url}/v1beta/models/${target}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-api-key": stage.key },
      body: JSON.stringify(minimalRequest("gemini", "", false)),
    });

  test("the Gemini model list advertises countTokens no more: every method it lists is served", async () => {
    const list = await (await fetch(`${stage.octopus.url}/v1beta/models`, { headers: { "x-goog-api-key": stage.key } })).json();
    const methods = new Set(list.models.flatMap((m: any) => m.supportedGenerationMethods));
    expect([...methods].sort()).toEqual(["generateContent", "streamGenerateContent"]);
    for (const method of methods) expect((await call(`${groupFor("gemini")}:${method}`)).status).toBe(200);
  });

  test("the model name in Gemini paths is URL-decoded once", async () => {
    const name = "gemini-100%";
    const made = await stage.octopus.api("POST", "/api/v1/group/create", {
      token: stage.token,
      body: { name, mode: "failover", items: [{ channel_id: stage.channelIds.gemini, model: UPSTREAM_MODEL.gemini }] },
    });
    expect(made.status).toBe(200);
    const response = await call(`${encodeURIComponent(name)}:generateContent`);
    expect(response.status).toBe(200);
    expect(stage.outcomes.at(-1)!.model).toBe(name);
  });
});

describe("embeddings", () => {
  test("pass through to an OpenAI channel, usage counted", async () => {
    let seen: any;
    await addRawUpstream(stage, "embedder", "openai-chat", async (request) => {
      seen = { path: new URL(request.url).pathname, body: await request.json() };
      return Response.json({ object: "list", data: [{ object: "embedding", index: 0, embedding: [0.1, -0.2, 0.3] }], model: "up", usage: { prompt_tokens: 6, total_tokens: 6 } });
    });
    const openai = new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key });
    const result = await openai.embeddings.create({ model: "embedder", input: "hello world", encoding_format: "float" });
    expect(result.data[0].embedding).toEqual([0.1, -0.2, 0.3]);
    expect(seen).toEqual({ path: "/v1/embeddings", body: { model: "up", input: "hello world", encoding_format: "float" } });
    expect(stage.outcomes.at(-1)).toMatchObject({ model: "embedder", status: 200, usage: { inputTokens: 6 } });
  });

  test("a group without an OpenAI channel is a 400 in OpenAI's shape that says why", async () => {
    const response = await fetch(`${stage.octopus.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${stage.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: groupFor("anthropic"), input: "x" }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toBe(`no channel of "${groupFor("anthropic")}" can serve embeddings: they are relayed to OpenAI channels only`);
  });
});

describe("count_tokens", () => {
  test("estimated for a group without an Anthropic channel, through the official SDK", async () => {
    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const short = await anthropic.messages.countTokens({ model: groupFor("gemini"), messages: [{ role: "user", content: "hi" }] });
    const long = await anthropic.messages.countTokens({ model: groupFor("gemini"), system: "x".repeat(4000), messages: [{ role: "user", content: "hi" }] });
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens - short.input_tokens).toBe(1000);
  });

  test("asked of the Anthropic channel when the group has one", async () => {
    let seen: any;
    await addRawUpstream(stage, "counter", "anthropic", async (request) => {
      seen = { path: new URL(request.url).pathname, body: await request.json() };
      return Response.json({ input_tokens: 4242 });
    });
    const anthropic = new Anthropic({ baseURL: stage.octopus.url, apiKey: stage.key });
    const counted = await anthropic.messages.countTokens({ model: "counter", messages: [{ role: "user", content: "hi" }] });
    expect(counted.input_tokens).toBe(4242);
    expect(seen).toEqual({ path: "/v1/messages/count_tokens", body: { model: "up", messages: [{ role: "user", content: "hi" }] } });
  });
});
