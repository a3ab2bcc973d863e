import { expect, test } from "bun:test";
import { KIND_STATUS, type IRErrorKind } from "../ir";
import { decodeError, encodeError } from "./errors";

test("a bad API key (Google's 400 INVALID_ARGUMENT) is an authentication failure", () => {
  const body = {
    error: {
      code: 400,
      message: "API key not valid. Please pass a valid API key.",
      status: "INVALID_ARGUMENT",
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }],
    },
  };
  expect(decodeError(400, JSON.stringify(body))).toEqual({
    status: 401,
    kind: "authentication",
    message: "API key not valid. Please pass a valid API key.",
  });
});

test("the status name decides the kind; a one-element array (non-SSE streams) is read too", () => {
  const err = { error: { code: 400, message: "User location is not supported", status: "FAILED_PRECONDITION" } };
  expect(decodeError(400, JSON.stringify([err]))).toEqual({ status: 400, kind: "invalid_request", message: "User location is not supported" });
  const deadline = { error: { code: 504, message: "Deadline expired", status: "DEADLINE_EXCEEDED" } };
  expect(decodeError(504, JSON.stringify(deadline)).kind).toBe("timeout");
});

test("a non-JSON body (a proxy's HTML page) keeps the HTTP status", () => {
  expect(decodeError(502, "<html>Bad Gateway</html>\n")).toEqual({ status: 502, kind: "server_error", message: "<html>Bad Gateway</html>" });
  expect(decodeError(503, "")).toEqual({ status: 503, kind: "overloaded", message: "HTTP 503" });
  expect(decodeError(404, '{"detail":"nope"}')).toMatchObject({ status: 404, kind: "not_found" });
});

test("every IR kind encodes to Google's code and status name", () => {
  const names: Record<IRErrorKind, string> = {
    invalid_request: "INVALID_ARGUMENT",
    authentication: "UNAUTHENTICATED",
    permission: "PERMISSION_DENIED",
    not_found: "NOT_FOUND",
    request_too_large: "INVALID_ARGUMENT",
    rate_limit: "RESOURCE_EXHAUSTED",
    server_error: "INTERNAL",
    overloaded: "UNAVAILABLE",
    timeout: "DEADLINE_EXCEEDED",
  };
  for (const [kind, status] of Object.entries(names) as [IRErrorKind, string][]) {
    const code = KIND_STATUS[kind];
    expect(encodeError({ status: 999, kind, message: "m" })).toEqual({ status: code, body: { error: { code, message: "m", status } } });
  }
});

test("RetryInfo's retryDelay becomes retryAfter in seconds, among other details", () => {
  const body = {
    error: {
      code: 429,
      message: "Quota exceeded",
      status: "RESOURCE_EXHAUSTED",
      details: [
        { "@type": "type.googleapis.com/google.rpc.Help", links: [] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1.5s" },
      ],
    },
  };
  expect(decodeError(429, JSON.stringify(body))).toEqual({ status: 429, kind: "rate_limit", message: "Quota exceeded", retryAfter: 1.5 });
  const malformed = { error: { ...body.error, details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "soon" }] } };
  expect(decodeError(429, JSON.stringify(malformed)).retryAfter).toBeUndefined();
});
