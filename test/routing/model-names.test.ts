/**
 * Model patterns and aliases on groups, end to end: a dated Claude Code model reaches the group
 * with pattern `claude-haiku-*`, ambiguous patterns are refused on save, and `/v1/models` lists
 * groups and aliases with the paging each API documents, read through the official SDKs.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FORMATS } from "../../src/protocols/ir";
import { groupFor, startStage, UPSTREAM_MODEL, type Stage } from "../relay/harness";

let stage: Stage;
let haikuId: number;
beforeAll(async () => {
  stage = await startStage();
  const made = await stage.octopus.api("POST", "/api/v1/group/create", {
    token: stage.token,
    body: { name: "haiku", mode: "round_robin", aliases: ["claude-haiku-*", "fast"], items: [{ channel_id: stage.channelIds.anthropic, model: UPSTREAM_MODEL.anthropic }] },
  });
  expect(made.status).toBe(200);
  haikuId = made.body.id;
});
afterAll(() => stage.close());

const anthropic = (key = stage.key) => new Anthropic({ baseURL: stage.octopus.url, apiKey: key, maxRetries: 0 });

test("claude-haiku-4-5-20251001 reaches the group with pattern claude-haiku-*; a key allowed that group may use it", async () => {
  const before = stage.mocks.anthropic.calls.length;
  const reply = await anthropic().messages.create({ model: "claude-haiku-4-5-20251001", max_tokens: 64, messages: [{ role: "user", content: "hi" }] });
  expect(reply.type).toBe("message");
  expect(stage.mocks.anthropic.calls.length).toBe(before + 1);
  expect(stage.mocks.anthropic.calls.at(-1)!.body.model).toBe(UPSTREAM_MODEL.anthropic);
  expect(stage.outcomes.at(-1)).toMatchObject({ model: "claude-haiku-4-5-20251001", channelId: stage.channelIds.anthropic, status: 200 });

  const allowed = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "haiku-only", supported_models: ["haiku"] } })).body.key;
  expect((await anthropic(allowed).messages.create({ model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: "hi" }] })).type).toBe("message");
  const other = (await stage.octopus.api("POST", "/api/v1/apikey/create", { token: stage.token, body: { name: "not-haiku", supported_models: [groupFor("gemini")] } })).body.key;
  const refused = await anthropic(other).messages.create({ model: "fast", max_tokens: 64, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
  expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
  // No group, alias or pattern: not found, in Anthropic's shape.
  expect(await anthropic().messages.create({ model: "claude-opus-4-1", max_tokens: 64, messages: [{ role: "user", content: "hi" }] }).catch((e) => e)).toBeInstanceOf(Anthropic.NotFoundError);
});

test("ambiguous patterns and an alias another group holds are refused when saved", async () => {
  const save = (body: object) => stage.octopus.api("POST", "/api/v1/group/create", { token: stage.token, body: { mode: "round_robin", items: [], ...body } });
  // 10 fixed characters: it overlaps claude-haiku-* (13), which is more specific, so it is fine.
  const narrower = await save({ name: "haiku-too", aliases: ["*-haiku-4-5"] });
  expect(narrower.status).toBe(200);
  // Also 10 fixed characters, and claude-haiku-4-5 matches both: refused.
  const clash = await save({ name: "clash", aliases: ["claude-*4-5"] });
  expect(clash.status).toBe(400);
  expect(clash.body.error.message).toBe(
    'aliases: patterns "*-haiku-4-5" (group "haiku-too") and "claude-*4-5" (group "clash") are ambiguous: some model name matches both and neither is more specific',
  );
  const taken = await save({ name: "taken", aliases: ["fast"] });
  expect(taken.status).toBe(400);
  expect(taken.body.error.message).toBe('aliases: alias "fast" of group "taken" is an alias of group "haiku"');
  const update = await stage.octopus.api("POST", "/api/v1/group/update", { token: stage.token, body: { id: haikuId, aliases: ["claude-haiku-*", groupFor("gemini")] } });
  expect(update.status).toBe(400);
  await stage.octopus.api("DELETE", `/api/v1/group/delete/${narrower.body.id}`, { token: stage.token });
});

describe("/v1/models lists groups and exact aliases with each API's paging", () => {
  const ALL = [...FORMATS.map(groupFor), "haiku", "fast"].sort();

  test("OpenAI: one list of everything, patterns left out", async () => {
    const ids: string[] = [];
    for await (const model of new OpenAI({ baseURL: `${stage.octopus.url}/v1`, apiKey: stage.key }).models.list()) ids.push(model.id);
    expect(ids).toEqual(ALL);
  });

  test("Anthropic: limit, after_id and before_id; the SDK's auto-paging walks every page", async () => {
    const client = anthropic();
    const first = await client.models.list({ limit: 2 });
    expect(first.data.map((m) => m.id)).toEqual(ALL.slice(0, 2));
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) all.push(model.id);
    expect(all).toEqual(ALL);
    const after = await client.models.list({ limit: 3, after_id: ALL[1] });
    expect(after.data.map((m) => m.id)).toEqual(ALL.slice(2, 5));
    const before = await client.models.list({ limit: 2, before_id: ALL[4] });
    expect(before.data.map((m) => m.id)).toEqual(ALL.slice(2, 4));
    expect(before).toMatchObject({ has_more: true, first_id: ALL[2], last_id: ALL[3] });
    const last = await client.models.list({ limit: 1000, after_id: ALL[4] });
    expect(last).toMatchObject({ has_more: false, last_id: ALL.at(-1) });
    expect(await client.models.list({ limit: 0 }).catch((e) => e)).toBeInstanceOf(Anthropic.BadRequestError);
  });

  test("Gemini: pageSize and pageToken; the SDK's pager walks every page", async () => {
    const gemini = new GoogleGenAI({ apiKey: stage.key, httpOptions: { baseUrl: stage.octopus.url } });
    const names: string[] = [];
    const pager = await gemini.models.list({ config: { pageSize: 2 } });
    expect(pager.page.length).toBe(2);
    for await (const model of pager) names.push(model.name ?? "");
    expect(names).toEqual(ALL.map((id) => `models/${id}`));
    const raw = await fetch(`${stage.octopus.url}/v1beta/models?pageSize=4`, { headers: { "x-goog-api-key": stage.key } }).then((r) => r.json());
    expect(raw.models).toHaveLength(4);
    const rest = await fetch(`${stage.octopus.url}/v1beta/models?pageSize=4&pageToken=${raw.nextPageToken}`, { headers: { "x-goog-api-key": stage.key } }).then((r) => r.json());
    expect([...raw.models, ...rest.models].map((m: any) => m.name)).toEqual(ALL.map((id) => `models/${id}`));
    expect(rest.nextPageToken).toBeUndefined();
    const bad = await fetch(`${stage.octopus.url}/v1beta/models?pageToken=nonsense`, { headers: { "x-goog-api-key": stage.key } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.status).toBe("INVALID_ARGUMENT");
  });
});
