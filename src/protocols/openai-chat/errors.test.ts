import { expect, test } from "bun:test";
import { KIND_STATUS, type IRErrorKind } from "../ir";
import { openaiChatAdapter as chat } from "./index";

test.each(Object.keys(KIND_STATUS) as IRErrorKind[])("%s survives encodeError then decodeError", (kind) => {
  const ir = { status: KIND_STATUS[kind], kind, message: `a ${kind} error` };
  const { status, body } = chat.encodeError(ir);
  expect(status).toBe(ir.status);
  expect(chat.decodeError(status, JSON.stringify(body))).toEqual(ir);
});

test("a body that is not JSON keeps its text as the message", () => {
  expect(chat.decodeError(502, "<html>Bad Gateway</html>\n")).toEqual({ status: 502, kind: "server_error", message: "<html>Bad Gateway</html>" });
  expect(chat.decodeError(504, "")).toEqual({ status: 504, kind: "timeout", message: "upstream answered HTTP 504" });
});

test("529 and 503 read as overloaded; a bare string error is its message", () => {
  expect(chat.decodeError(529, '{"error":"busy"}')).toEqual({ status: 529, kind: "overloaded", message: "busy" });
  expect(chat.decodeError(503, '{"message":"down"}')).toEqual({ status: 503, kind: "overloaded", message: "down" });
});

test("the HTTP status decides the kind over the body's type", () => {
  const body = JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
  expect(chat.decodeError(401, body).kind).toBe("authentication");
});
