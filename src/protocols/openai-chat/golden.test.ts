/** Every wire fixture decodes to its IR twin and every IR fixture encodes to its wire twin. */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fromSSEText, loadJSON, loadJSONL, toSSEEvents } from "../../../test/golden";
import type { IRStreamEvent } from "../ir";
import { openaiChatAdapter as chat } from "./index";

const dir = join(import.meta.dir, "fixtures");
const cases = (suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length));

const at = (name: string) => join(dir, name);

describe("requests", () => {
  test.each(cases(".request.json"))("%s", (name) => {
    const wire = loadJSON(at(`${name}.request.json`));
    const ir = loadJSON(at(`${name}.request.ir.json`));
    expect(chat.decodeRequest(wire)).toEqual(ir);
    expect(chat.encodeRequest(ir)).toEqual(wire);
  });
});

describe("responses", () => {
  test.each(cases(".response.json"))("%s", (name) => {
    const wire = loadJSON(at(`${name}.response.json`));
    const ir = loadJSON(at(`${name}.response.ir.json`));
    expect(chat.decodeResponse(wire)).toEqual(ir);
    expect(chat.encodeResponse(ir)).toEqual(wire);
  });
});

describe("streams", () => {
  test.each(cases(".stream.jsonl"))("%s", (name) => {
    const wire = loadJSONL(at(`${name}.stream.jsonl`));
    const ir: IRStreamEvent[] = loadJSONL(at(`${name}.stream.ir.jsonl`));

    const decoder = chat.streamDecoder();
    expect([...toSSEEvents(wire).flatMap((e) => decoder.push(e)), ...decoder.end()]).toEqual(ir);

    const encoder = chat.streamEncoder();
    expect(fromSSEText(ir.map((e) => encoder.push(e)).join(""))).toEqual(wire);
  });
});

describe("errors", () => {
  test.each(cases(".error.json"))("%s", (name) => {
    const wire = loadJSON(at(`${name}.error.json`));
    const ir = loadJSON(at(`${name}.error.ir.json`));
    expect(chat.decodeError(wire.status, JSON.stringify(wire.body))).toEqual(ir);
    expect(chat.encodeError(ir)).toEqual(wire);
  });
});

test("every fixture kind is present", () => {
  for (const suffix of [".request.json", ".response.json", ".stream.jsonl", ".error.json"])
    expect(cases(suffix).length).toBeGreaterThan(0);
});
