/** fetchModels against each provider's mock over loopback: routes, auth, pagination and failures. */
import { afterAll, describe, expect, test } from "bun:test";
import { ModelFetchError } from "../../src/channels/sync/error";
import { fetchModels, type FetchModelsOptions, type ModelSource } from "../../src/channels/sync/fetch";
import { maskSecret } from "../../src/secrets";
import { createAnthropicMock } from "../mocks/anthropic";
import { createGeminiMock } from "../mocks/gemini";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { createOpenaiResponsesMock } from "../mocks/openai-responses";
import { serveLocally } from "../mocks/plumbing";
import type { MockUpstream } from "../mocks/scenario";

const KEY = "sk-provider-secret-key-0123456789";
const WRONG_KEY = "sk-provider-wrong-key-9876543210";
const OPTIONS = { timeoutMs: 5000 };

const servers: { stop(): void }[] = [];
afterAll(() => servers.forEach((s) => s.stop()));

function serve(mock: MockUpstream) {
  const server = serveLocally(mock.fetch);
  servers.push(server);
  return server.origin;
}

/** A hand-written server, for behaviour no mock scripts. */
function serveRaw(fetch: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch, idleTimeout: 0 });
  servers.push({ stop: () => server.stop(true) });
  return `http://127.0.0.1:${server.port}`;
}

async function failure(source: ModelSource, options: FetchModelsOptions = OPTIONS): Promise<ModelFetchError> {
  const error = await fetchModels(source, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFetchError);
  return error as ModelFetchError;
}

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);

describe("OpenAI", () => {
  test.each([
    ["openai-chat", createOpenaiChatMock],
    ["openai-responses", createOpenaiResponsesMock],
  ] as const)("%s: GET {base}/models with a Bearer key, data[].id in one request", async (type, create) => {
    const mock = create({ apiKey: KEY, models: ["gpt-4o", "gpt-4o-mini", "o3"] });
    const base = `${serve(mock)}/v1/`;
    expect(await fetchModels({ type, baseUrl: base, key: KEY }, OPTIONS)).toEqual(["gpt-4o", "gpt-4o-mini", "o3"]);
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]).toMatchObject({ method: "GET", path: "/v1/models", headers: { authorization: `Bearer ${KEY}` } });
  });

  test("a wrong key: the provider's status and message, without the key", async () => {
    const base = `${serve(createOpenaiChatMock({ apiKey: KEY }))}/v1`;
    const error = await failure({ type: "openai-chat", baseUrl: base, key: WRONG_KEY });
    expect(error.kind).toBe("rejected_key");
    expect(error.message).toStartWith(`GET ${base}/models answered HTTP 401: Incorrect API key provided`);
    expect(error.message).not.toContain(WRONG_KEY);
  });

  test("custom headers go with the request", async () => {
    const mock = createOpenaiChatMock({ apiKey: KEY });
    const base = `${serve(mock)}/v1`;
    await fetchModels({ type: "openai-chat", baseUrl: base, key: KEY, customHeaders: [{ key: "X-Org", value: "team-a" }] }, OPTIONS);
    expect(mock.calls[0]!.headers["x-org"]).toBe("team-a");
  });
});

describe("Anthropic", () => {
  const models = numbered("claude-mock", 2500);

  test("follows has_more/last_id via after_id, 1000 at a time, with x-api-key and anthropic-version", async () => {
    const mock = createAnthropicMock({ apiKey: KEY, models });
    const base = `${serve(mock)}/v1`;
    expect(await fetchModels({ type: "anthropic", baseUrl: base, key: KEY }, OPTIONS)).toEqual(models);
    expect(mock.calls.map((c) => c.path)).toEqual([
      "/v1/models?limit=1000",
      `/v1/models?limit=1000&after_id=${models[999]}`,
      `/v1/models?limit=1000&after_id=${models[1999]}`,
    ]);
    for (const call of mock.calls) expect(call.headers).toMatchObject({ "x-api-key": KEY, "anthropic-version": "2023-06-01" });
  });

  test("stops at the page bound instead of following a list without end", async () => {
    const base = `${serve(createAnthropicMock({ apiKey: KEY, models }))}/v1`;
    const error = await failure({ type: "anthropic", baseUrl: base, key: KEY }, { ...OPTIONS, maxPages: 2 });
    expect(error).toMatchObject({ kind: "upstream", message: `GET ${base}/models: the model list runs past 2 pages` });
  });

  test("a cursor that does not advance is an error, not a loop", async () => {
    const base = serveRaw(() => Response.json({ data: [{ id: "claude-x" }], has_more: true, first_id: "claude-x", last_id: "claude-x" }));
    const error = await failure({ type: "anthropic", baseUrl: `${base}/v1`, key: KEY });
    expect(error.message).toBe(`GET ${base}/v1/models: the next-page cursor does not advance`);
  });

  test("a wrong key is refused with Anthropic's message", async () => {
    const base = `${serve(createAnthropicMock({ apiKey: KEY }))}/v1`;
    const error = await failure({ type: "anthropic", baseUrl: base, key: WRONG_KEY });
    expect(error).toMatchObject({ kind: "rejected_key", message: `GET ${base}/models answered HTTP 401: invalid x-api-key` });
  });
});

