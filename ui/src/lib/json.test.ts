import { expect, test } from "bun:test";
import { prettyJson } from "./json";

test("JSON is pretty-printed, anything else is shown as it is", () => {
  expect(prettyJson('{"a":[1,{"b":null}]}')).toEqual({ text: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}', json: true });
  expect(prettyJson("data: {\"x\":1}\n\ndata: [DONE]")).toEqual({ text: "data: {\"x\":1}\n\ndata: [DONE]", json: false });
  // A truncated capture is not JSON any more.
  expect(prettyJson('{"a":1').json).toBe(false);
});
