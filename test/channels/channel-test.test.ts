/**
 * POST /api/v1/channel/test against the mock upstream of each channel format, over loopback: the
 * answer and latency, a refused key's error without the key, a log row marked as a test, and
 * stats (hence budgets) untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { SCENARIO } from "../mocks/scenario";
import { addRawUpstream, groupFor, minimalRequest, post, startStage, UPSTREAM_KEY, UPSTREAM_MODEL, type Stage } from "../relay/harness";

const WRONG_KEY = "sk-wrong-provider-key-abcdef0123456789";
/** The path each format's request goes to, below the channel's base URL. */
const UPSTREAM_PATH: Record<Format, string> = {
  "openai-chat": "/v1/chat/completions",
  "openai-responses": "/v1/responses",
  anthropic: "/v1/messages",
  gemini: `/v1beta/models/${UPSTREAM_MODEL.gemini}:generateContent`,
};

let stage: Stage;
/** Per format: the id of the channel's key the mock refuses. */
const wrongKeyIds = {} as Record<Format, number>;

const api = (method: string, path: string, body?: unknown) => stage.octopus.api(method, path, { token: stage.token, body });
const testChannel = (body: Record<string, unknown>) => api("POST", "/api/v1/channel/test", body);
const statsNow = async () => ({ total: (await api("GET", "/api/v1/stats/total")).body, channels: (await api("GET", "/api/v1/stats/channel")).body });

beforeAll(async () => {
  stage = await startStage();
  for (const format of FORMATS) {
    const id = stage.channelIds[format];
    const channel = (await api("GET", "/api/v1/channel/list")).body.find((c: any) => c.id === id);
    const updated = await api("POST", "/api/v1/channel/update", { id, keys: [{ id: channel.keys[0].id }, { key: WRONG_KEY, remark: "wrong" }] });
    expect(updated.status).toBe(200);
    wrongKeyIds[format] = updated.body.keys.find((k: any) => k.remark === "wrong").id;
  }
});
afterAll(() => stage.close());

describe("channel test", () => {
  let statsBefore: Awaited<ReturnType<typeof statsNow>>;
  beforeAll(async () => {
    statsBefore = await statsNow();
  });

  test.each(FORMATS)("%s: one small request in the channel's format answers ok, the answer and the latency", async (format) => {
    const mock = stage.mocks[format];
    const calls = mock.calls.length;
    const { status, body } = await testChannel({ id: stage.channelIds[format] });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: 200, latency_ms: expect.any(Number), model: UPSTREAM_MODEL[format], answer: SCENARIO.text });
    expect(body.latency_ms).toBeGreaterThanOrEqual(0);
    expect(mock.calls).toHaveLength(calls + 1);
    const call = mock.calls[calls];
    expect(call.path).toBe(UPSTREAM_PATH[format]);
    expect(JSON.stringify(call.body)).toContain("Say OK");
    expect(JSON.stringify(call.headers)).toContain(UPSTREAM_KEY);
  });

  test.each(FORMATS)("%s: a key the upstream refuses gives ok:false with its 401 and the message, without the key", async (format) => {
    const { status, body } = await testChannel({ id: stage.channelIds[format], model: UPSTREAM_MODEL[format], key_id: wrongKeyIds[format] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, status: 401, model: UPSTREAM_MODEL[format] });
    expect(body.error).toBeString();
    expect(body.error.length).toBeGreaterThan(0);
    expect(body.answer).toBeUndefined();
    expect(body.error).not.toContain(WRONG_KEY);
  });

  test("an upstream that quotes the key in its error: the key is masked in the answer and the log", async () => {
    const echoKey = "sk-echoed-secret-key-0123456789abcdef";
    await addRawUpstream(
      stage,
      "echoes-key",
      "openai-chat",
      (request) => Response.json({ error: { message: `invalid api key ${request.headers.get("authorization")!.slice(7)} for this project`, type: "invalid_request_error" } }, { status: 401 }),
      { keys: [{ key: echoKey }] },
    );
    const id = (await api("GET", "/api/v1/channel/list")).body.find((c: any) => c.name === "echoes-key").id;
    const { body } = await testChannel({ id });
    expect(body).toMatchObject({ ok: false, status: 401, model: "up", error: `invalid api key ${echoKey.slice(0, 4)}…${echoKey.slice(-4)} for this project` });
    const logged = (await api("GET", `/api/v1/log/list?channel_id=${id}`)).body.items[0];
    const row = (await api("GET", `/api/v1/log/${logged.id}`)).body;
    expect(JSON.stringify(row)).not.toContain(echoKey);
    expect(row.error).toBe(body.error);
  });

  test("each test is logged marked as a test, with its status and the model; stats are unchanged", async () => {
    for (const format of FORMATS) {
      const { items } = (await api("GET", `/api/v1/log/list?channel_id=${stage.channelIds[format]}`)).body;
      expect(items.map((i: any) => [i.source, i.status])).toEqual([
        ["test", 401],
        ["test", 200],
      ]);
      expect(items[1]).toMatchObject({ format, model: UPSTREAM_MODEL[format], actual_model: UPSTREAM_MODEL[format], api_key_id: 0, input_tokens: 25, error: null });
      expect(items[0].error).toBeString();
    }
    expect(await statsNow()).toEqual(statsBefore);
    // The same channel through the relay is counted, and logged as a relayed request.
    const relayed = await post(stage, "openai-chat", groupFor("openai-chat"), false, minimalRequest("openai-chat", groupFor("openai-chat"), false));
    expect(relayed.status).toBe(200);
    expect((await statsNow()).total.requests).toBe(statsBefore.total.requests + 1);
    const latest = (await api("GET", `/api/v1/log/list?channel_id=${stage.channelIds["openai-chat"]}`)).body.items[0];
    expect(latest.source).toBe("relay");
    // The panel can leave tests out, or show only them.
    const relayOnly = (await api("GET", "/api/v1/log/list?source=relay")).body;
    expect(relayOnly.items.map((i: any) => i.id)).toEqual([latest.id]);
    const testsOnly = (await api("GET", "/api/v1/log/list?source=test&page_size=100")).body;
    expect(testsOnly.total).toBe(2 * FORMATS.length + 1);
    expect((await api("GET", "/api/v1/log/list?source=other")).status).toBe(400);
  });

  test("bad targets are admin errors (unknown channel or key 404); a channel whose key cannot be authorized is an answer", async () => {
    expect((await testChannel({ id: 99_999 })).status).toBe(404);
    const other = await testChannel({ id: stage.channelIds.anthropic, key_id: wrongKeyIds.gemini });
    expect(other.status).toBe(404);
    expect(other.body.error.message).toContain(`key ${wrongKeyIds.gemini}`);
    const created = await api("POST", "/api/v1/channel/create", {
      name: "antigravity",
      type: "antigravity",
      base_urls: [{ url: "http://127.0.0.1:9" }],
      keys: [{ key: "k" }],
      models: ["m"],
    });
    // Antigravity asks the account's project first; nothing listens there.
    const unreachable = await testChannel({ id: created.body.id });
    expect(unreachable.status).toBe(200);
    expect(unreachable.body).toMatchObject({ ok: false, status: 502, error: "loadCodeAssist failed: network error (ECONNREFUSED)" });
    expect((await testChannel({ id: "x" })).status).toBe(400);
  });
});
