/**
 * Per-key rate limits through the real relay: a burst past RPM is refused 429 with retry-after in
 * each client's own format; TPM counts the upstream's usage; max_concurrency holds under 50
 * parallel requests; defaults come from settings; limits and use show in apikey/list.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { addRawUpstream, chatCompletion, CLIENT_PATH, groupFor, minimalRequest, startStage, type Stage } from "../relay/harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const newKey = async (body: object) => (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: `k${Math.random()}`, ...body } })).body;
const listed = async (id: number) => (await stage.octopus.api("GET", "/api/v1/apikey/list", { token: stage.token })).body.find((k: any) => k.id === id);
const send = (key: string, format: Format, model = groupFor(format)) =>
  fetch(stage.octopus.url + CLIENT_PATH[format](model, false), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(minimalRequest(format, model, false)),
  });

/** How each API says "rate limited" in its error body. */
const LIMITED: Record<Format, (body: any) => unknown> = {
  "openai-chat": (b) => [b.error.type, b.error.code],
  "openai-responses": (b) => [b.error.type, b.error.code],
  anthropic: (b) => [b.type, b.error.type],
  gemini: (b) => [b.error.code, b.error.status],
};
const EXPECTED: Record<Format, unknown> = {
  "openai-chat": ["rate_limit_error", "rate_limit_exceeded"],
  // As OpenAI's Responses API types a rate limit.
  "openai-responses": ["requests", "rate_limit_exceeded"],
  anthropic: ["error", "rate_limit_error"],
  gemini: [429, "RESOURCE_EXHAUSTED"],
};

test("a burst past RPM gets 429 with retry-after, in each client's format", async () => {
  for (const format of FORMATS) {
    const { key, id } = await newKey({ rpm: 3 });
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await send(key, format);
      statuses.push(r.status);
      if (r.status === 429) refusal ??= r;
      else await r.body?.cancel();
    }
    expect({ format, statuses }).toEqual({ format, statuses: [200, 200, 200, 429, 429] });
    const retryAfter = Number(refusal!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await refusal!.json();
    expect({ format, shape: LIMITED[format](body) }).toEqual({ format, shape: EXPECTED[format] });
    expect(JSON.stringify(body)).toContain("limited to 3 requests per minute");
    expect((await listed(id)).rate_use.rpm).toBe(3);
  }
});

test("TPM counts input + output tokens from the upstream's usage", async () => {
  // The mocks report 25 input and 9 output tokens per request.
  const { key, id } = await newKey({ tpm: 60 });
  expect((await send(key, "anthropic")).status).toBe(200);
  expect((await send(key, "openai-chat")).status).toBe(200);
  const third = await send(key, "gemini");
  expect(third.status).toBe(429);
  expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await third.json()).error.message).toContain("limited to 60 tokens per minute");
  expect((await listed(id)).rate_use).toMatchObject({ tpm: 68, rpm: 2 });
});

test("max_concurrency holds under 50 parallel requests", async () => {
  let inFlight = 0;
  let most = 0;
  await addRawUpstream(stage, "slow-concurrency", "openai-chat", async () => {
    most = Math.max(most, ++inFlight);
    await Bun.sleep(300);
    inFlight--;
    return chatCompletion({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
  });
  const { key, id } = await newKey({ max_concurrency: 5 });
  const during = (async () => {
    await Bun.sleep(150);
    return (await listed(id)).rate_use.concurrency;
  })();
  const results = await Promise.all(Array.from({ length: 50 }, () => send(key, "openai-chat", "slow-concurrency").then(async (r) => ({ status: r.status, retry: r.headers.get("retry-after"), body: await r.json() }))));
  expect(most).toBe(5);
  expect(await during).toBe(5);
  expect(results.filter((r) => r.status === 200)).toHaveLength(5);
  const refused = results.filter((r) => r.status === 429);
  expect(refused).toHaveLength(45);
  expect(refused[0]).toMatchObject({ retry: "1", body: { error: { type: "rate_limit_error", message: "this API key is limited to 5 concurrent requests" } } });
  expect((await listed(id)).rate_use.concurrency).toBe(0);
});

test("a key without its own limit takes the settings' default; 0 on the key lifts it", async () => {
  await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "apikey_rpm", value: 1 } });
  try {
    const plain = await newKey({});
    const free = await newKey({ rpm: 0 });
    expect((await listed(plain.id)).rate_limits).toEqual({ rpm: 1, tpm: 0, max_concurrency: 0 });
    expect((await send(plain.key, "openai-chat")).status).toBe(200);
    expect((await send(plain.key, "openai-chat")).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await send(free.key, "openai-chat")).status).toBe(200);
    const updated = await stage.octopus.api("POST", "/api/v1/apikey/update", { token: stage.token, body: { id: plain.id, rpm: 10, tpm: null, max_concurrency: 2 } });
    expect(updated.body).toMatchObject({ rpm: 10, tpm: null, max_concurrency: 2, rate_limits: { rpm: 10, tpm: 0, max_concurrency: 2 } });
    expect((await stage.octopus.api("POST", "/api/v1/apikey/update", { token: stage.token, body: { id: plain.id, rpm: -1 } })).status).toBe(400);
  } finally {
    await stage.octopus.api("POST", "/api/v1/setting/set", { token: stage.token, body: { key: "apikey_rpm", value: 0 } });
  }
});
