/**
 * Thousands of malformed requests from a fixed-seed generator against Octopus run as a process,
 * every relay route and every admin route, in front of healthy mock upstreams: Octopus answers
 * each with a status below 500 and, for an error, the JSON of the route's own format; and its
 * memory comes back to where it started.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORMATS } from "../src/protocols/ir";
import { adminCall, spawnOctopus, type OctopusProcess } from "./process";
import { startTestOctopus } from "./octopus";
import { basePath, groupFor, minimalRequest, MOCKS, UPSTREAM_KEY, UPSTREAM_MODEL } from "./relay/harness";

const SEED = 0x0c70905;
/** Relay requests (and admin reads among them), then admin requests of every route. */
const RELAY = 2500;
const ADMIN = 1500;
/** Requests before memory is measured: enough for the heap to reach the size it keeps. */
const WARM_UP = 1000;
const CONCURRENCY = 8;
/** The relay's body bound for this run, small so that bodies past it stay cheap to send. */
const MAX_BODY = 1 << 20;

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
const rand = prng(SEED);

type Shape = "openai" | "anthropic" | "gemini" | "admin";

const STRINGS = ["", "x", "gpt-4o", "null", "🐙 octopus", "\u0000\u0001\u001f", "\ud800 lone surrogate", "\u202eRTL", "'; DROP TABLE logs; --", "../../etc/passwd", "%00", "1e20"];
const NUMBERS = [0, -1, 1, 1.5, 1e9, 1e20, -1e20, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 5e-324];

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = rand.chance(0.5) ? [v] : { a: v };
  return v;
}

/** A JSON value of any type, now and then huge, deep or strange. */
function value(depth = 0): unknown {
  switch (rand.int(depth > 2 ? 5 : 9)) {
    case 0:
      return null;
    case 1:
      return rand.chance(0.5);
    case 2:
      return rand.pick(NUMBERS);
    case 3:
      return rand.pick(STRINGS);
    case 4:
      return rand.chance(0.05) ? "x".repeat(100_000 + rand.int(200_000)) : rand.pick(STRINGS) + rand.int(1000);
    case 5:
      return Array.from({ length: rand.int(4) }, () => value(depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: rand.int(4) }, () => [rand.pick(FIELDS), value(depth + 1)]));
    case 7:
      return deep(rand.pick([10, 255, 257, 300, 5000]));
    default:
      return { type: rand.pick(["function", "text", "image", "object", "tool_use", "function_call"]), name: rand.pick(STRINGS), parameters: value(depth + 1) };
  }
}

/** Field names of every format and of the admin API, to put wrong values in. */
const FIELDS = [
  "model", "messages", "input", "contents", "role", "content", "parts", "text", "stream", "stream_options", "include_usage", "max_tokens",
  "max_completion_tokens", "max_output_tokens", "temperature", "top_p", "n", "stop", "stop_sequences", "tools", "tool_choice", "functionDeclarations",
  "parameters", "input_schema", "system", "systemInstruction", "instructions", "generationConfig", "thinking", "reasoning", "reasoning_effort",
  "response_format", "metadata", "user", "image_url", "source", "tool_calls", "tool_call_id", "function", "arguments", "name", "type", "mode", "items",
  "channel_id", "id", "key", "keys", "value", "base_urls", "url", "models", "priority", "weight", "enabled", "password", "old_password",
  "new_password", "username", "expire_at", "max_cost", "supported_models", "param_override", "custom_headers", "proxy_url", "page",
  "aliases", "active_item_id", "prompt_cache_key", "user_id", "limit", "after_id", "before_id", "pageSize", "pageToken",
];

/** Replaces, removes or adds a value somewhere inside `body`. */
function mutate(body: unknown): unknown {
  if (typeof body !== "object" || body === null || rand.chance(0.15)) return value();
  const copy: any = Array.isArray(body) ? [...body] : { ...body };
  const keys = Object.keys(copy);
  const key = keys.length > 0 && rand.chance(0.8) ? rand.pick(keys) : Array.isArray(copy) ? String(copy.length) : rand.pick(FIELDS);
  const roll = rand.int(4);
  if (roll === 0) delete copy[key];
  else if (roll === 1 && typeof copy[key] === "object") copy[key] = mutate(copy[key]);
  else copy[key] = value();
  return copy;
}

