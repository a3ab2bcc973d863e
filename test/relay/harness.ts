/**
 * Octopus in front of four mock upstreams, one per channel format, with one group per channel
 * (`via-<format>`) and one client API key: the stage for the relay's end-to-end suites.
 */
import { createAnthropicMock } from "../mocks/anthropic";
import { createGeminiMock } from "../mocks/gemini";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { createOpenaiResponsesMock } from "../mocks/openai-responses";
import type { MockUpstream } from "../mocks/scenario";
import { startTestOctopus, type TestOctopus } from "../octopus";
import type { RelayOutcome } from "../../src/relay/context";
import type { Clock } from "../../src/clock";
import type { DatabaseConfig } from "../../src/db/connection";
import { FORMATS, type Format } from "../../src/protocols/ir";

export const UPSTREAM_KEY = "sk-upstream-mock-key-0123456789";

export const MOCKS: Record<Format, (opts: { apiKey: string }) => MockUpstream> = {
  "openai-chat": createOpenaiChatMock,
  "openai-responses": createOpenaiResponsesMock,
  anthropic: createAnthropicMock,
  gemini: createGeminiMock,
};

/** The base URL a user enters for each channel type, as the README's table says. */
export const basePath: Record<Format, string> = { "openai-chat": "/v1", "openai-responses": "/v1", anthropic: "/v1", gemini: "/v1beta" };

/** The upstream model name each channel is configured with. */
export const UPSTREAM_MODEL: Record<Format, string> = {
  "openai-chat": "gpt-4o-mini",
  "openai-responses": "gpt-5-mini",
  anthropic: "claude-sonnet-4-5",
  gemini: "gemini-2.5-flash",
};

export interface Stage {
  octopus: TestOctopus;
  key: string;
  token: string;
  mocks: Record<Format, MockUpstream>;
  servers: ReturnType<typeof Bun.serve>[];
  channelIds: Record<Format, number>;
  /** The base URL a channel of each format enters to reach its mock. */
  baseUrls: Record<Format, string>;
  outcomes: RelayOutcome[];
  /** Drops every mock's unused faults; each suite runs it after each test. */
  clearFaults(): void;
  close(): Promise<void>;
}

export const groupFor = (format: Format) => `via-${format}`;

/** `clock`: the relay's time, when a suite runs it faster (test/clock.ts). */
export async function startStage(env: Record<string, string> = {}, database?: DatabaseConfig, clock?: Clock): Promise<Stage> {
  const octopus = await startTestOctopus({ env, database, clock });
  const token = await octopus.login();
  const mocks = {} as Record<Format, MockUpstream>;
  const servers: ReturnType<typeof Bun.serve>[] = [];
  const channelIds = {} as Record<Format, number>;
  const baseUrls = {} as Record<Format, string>;
  for (const format of FORMATS) {
    const mock = MOCKS[format]({ apiKey: UPSTREAM_KEY });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: mock.fetch });
    mocks[format] = mock;
    servers.push(server);
    baseUrls[format] = `http://127.0.0.1:${server.port}${basePath[format]}`;
    const channel = await octopus.api("POST", "/api/v1/channel/create", {
      token,
      body: {
        name: `mock-${format}`,
        type: format,
        base_urls: [{ url: baseUrls[format] }],
        keys: [{ key: UPSTREAM_KEY, remark: "mock" }],
        models: [UPSTREAM_MODEL[format]],
      },
    });
    if (channel.status !== 200) throw new Error(`channel: ${JSON.stringify(channel.body)}`);
    channelIds[format] = channel.body.id;
    const group = await octopus.api("POST", "/api/v1/group/create", {
      token,
      body: { name: groupFor(format), mode: "failover", items: [{ channel_id: channel.body.id, model: UPSTREAM_MODEL[format] }] },
    });
    if (group.status !== 200) throw new Error(`group: ${JSON.stringify(group.body)}`);
  }
  const key = (await octopus.api("POST", "/api/v1/apikey/create", { token, body: { name: "e2e" } })).body.key;
  const outcomes: RelayOutcome[] = [];
  const record = octopus.octopus.relay.onOutcome;
  octopus.octopus.relay.onOutcome = (outcome, bodies) => {
    outcomes.push(outcome);
    record?.(outcome, bodies);
  };
  return {
    octopus,
    key,
    token,
    mocks,
    servers,
    channelIds,
    baseUrls,
    outcomes,
    clearFaults() {
      for (const mock of Object.values(mocks)) mock.clearFaults();
    },
    async close() {
      await octopus.close();
      for (const s of servers) s.stop(true);
    },
  };
}

/** A hand-written upstream behind its own channel and group, for faults the mocks do not script. */
export async function addRawUpstream(
  stage: Stage,
  name: string,
  type: Format,
  fetch: (request: Request) => Response | Promise<Response>,
  channel: Record<string, unknown> = {},
  group: Record<string, unknown> = {},
) {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch, idleTimeout: 0 });
  stage.servers.push(server);
  const created = await stage.octopus.api("POST", "/api/v1/channel/create", {
    token: stage.token,
    body: { name, type, base_urls: [{ url: `http://127.0.0.1:${server.port}${basePath[type]}` }], keys: [{ key: UPSTREAM_KEY }], models: ["up"], ...channel },
  });
  if (created.status !== 200) throw new Error(`channel: ${JSON.stringify(created.body)}`);
  const made = await stage.octopus.api("POST", "/api/v1/group/create", {
    token: stage.token,
    body: { name, mode: "failover", items: [{ channel_id: created.body.id, model: "up" }], ...group },
  });
  if (made.status !== 200) throw new Error(`group: ${JSON.stringify(made.body)}`);
  return server;
}

/** A hand-written upstream's OpenAI chat completion answering `content`, with the usage given. */
export const chatCompletion = (usage: Record<string, unknown>, content = "ok") =>
  Response.json({
    id: "chatcmpl-raw",
    object: "chat.completion",
    created: 1,
    model: "up",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage,
  });

/** Client-side helpers: a raw JSON POST with the stage's key, as each SDK would authenticate. */
export const CLIENT_PATH: Record<Format, (model: string, stream: boolean) => string> = {
  "openai-chat": () => "/v1/chat/completions",
  "openai-responses": () => "/v1/responses",
  anthropic: () => "/v1/messages",
  gemini: (model, stream) => `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
};

/** The smallest valid request of each client format. */
export function minimalRequest(format: Format, model: string, stream: boolean): Record<string, unknown> {
  const text = "Say hello";
  switch (format) {
    case "openai-chat":
      return { model, stream, messages: [{ role: "user", content: text }] };
    case "openai-responses":
      return { model, stream, input: text };
    case "anthropic":
      return { model, stream, max_tokens: 64, messages: [{ role: "user", content: text }] };
    case "gemini":
      return { contents: [{ role: "user", parts: [{ text }] }] };
  }
}

export function post(stage: Stage, format: Format, model: string, stream: boolean, body: unknown, headers: Record<string, string> = {}) {
  return fetch(stage.octopus.url + CLIENT_PATH[format](model, stream), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${stage.key}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
