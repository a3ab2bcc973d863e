/** What a hostile test of the running server found on the relay routes: each answered in the route's own error shape. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { groupFor, startStage, type Stage } from "./harness";

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
