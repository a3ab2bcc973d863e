import { describe, expect, test } from "bun:test";
import { jsonString, jsonStringBetween } from "./json";

describe("jsonString", () => {
  test("writes every UTF-16 code unit, alone and amid text, as JSON.stringify does", () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      expect(jsonString(c)).toBe(JSON.stringify(c));
      expect(jsonString(`a${c}b`)).toBe(JSON.stringify(`a${c}b`));
    }
  });

  test("surrogate pairs, lone surrogates and escapes in longer text", () => {
    for (const text of ["", " word", "🐙 pair", "\ud83d lone high", "lone low \udc19", 'quote " back \\ slash', "line\nbreak\r\ttab", "\u2028\u2029", "日本語", "</script>"])
      expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});

describe("jsonStringBetween", () => {
  test("is the text written as JSON between two parts that hold its quotes, escaped or not", () => {
    for (const text of ["", " word", "🐙 pair", "\ud83d lone high", 'quote " back \\ slash', "line\nbreak\r\ttab", "日本語"])
      expect(jsonStringBetween('{"text":"', text, '"}')).toBe(`{"text":${JSON.stringify(text)}}`);
  });
});
