/**
 * Golden fixtures, both directions: wire → IR must equal the IR twin; IR → wire must equal the
 * wire twin, or `<case>.<kind>.encoded.<ext>` where decoding is lossy by design (system blocks
 * joined, cache_control and pings dropped, a no-argument call written as "{}", request_id).
 */
import { afterAll, beforeAll, describe, expect, setSystemTime, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fromSSEText, loadJSON, loadJSONL, toSSEEvents } from "../../../test/golden";
import type { IRStreamEvent } from "../ir";
import { anthropicAdapter as adapter } from "./index";

const dir = join(import.meta.dir, "fixtures");
const path = (name: string) => join(dir, name);
const wireTwin = (name: string, kind: string, ext: string) =>
  existsSync(path(`${name}.${kind}.encoded.${ext}`)) ? path(`${name}.${kind}.encoded.${ext}`) : path(`${name}.${kind}.${ext}`);

const CASES = {
  request: ["text", "multiturn", "tool-call", "tool-result", "thinking"],
  response: ["text", "tool-call", "tool-result", "thinking", "cache"],
  stream: ["text", "tool-call", "thinking", "cache", "overloaded"],
  error: ["overloaded", "rate-limit"],
};

/** The time fixtures were "read" at: decoders stamp `created` with it. */
const FIXTURE_TIME = new Date(1735689600 * 1000);
beforeAll(() => setSystemTime(FIXTURE_TIME));
afterAll(() => setSystemTime());

test("every fixture file belongs to a listed case", () => {
  const listed = new Set(Object.entries(CASES).flatMap(([kind, names]) => names.map((n) => `${n}.${kind}`)));
  const files = readdirSync(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(listed).toContain(file.split(".").slice(0, 2).join("."));
});

describe("request fixtures", () => {
  for (const name of CASES.request) {
    test(`${name}: decode`, () => {
      expect(adapter.decodeRequest(loadJSON(path(`${name}.request.json`)))).toEqual(loadJSON(path(`${name}.request.ir.json`)));
    });
    test(`${name}: encode`, () => {
      expect(adapter.encodeRequest(loadJSON(path(`${name}.request.ir.json`)))).toEqual(loadJSON(wireTwin(name, "request", "json")));
    });
  }
});

describe("response fixtures", () => {
  for (const name of CASES.response) {
    test(`${name}: decode`, () => {
      expect(adapter.decodeResponse(loadJSON(path(`${name}.response.json`)))).toEqual(loadJSON(path(`${name}.response.ir.json`)));
    });
    test(`${name}: encode`, () => {
      expect(adapter.encodeResponse(loadJSON(path(`${name}.response.ir.json`)))).toEqual(loadJSON(wireTwin(name, "response", "json")));
    });
  }
});

describe("stream fixtures", () => {
  for (const name of CASES.stream) {
    test(`${name}: decode`, () => {
      const decoder = adapter.streamDecoder();
      const events = toSSEEvents(loadJSONL(path(`${name}.stream.jsonl`))).flatMap((e) => decoder.push(e));
      expect([...events, ...decoder.end()]).toEqual(loadJSONL(path(`${name}.stream.ir.jsonl`)));
    });
    test(`${name}: encode`, () => {
      const encoder = adapter.streamEncoder();
      const text = loadJSONL(path(`${name}.stream.ir.jsonl`))
        .map((e: IRStreamEvent) => encoder.push(e))
        .join("");
      expect(fromSSEText(text)).toEqual(loadJSONL(wireTwin(name, "stream", "jsonl")));
    });
  }
});

describe("error fixtures", () => {
  for (const name of CASES.error) {
    test(`${name}: decode`, () => {
      const wire = loadJSON(path(`${name}.error.json`));
      expect(adapter.decodeError(wire.status, JSON.stringify(wire.body))).toEqual(loadJSON(path(`${name}.error.ir.json`)));
    });
    test(`${name}: encode`, () => {
      expect(adapter.encodeError(loadJSON(path(`${name}.error.ir.json`)))).toEqual(loadJSON(wireTwin(name, "error", "json")));
    });
  }
});