/** The body's text, now and then broken. */
function text(body: unknown): string {
  const json = JSON.stringify(body) ?? "null";
  // Past the relay's bound, within what the HTTP server reads (MAX_BODY + 1 MiB): a 413 in the client's format.
  if (rand.chance(0.005)) return json.slice(0, -1) + `,"pad":"${"x".repeat(MAX_BODY + rand.int(MAX_BODY / 2))}"}`;
  switch (rand.int(12)) {
    case 0:
      return json.slice(0, rand.int(json.length));
    case 1:
      return rand.pick(["", "null", "[]", "1e999999", '"x"', "{", '{"model":', "\u0000", "{}}", "[".repeat(200_000)]);
    case 2: {
      const at = rand.int(json.length);
      return json.slice(0, at) + rand.pick(["\\", '"', "}", "\u0000", "\ud800", ",,"]) + json.slice(at);
    }
    default:
      return json;
  }
}

const CONTENT_TYPES = ["application/json", "application/json", "application/json", "text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "garbage", ""];

function headers(auth: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  const type = rand.pick(CONTENT_TYPES);
  if (type) h["content-type"] = type;
  const roll = rand.int(10);
  if (roll === 0) return h;
  if (roll === 1) return { ...h, authorization: rand.pick(["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer sk-octopus-" + "z".repeat(5000), "bearer\tx", "Token x"]) };
  if (roll === 2) return { ...h, "x-api-key": rand.pick(["", "sk-wrong", "\u00ff\u00fe"]), "x-goog-api-key": "k" };
  return { ...h, ...auth };
}

interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  shape: Shape;
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/**
 * The format of a path under /v1/models or /v1beta: Gemini's, but for what `/v1/models` also
 * serves OpenAI and Anthropic SDKs (told apart by how they authenticate) when no Gemini action
 * (`:generateContent`, or any POST) names it.
 */
function pathShape(method: string, path: string, sent: Record<string, string>): Shape {
  if (path.startsWith("/v1beta") || (path.startsWith("/v1/models/") && (method === "POST" || path.includes(":")))) return "gemini";
  if (!path.startsWith("/v1/models")) return "openai";
  return sent["anthropic-version"] ? "anthropic" : sent["x-goog-api-key"] ? "gemini" : "openai";
}

function relayProbe(key: string): Probe {
  const format = rand.pick(FORMATS);
  const model = rand.chance(0.8) ? groupFor(rand.pick(FORMATS)) : (rand.pick(STRINGS) as string);
  const stream = rand.chance(0.3);
  let body: unknown = minimalRequest(format, model, stream);
  for (let n = rand.int(4); n > 0; n--) body = mutate(body);
  const auth = rand.pick<Record<string, string>>([{ authorization: `Bearer ${key}` }, { "x-api-key": key }, { "x-goog-api-key": key }]);
  const route = rand.int(10);
  const method = rand.chance(0.08) ? rand.pick(METHODS) : "POST";
  if (route === 0) return { method, path: "/v1/embeddings", headers: headers(auth), body: text(mutate({ model, input: "hello" })), shape: "openai" };
  if (route === 1) return { method, path: "/v1/messages/count_tokens", headers: headers(auth), body: text(body), shape: "anthropic" };
  if (route === 2) {
    const path = rand.pick(["/v1/models", "/v1beta/models", "/v1/models/" + encodeURIComponent(model.toWellFormed()), "/v1/nope", "/v1beta/nope/x"]);
    const sent = headers({ authorization: `Bearer ${key}` }, rand.chance(0.3) ? { "anthropic-version": "2023-06-01" } : {});
    // `/v1/models` serves three SDKs, told apart by how they authenticate.
    const method = rand.chance(0.7) ? "GET" : rand.pick(METHODS);
    return { method, path, headers: sent, shape: pathShape(method, path, sent) };
  }
  if (format === "gemini") {
    const target = rand.chance(0.85)
      ? `${encodeURIComponent(model.toWellFormed())}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`
      : rand.pick(["%ff:generateContent", ":generateContent", "x:unknown", "x", "%E0%A4%A:generateContent", "a%3Ab:generateContent"]);
    const path = `${rand.pick(["/v1beta", "/v1"])}/models/${target}`;
    const sent = headers(auth);
    return { method, path, headers: sent, body: text(body), shape: pathShape(method, path, sent) };
  }
  const path = { "openai-chat": "/v1/chat/completions", "openai-responses": "/v1/responses", anthropic: "/v1/messages" }[format];
  return { method, path, headers: headers(auth, format === "anthropic" ? { "anthropic-version": "2023-06-01" } : {}), body: text(body), shape: format === "anthropic" ? "anthropic" : "openai" };
}

/** Admin routes Octopus serves, and those the fuzzer calls only without a token (they would end its session). */
let adminRoutes: { method: string; path: string }[] = [];
const SESSION_ENDING = /\/user\/(logout|change-password)$/;
/** An SSE stream that stays open: asserted on its headers only. */
const LIVE = "/api/v1/log/stream";

/** A path or query value: raw (bad escapes included) or any value, escaped. */
const urlValue = () =>
  rand.chance(0.5) ? rand.pick(["1", "2", "0", "-1", "1e20", "4294967296", "abc", "%ff", "%E0%A4%A", "1.5", ""]) : encodeURIComponent(String(value()).toWellFormed().slice(0, 4000));

/** `mutating`: any route; else only those that read (the relay's fixtures stay as they are). */
function adminProbe(token: string, mutating: boolean): Probe {
  const route = rand.pick(mutating ? adminRoutes : adminRoutes.filter((r) => r.method === "GET"));
  const query = Array.from({ length: 1 + rand.int(3) }, () => `${rand.pick(["page", "page_size", "from", "to", "channel_id", "api_key_id", "status", "model", "x"])}=${urlValue()}`);
  const path = route.path.replace(/:(\w+)/g, urlValue) + (rand.chance(0.4) ? "?" + query.join("&") : "");
  const auth: Record<string, string> = SESSION_ENDING.test(route.path) ? {} : { authorization: `Bearer ${token}` };
  const method = rand.chance(0.05) ? rand.pick(METHODS) : route.method;
  const body = method === "GET" ? undefined : text(mutate(Object.fromEntries(Array.from({ length: rand.int(5) }, () => [rand.pick(FIELDS), value()]))));
  return { method, path, headers: headers(auth), body, shape: "admin" };
}

function shapeOf(shape: Shape, body: any): boolean {
  switch (shape) {
    case "openai":
      return typeof body?.error?.message === "string" && typeof body.error.type === "string";
    case "anthropic":
      return body?.type === "error" && typeof body.error?.message === "string" && typeof body.error.type === "string";
    case "gemini":
      return typeof body?.error?.code === "number" && typeof body.error.message === "string" && typeof body.error.status === "string";
    case "admin":
      return typeof body?.error?.message === "string";
  }
}

/** An error every format's decoder reads. */
const PROVIDER_REFUSAL = { type: "error", error: { type: "invalid_request_error", message: "malformed request", code: 400, status: "INVALID_ARGUMENT" } };

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

let dir: string;
let octopus: OctopusProcess;
const mocks: ReturnType<typeof Bun.serve>[] = [];
let key: string;
let token: string;

beforeAll(async () => {
  // The route table, from the app itself.
  const inProcess = await startTestOctopus();
  adminRoutes = inProcess.octopus.routes.filter((r) => r.path.startsWith("/api/v1/") && r.path !== LIVE).map(({ method, path }) => ({ method, path }));
  await inProcess.close();

  dir = mkdtempSync(join(tmpdir(), "octopus-fuzz-"));
  octopus = await spawnOctopus(dir, { OCTOPUS_DATABASE_PATH: join(dir, "data.db"), OCTOPUS_RELAY_MAX_BODY_SIZE: String(MAX_BODY) });
  ({ token } = await adminCall(octopus.url, "/api/v1/user/login", { username: "admin", password: "admin" }));
  for (const format of FORMATS) {
    const mock = MOCKS[format]({ apiKey: UPSTREAM_KEY });
    // A request the mock cannot read is one the provider refuses: a 400, never the mock's crash.
    const fetch = (request: Request) => mock.fetch(request).catch(() => Response.json(PROVIDER_REFUSAL, { status: 400 }));
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch });
    mocks.push(server);
    const channel = await adminCall(
      octopus.url,
      "/api/v1/channel/create",
      { name: `mock-${format}`, type: format, base_urls: [{ url: `http://127.0.0.1:${server.port}${basePath[format]}` }], keys: [{ key: UPSTREAM_KEY }], models: [UPSTREAM_MODEL[format]] },
      token,
    );
    await adminCall(octopus.url, "/api/v1/group/create", { name: groupFor(format), mode: "failover", items: [{ channel_id: channel.id, model: UPSTREAM_MODEL[format] }] }, token);
  }
  ({ key } = await adminCall(octopus.url, "/api/v1/apikey/create", { name: "fuzz", max_cost: 1000 }, token));
});

