/** max_cost holds under 50 concurrent requests: refused in the client's format, never overspent past one request. */
import { afterAll, beforeAll, describe, expect, spyOn, test, type Mock } from "bun:test";
import { ADAPTERS } from "../../src/protocols";
import { openaiChatTarget } from "../../src/channels/openai-chat";
import { addRawUpstream, chatCompletion, groupFor, startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";

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
    return chatCompletion({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34, prompt_tokens_details: { cached_tokens: 5, cache_write_tokens: 3 } });
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

describe("a throw at any step after admission releases what the request held", () => {
  const ctx = () => stage.octopus.octopus.relay;
  const BOTH = [false, true];
  // [step, the function made to throw, whether the request streams]
  const steps: [string, () => Mock<(...args: any[]) => any>, boolean[]][] = [
    ["decoding the client's request", () => spyOn(ADAPTERS.anthropic, "decodeRequest"), BOTH],
    ["encoding it for the channel", () => spyOn(ADAPTERS["openai-chat"], "encodeRequest"), BOTH],
    ["opening the attempt", () => spyOn(ctx().router, "begin"), BOTH],
    ["building the upstream request", () => spyOn(openaiChatTarget, "url"), BOTH],
    ["decoding the answer", () => spyOn(ADAPTERS["openai-chat"], "decodeResponse"), [false]],
    ["encoding the answer", () => spyOn(ADAPTERS.anthropic, "encodeResponse"), [false]],
    ["opening the stream decoder", () => spyOn(ADAPTERS["openai-chat"], "streamDecoder"), [true]],
    ["opening the stream encoder", () => spyOn(ADAPTERS.anthropic, "streamEncoder"), [true]],
    ["reporting to the router", () => spyOn(ctx().router, "report"), BOTH],
    ["recording the outcome", () => spyOn(ctx(), "onOutcome"), BOTH],
  ];
  let key: string;
  let id: number;
  const send = (stream: boolean) =>
    // Anthropic client, OpenAI channel: every conversion step runs. max_tokens 1e9 makes any held estimate exceed the budget.
    fetch(`${stage.octopus.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key },
      body: JSON.stringify({ model: groupFor("openai-chat"), stream, max_tokens: 1e9, messages: [{ role: "user", content: "hi" }] }),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));

  beforeAll(async () => {
    await stage.octopus.api("POST", "/api/v1/model/update", { token: stage.token, body: { name: UPSTREAM_MODEL["openai-chat"], ...PRICE } });
    ({ key, id } = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "injected", max_cost: 1000 } })).body);
  });

  for (const [step, spy, modes] of steps)
    for (const stream of modes)
      test(`${step}${stream ? ", streaming" : ""}`, async () => {
        const injected = spy().mockImplementation(() => {
          throw new Error("injected fault");
        });
        let faulty: { status: number; text: string };
        let calls: number;
        try {
          faulty = await send(stream);
        } finally {
          calls = injected.mock.calls.length;
          injected.mockRestore();
        }
        expect(calls).toBeGreaterThan(0);
        if (faulty.status !== 200)
          // Answered in Anthropic's shape, never the admin's.
          expect(JSON.parse(faulty.text)).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
        expect(stage.octopus.octopus.accounting.budget.holding(id)).toBe(0);
        const next = await send(stream);
        expect(next.status).toBe(200);
        expect(stage.octopus.octopus.accounting.budget.holding(id)).toBe(0);
      });
});
