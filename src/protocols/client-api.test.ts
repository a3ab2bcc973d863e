/** The routes the adapters declare fit together: the relay registers them without naming a format. */
import { expect, test } from "bun:test";
import { ADAPTERS } from ".";
import { FORMATS } from "./ir";

const adapters = FORMATS.map((format) => ADAPTERS[format]);

test("one format answers the unrouted paths no format owns, and each model list path has at most one default", () => {
  expect(adapters.filter((a) => a.client.ownsOtherPaths).map((a) => a.format)).toEqual(["openai-chat"]);
  const defaults = new Map<string, string[]>();
  for (const a of adapters)
    for (const list of a.client.modelLists) if (!list.recognises) defaults.set(list.path, [...(defaults.get(list.path) ?? []), a.format]);
  expect(Object.fromEntries(defaults)).toEqual({ "/v1/models": ["openai-chat"], "/v1beta/models": ["gemini"] });
});

test("no two formats declare one route, and every side call a route serves is answered by some upstream format", () => {
  const paths = adapters.flatMap((a) => a.client.routes.map((r) => r.path));
  expect(new Set(paths).size).toBe(paths.length);
  for (const route of adapters.flatMap((a) => a.client.routes))
    if (route.side) expect(adapters.some((a) => a.upstreamSideCalls.includes(route.side!))).toBe(true);
});

test("Gemini reads the model and the stream flag from models/{model}:{action}, and names an unknown action", () => {
  const fromPath = ADAPTERS.gemini.client.routes[0].fromPath!;
  expect(fromPath({ target: "gemini-2.5-pro:streamGenerateContent" })).toEqual({ model: "gemini-2.5-pro", stream: true });
  expect(fromPath({ target: "a:b:generateContent" })).toEqual({ model: "a:b", stream: false });
  expect(fromPath({ target: "gemini-2.5-pro:countTokens" })).toMatchObject({ kind: "not_found", status: 404 });
  expect(fromPath({ target: ":generateContent" })).toMatchObject({ kind: "not_found" });
});