afterAll(async () => {
  await octopus?.stop();
  for (const server of mocks) server.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

async function send(probe: Probe): Promise<string | undefined> {
  let response: Response;
  try {
    const body = probe.method === "GET" ? undefined : probe.body;
    response = await fetch(octopus.url + probe.path, { method: probe.method, headers: probe.headers, body });
  } catch (e) {
    return `${probe.method} ${probe.path} ${probe.body?.slice(0, 300)}: ${e}`;
  }
  const label = () => `${probe.method} ${probe.path} [${JSON.stringify(probe.headers)}] ${probe.body?.slice(0, 300)} → ${response.status}`;
  if (probe.path.startsWith(LIVE)) {
    await response.body?.cancel();
    return response.status >= 500 ? label() : undefined;
  }
  const received = await response.text();
  if (response.status >= 500) return `${label()} ${received.slice(0, 300)}`;
  if (response.status < 400) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(received);
  } catch {}
  return shapeOf(probe.shape, parsed) ? undefined : `${label()} not in the ${probe.shape} shape: ${received.slice(0, 300)}`;
}

async function run(count: number, probe: () => Probe, failures: string[]) {
  let made = 0;
  const worker = async () => {
    while (made < count) {
      made++;
      const failure = await send(probe());
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test(`${WARM_UP} + ${RELAY + ADMIN} malformed requests: no 5xx, every error in its route's format, memory back within 20%`, async () => {
  const failures: string[] = [];
  // Admin calls that change things come last, so the relay's channels and groups stay in place.
  const readOnly = () => (rand.chance(0.75) ? relayProbe(key) : adminProbe(token, false));
  // Warm-up: the code paths, caches and pools a first run fills, before memory is measured.
  await run(WARM_UP, readOnly, failures);
  await Bun.sleep(500);
  const start = rss(octopus.pid);
  await run(RELAY, readOnly, failures);
  await run(ADMIN, () => adminProbe(token, true), failures);
  // The heap is given back when the collector next runs while idle (about ten seconds here): a
  // leak never comes back.
  let end = rss(octopus.pid);
  for (const until = Date.now() + 30_000; end >= start * 1.2 && Date.now() < until; end = rss(octopus.pid)) await Bun.sleep(500);
  console.log(`fuzz: ${WARM_UP} + ${RELAY + ADMIN} requests, RSS ${(start / 2 ** 20).toFixed(0)} MiB → ${(end / 2 ** 20).toFixed(0)} MiB`);
  expect({ failures: failures.length, first: failures.slice(0, 10) }).toEqual({ failures: 0, first: [] });
  expect(end).toBeLessThan(start * 1.2);
}, 60_000);
