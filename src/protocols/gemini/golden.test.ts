/** Every wire fixture decodes to its IR twin, and every IR fixture encodes to its wire twin. */
import { afterAll, beforeAll, describe, expect, setSystemTime, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fromSSEText, loadJSON, loadJSONL, toSSEEvents } from "../../../test/golden";
import type { IRStreamEvent } from "../ir";
import { geminiAdapter } from "./index";

const dir = join(import.meta.dir, "fixtures");
/** Case names of wire fixtures (IR twins end in `.ir.json`/`.ir.jsonl`, so they do not match). */
const cases = (suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length));
const file = (name: string) => join(dir, name);

// Gemini responses carry no timestamp: decoders stamp "now", pinned here to the fixtures' value.
const CREATED = 1767225600;
beforeAll(() => setSystemTime(new Date(CREATED * 1000)));
afterAll(() => setSystemTime());

describe("gemini request fixtures", () => {
  test.each(cases(".request.json"))("%s", (name) => {
    const wire = loadJSON(file(`${name}.request.json`));
    const ir = loadJSON(file(`${name}.request.ir.json`));
    expect(geminiAdapter.decodeRequest(wire, { model: ir.model, stream: ir.stream })).toEqual(ir);
    expect(geminiAdapter.encodeRequest(ir)).toEqual(wire);
  });
});

describe("gemini response fixtures", () => {
  test.each(cases(".response.json"))("%s", (name) => {
    const wire = loadJSON(file(`${name}.response.json`));
    const ir = loadJSON(file(`${name}.response.ir.json`));
    expect(geminiAdapter.decodeResponse(wire)).toEqual(ir);
    expect(geminiAdapter.encodeResponse(ir)).toEqual(wire);
  });
});

describe("gemini stream fixtures", () => {
  test.each(cases(".stream.jsonl"))("%s", (name) => {
    const wire = loadJSONL(file(`${name}.stream.jsonl`));
    const ir: IRStreamEvent[] = loadJSONL(file(`${name}.stream.ir.jsonl`));
    const decoder = geminiAdapter.streamDecoder();
    const decoded = [...toSSEEvents(wire).flatMap((e) => decoder.push(e)), ...decoder.end()];
    expect(decoded).toEqual(ir);
    const encoder = geminiAdapter.streamEncoder();
    expect(fromSSEText(ir.map((e) => encoder.push(e)).join(""))).toEqual(wire);
  });
});

describe("gemini error fixtures", () => {
  test.each(cases(".error.json"))("%s", (name) => {
    const wire = loadJSON(file(`${name}.error.json`));
    const ir = loadJSON(file(`${name}.error.ir.json`));
    expect(geminiAdapter.decodeError(wire.status, JSON.stringify(wire.body))).toEqual(ir);
    expect(geminiAdapter.encodeError(ir)).toEqual(wire);
  });
});

test("every fixture family is present", () => {
  expect(cases(".request.json").length).toBeGreaterThanOrEqual(5);
  expect(cases(".response.json").length).toBeGreaterThanOrEqual(5);
  expect(cases(".stream.jsonl").length).toBeGreaterThanOrEqual(4);
  expect(cases(".error.json").length).toBeGreaterThanOrEqual(2);
});
