import { describe, expect, test } from "bun:test";
import { freeformArguments, freeformInput, FreeformStream } from "./freeform";

const INPUT = '*** Begin Patch\n+say "hi"\t\\ to café 👋\u0001\n*** End Patch\n';

describe("FreeformStream", () => {
  test("the text comes out whole wherever the arguments are cut, escapes included", () => {
    const json = freeformArguments(INPUT).replace("é", "\\u00e9");
    for (let cut = 0; cut <= json.length; cut++) {
      const stream = new FreeformStream();
      const pieces = [stream.push(json.slice(0, cut)), stream.push(json.slice(cut))];
      expect(pieces.join("")).toBe(INPUT);
      expect(stream.text).toBe(INPUT);
    }
  });

  test("gives nothing for arguments of another shape, or after text that is not valid JSON", () => {
    const other = new FreeformStream();
    expect(other.push('{"path":"a",')).toBe("");
    expect(other.push('"input":"x"}')).toBe("");
    const raw = new FreeformStream();
    expect(raw.push('{"input":"ok')).toBe("ok");
    expect(raw.push("\nraw newline")).toBe("");
    expect(raw.push(' more"}')).toBe("");
    expect(raw.text).toBe("ok");
  });
});

test("freeformInput: the input text, or the arguments as they are when they hold none", () => {
  expect(freeformInput(freeformArguments(INPUT))).toBe(INPUT);
  expect(freeformInput('{"patch":"x"}')).toBe('{"patch":"x"}');
  expect(freeformInput('{"input":"cut off')).toBe('{"input":"cut off');
});
