/** What a hostile test of the running server found on the relay routes: each answered in the route's own error shape. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADAPTERS } from "../../src/protocols";
import { FORMATS, type Format } from "../../src/protocols/ir";
import { groupFor, minimalRequest, post, startStage, type Stage } from "./harness";

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
});
afterAll(() => stage.close());

const OPENAI = (body: any) => [typeof body.error?.message, typeof body.error?.type];
const ANTHROPIC = (body: any) => [body.type, typeof body.error?.message, typeof body.error?.type];
const GEMINI = (body: any) => [typeof body.error?.code, typeof body.error?.message, typeof body.error?.status];
const SHAPES = { openai: ["string", "string"], anthropic: ["error", "string", "string"], gemini: ["number", "string", "string"] };
const shapeOf = { openai: OPENAI, anthropic: ANTHROPIC, gemini: GEMINI };
const FORMAT_SHAPE: Record<Format, keyof typeof SHAPES> = { "openai-chat": "openai", "openai-responses": "openai", anthropic: "anthropic", gemini: "gemini" };

const call = (method: string, path: string, body?: string) =>
  fetch(stage.octopus.url + path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stage.key}` },
    body,
  });

async function expectShape(response: Response, status: number, shape: keyof typeof SHAPES, mentions: string) {
  const body = await response.json();
  expect({ status: response.status, shape: shapeOf[shape](body) }).toEqual({ status, shape: SHAPES[shape] });
  expect(body.error.message).toContain(mentions);
}

describe("a body nested 100,000 deep", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const model = groupFor("anthropic");
  const routes = [
    ["/v1/chat/completions", `{"model":"${model}","messages":${deep}}`, "openai"],
    ["/v1/responses", `{"model":"${model}","input":${deep}}`, "openai"],
    ["/v1/messages", `{"model":"${model}","max_tokens":1000000000,"messages":[],"x":${deep}}`, "anthropic"],
    [`/v1beta/models/${model}:generateContent`, `{"contents":${deep}}`, "gemini"],
    ["/v1/embeddings", `{"model":"${groupFor("openai-chat")}","input":${deep}}`, "openai"],
    ["/v1/messages/count_tokens", `{"model":"${model}","messages":${deep}}`, "anthropic"],
  ] as const;
  for (const [path, body, shape] of routes)
    test(`${path} → 400 in the client's format`, async () => {
      await expectShape(await call("POST", path, body), 400, shape, "deeper than 256 levels");
    });

  test("256 levels still pass", async () => {
    const nested = "[".repeat(250) + "1" + "]".repeat(250);
    const response = await call("POST", "/v1/chat/completions", `{"model":"${groupFor("openai-chat")}","messages":[{"role":"user","content":"hi"}],"metadata":{"x":${nested}}}`);
    expect(response.status).toBe(200);
  });
});

describe("paths and methods no route serves answer in that path's format", () => {
  const cases = [
    ["GET", "/v1/chat/completions", "openai"],
    ["PUT", "/v1/responses", "openai"],
    ["DELETE", "/v1/messages", "anthropic"],
    ["GET", "/v1/messages/count_tokens", "anthropic"],
    ["GET", "/v1beta/models/gemini-x:generateContent", "gemini"],
    ["POST", "/v1/completions", "openai"],
    ["POST", "/v1beta/files", "gemini"],
  ] as const;
  for (const [method, path, shape] of cases)
    test(`${method} ${path} → 404`, async () => {
      await expectShape(await call(method, path), 404, shape, `Invalid URL (${method} ${path})`);
    });
});

describe("every route a format's adapter declares is served, in that format's error shape", () => {
  for (const format of FORMATS)
    for (const { path } of ADAPTERS[format].client.routes) {
      const url = path.replace(":target", "gemini-x:generateContent");
      test(`POST ${url} with broken JSON → 400`, async () => {
        await expectShape(await call("POST", url, "{"), 400, FORMAT_SHAPE[format], "not valid JSON");
      });
    }
});

describe("bad tool schemas and broken JSON, every client × channel pair", () => {
  const nested = (levels: number) => {
    let schema: object = { type: "string" };
    for (let i = 0; i < levels; i++) schema = { type: "object", properties: { a: schema } };
    return schema;
  };
  const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p${i}`, { type: "string", description: "d".repeat(50) }]));
  const SCHEMAS = ["string", null, 42, [], { type: "object", properties: "x" }, { type: ["string", "null"] }, { type: "object", properties: { a: { type: "bogus" } } }, nested(120), { $ref: "#/defs/x" }, { type: "object", properties: many }];
  const withTool = (format: Format, body: object, schema: unknown, name: unknown = "lookup") =>
    format === "openai-chat"
      ? { ...body, tools: [{ type: "function", function: { name, parameters: schema } }] }
      : format === "openai-responses"
        ? { ...body, tools: [{ type: "function", name, parameters: schema }] }
        : format === "anthropic"
          ? { ...body, tools: [{ name, input_schema: schema }] }
          : { ...body, tools: [{ functionDeclarations: [{ name, parameters: schema }] }] };

  for (const client of FORMATS)
    test(`${client} client: answered below 500, errors in its format`, async () => {
      for (const channel of FORMATS)
        for (const stream of [false, true]) {
          const valid = minimalRequest(client, groupFor(channel), stream);
          const text = JSON.stringify(valid);
          const bodies = [
            ...SCHEMAS.map((schema) => withTool(client, valid, schema)),
            withTool(client, valid, { type: "object" }, 5),
            withTool(client, valid, { type: "object" }, ""),
            "{",
            text.slice(0, -1) + ",}",
            text + "garbage",
            text.replace('"Say hello"', '"\\ud800"'),
            "\ufeff" + text,
          ];
          for (const body of bodies) {
            const response = await post(stage, client, groupFor(channel), stream, body);
            const received = await response.text();
            const label = `${channel}${stream ? " stream" : ""}: ${JSON.stringify(body).slice(0, 120)}`;
            expect({ label, serverError: response.status >= 500 }).toEqual({ label, serverError: false });
            if (response.status >= 400) expect(shapeOf[FORMAT_SHAPE[client]](JSON.parse(received))).toEqual(SHAPES[FORMAT_SHAPE[client]]);
          }
        }
    });
});