describe("Gemini", () => {
  const chat = numbered("gemini-mock", 2500);
  const models = [...chat.slice(0, 1200), "text-embedding-004", "imagen-4.0-generate-001", ...chat.slice(1200)];

  test("follows nextPageToken via pageToken, names without models/, only models that generateContent", async () => {
    const mock = createGeminiMock({ apiKey: KEY, models });
    const base = `${serve(mock)}/v1beta`;
    expect(await fetchModels({ type: "gemini", baseUrl: base, key: KEY }, OPTIONS)).toEqual(chat);
    const paths = mock.calls.map((c) => new URL(c.path, base));
    expect(paths.map((u) => u.pathname)).toEqual(["/v1beta/models", "/v1beta/models", "/v1beta/models"]);
    expect(paths.map((u) => u.searchParams.get("pageSize"))).toEqual(["1000", "1000", "1000"]);
    expect(paths.map((u) => u.searchParams.get("pageToken"))).toEqual([null, btoa("offset:1000"), btoa("offset:2000")]);
    for (const call of mock.calls) expect(call.headers["x-goog-api-key"]).toBe(KEY);
  });

  test("a bare host gets /v1beta, as the adapter's calls do", async () => {
    const mock = createGeminiMock({ apiKey: KEY });
    expect(await fetchModels({ type: "gemini", baseUrl: serve(mock), key: KEY }, OPTIONS)).toEqual(["gemini-2.5-flash", "gemini-2.5-pro"]);
    expect(mock.calls[0]!.path).toStartWith("/v1beta/models?");
  });

  test("Google answers a wrong key 400 API_KEY_INVALID: still a refused key", async () => {
    const base = `${serve(createGeminiMock({ apiKey: KEY }))}/v1beta`;
    const error = await failure({ type: "gemini", baseUrl: base, key: WRONG_KEY });
    expect(error).toMatchObject({ kind: "rejected_key", message: `GET ${base}/models answered HTTP 400: API key not valid. Please pass a valid API key.` });
  });
});

describe("failures", () => {
  test("a type Octopus does not know cannot be listed; Antigravity's needs the running instance's authorizers", async () => {
    const unknown = await failure({ type: "no-such-type", baseUrl: "http://127.0.0.1:9/v1", key: KEY });
    expect(unknown).toMatchObject({ kind: "config", message: "model listing is not supported for no-such-type channels" });
    const antigravity = await failure({ type: "antigravity", baseUrl: "http://127.0.0.1:9", key: KEY });
    expect(antigravity).toMatchObject({ kind: "config", message: "model listing of antigravity channels needs the running instance" });
  });

  test("an unreachable base URL", async () => {
    const closed = serveRaw(() => new Response());
    servers.pop()!.stop();
    const error = await failure({ type: "openai-chat", baseUrl: `${closed}/v1`, key: KEY });
    expect(error.kind).toBe("upstream");
    expect(error.message).toMatch(new RegExp(`^GET ${closed}/v1/models failed: network error \\(\\w+\\)$`));
  });

  test("a provider that does not answer in time", async () => {
    const base = serveRaw(async () => {
      await Bun.sleep(2000);
      return Response.json({ data: [] });
    });
    const error = await failure({ type: "openai-chat", baseUrl: `${base}/v1`, key: KEY }, { timeoutMs: 100 });
    expect(error.message).toBe(`GET ${base}/v1/models failed: timed out after 100 ms`);
  });

  test("a body that is not a model list, not JSON, or too large", async () => {
    const base = serveRaw((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/html/models") return new Response("<html>hi</html>", { headers: { "content-type": "text/html" } });
      if (path === "/big/models") return Response.json({ data: numbered("m", 5000).map((id) => ({ id })) });
      return Response.json({ object: "list" });
    });
    const source = (path: string): ModelSource => ({ type: "openai-chat", baseUrl: `${base}/${path}`, key: KEY });
    expect((await failure(source("shape"))).message).toBe(`GET ${base}/shape/models answered without a "data" model list`);
    expect((await failure(source("html"))).message).toBe(`GET ${base}/html/models answered a body that is not JSON`);
    expect((await failure(source("big"), { ...OPTIONS, maxPageBytes: 1000 })).message).toBe(`GET ${base}/big/models answered more than 1000 bytes`);
  });

  test("an error page: the status alone; a key the provider echoes is masked", async () => {
    const base = serveRaw((request) =>
      new URL(request.url).pathname.startsWith("/html")
        ? new Response("<!DOCTYPE html><title>Bad Gateway</title>", { status: 502, statusText: "Bad Gateway" })
        : Response.json({ error: { message: `key ${KEY} is not allowed` } }, { status: 403 }),
    );
    expect((await failure({ type: "openai-chat", baseUrl: `${base}/html`, key: KEY })).message).toBe(`GET ${base}/html/models answered HTTP 502: Bad Gateway`);
    const echoed = await failure({ type: "openai-chat", baseUrl: `${base}/v1`, key: KEY });
    expect(echoed).toMatchObject({ kind: "rejected_key", message: `GET ${base}/v1/models answered HTTP 403: key ${maskSecret(KEY)} is not allowed` });
  });

  test("cancelled by the caller", async () => {
    const base = serveRaw(async () => {
      await Bun.sleep(2000);
      return Response.json({ data: [] });
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure({ type: "openai-chat", baseUrl: `${base}/v1`, key: KEY }, { timeoutMs: 5000, signal: controller.signal });
    expect(error.message).toBe(`GET ${base}/v1/models failed: cancelled`);
  });
});
