/** Golden fixtures: every wire file decodes to its IR twin, and every IR twin encodes to the wire file. */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fromSSEText, loadJSON, loadJSONL, toSSEEvents } from "../../../test/golden";
import type { IRStreamEvent } from "../ir";
import { openaiResponsesAdapter as adapter } from "./index";

const dir = join(import.meta.dir, "fixtures");
const file = (name: string) => join(dir, name);
/** Case names by wire suffix (IR twins end in `.ir.json`/`.ir.jsonl`, so they never match). */
const cases = (suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length));

test("fixtures cover every kind and each has its IR twin", () => {
  expect(cases(".request.json").length).toBeGreaterThanOrEqual(5);
  expect(cases(".response.json").length).toBeGreaterThanOrEqual(5);
  expect(cases(".stream.jsonl").length).toBeGreaterThanOrEqual(4);
  expect(cases(".error.json").length).toBeGreaterThanOrEqual(1);
  for (const [suffix, twin] of [
    [".request.json", ".request.ir.json"],
    [".response.json", ".response.ir.json"],
    [".stream.jsonl", ".stream.ir.jsonl"],
    [".error.json", ".error.ir.json"],
  ])
    for (const name of cases(suffix)) expect(existsSync(file(name + twin))).toBe(true);
});

describe("request fixtures", () => {
  for (const name of cases(".request.json")) {
    test(`${name}: wire → IR`, () => {
      expect(adapter.decodeRequest(loadJSON(file(`${name}.request.json`)))).toEqual(loadJSON(file(`${name}.request.ir.json`)));
    });
    test(`${name}: IR → wire`, () => {
      expect(adapter.encodeRequest(loadJSON(file(`${name}.request.ir.json`)))).toEqual(loadJSON(file(`${name}.request.json`)));
    });
  }
});

describe("response fixtures", () => {
  for (const name of cases(".response.json")) {
    test(`${name}: wire → IR`, () => {
      expect(adapter.decodeResponse(loadJSON(file(`${name}.response.json`)))).toEqual(loadJSON(file(`${name}.response.ir.json`)));
    });
    test(`${name}: IR → wire`, () => {
      expect(adapter.encodeResponse(loadJSON(file(`${name}.response.ir.json`)))).toEqual(loadJSON(file(`${name}.response.json`)));
    });
  }
});

describe("stream fixtures", () => {
  for (const name of cases(".stream.jsonl")) {
    test(`${name}: wire → IR`, () => {
      const decoder = adapter.streamDecoder();
      const events = toSSEEvents(loadJSONL(file(`${name}.stream.jsonl`))).flatMap((e) => decoder.push(e));
      expect([...events, ...decoder.end()]).toEqual(loadJSONL(file(`${name}.stream.ir.jsonl`)));
    });
    test(`${name}: IR → wire`, () => {
      const encoder = adapter.streamEncoder();
      const text = (loadJSONL(file(`${name}.stream.ir.jsonl`)) as IRStreamEvent[]).map((e) => encoder.push(e)).join("");
      expect(fromSSEText(text)).toEqual(loadJSONL(file(`${name}.stream.jsonl`)));
    });
  }
});

describe("error fixtures", () => {
  for (const name of cases(".error.json")) {
    const wire = loadJSON(file(`${name}.error.json`));
    test(`${name}: wire → IR`, () => {
      expect(adapter.decodeError(wire.status, JSON.stringify(wire.body))).toEqual(loadJSON(file(`${name}.error.ir.json`)));
    });
    test(`${name}: IR → wire`, () => {
      expect(adapter.encodeError(loadJSON(file(`${name}.error.ir.json`)))).toEqual(wire);
    });
  }
});
