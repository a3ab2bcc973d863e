import { describe, expect, test } from "bun:test";
import { KIND_STATUS, type IRErrorKind } from "../ir";
import { anthropicAdapter as adapter } from "./index";

describe("encodeError", () => {
  const table: [IRErrorKind, number, string][] = [
    ["invalid_request", 400, "invalid_request_error"],
    ["authentication", 401, "authentication_error"],
    ["permission", 403, "permission_error"],
    ["not_found", 404, "not_found_error"],
    ["request_too_large", 413, "request_too_large"],
    ["rate_limit", 429, "rate_limit_error"],
    ["server_error", 500, "api_error"],
    ["overloaded", 529, "overloaded_error"],
    ["timeout", 504, "timeout_error"],
  ];
  for (const [kind, status, type] of table) {
    test(`${kind} → ${status} ${type}, and back`, () => {
      const encoded = adapter.encodeError({ status: KIND_STATUS[kind], kind, message: "m" });
      expect(encoded).toEqual({ status, body: { type: "error", error: { type, message: "m" } } });
      expect(adapter.decodeError(status, JSON.stringify(encoded.body))).toEqual({ status, kind, message: "m" });
    });
  }
});

describe("decodeError", () => {
  test("a body that is not JSON (a proxy's HTML page) is read by its status", () => {
    expect(adapter.decodeError(413, "<html><body>413 Request Entity Too Large</body></html>\n")).toEqual({
      status: 413,
      kind: "request_too_large",
      message: "<html><body>413 Request Entity Too Large</body></html>",
    });
    expect(adapter.decodeError(502, "")).toEqual({ status: 502, kind: "server_error", message: "upstream answered HTTP 502" });
  });

  test("an unknown error type falls back to the status; billing_error is a permission error", () => {
    const body = (type: string) => JSON.stringify({ type: "error", error: { type, message: "m" } });
    expect(adapter.decodeError(409, body("conflict_error")).kind).toBe("invalid_request");
    expect(adapter.decodeError(503, body("brand_new_error")).kind).toBe("overloaded");
    expect(adapter.decodeError(402, body("billing_error"))).toEqual({ status: 402, kind: "permission", message: "m" });
  });

  test("JSON without the error envelope is kept as text", () => {
    expect(adapter.decodeError(500, '{"detail":"boom"}')).toEqual({ status: 500, kind: "server_error", message: '{"detail":"boom"}' });
  });
});
