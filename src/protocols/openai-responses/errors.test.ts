import { describe, expect, test } from "bun:test";
import { KIND_STATUS, type IRErrorKind } from "../ir";
import { openaiResponsesAdapter as adapter } from "./index";

describe("decodeError", () => {
  test("reads the OpenAI error body and maps the status to a kind", () => {
    const body = JSON.stringify({
      error: { message: "Incorrect API key provided: sk-ab***cd.", type: "invalid_request_error", param: null, code: "invalid_api_key" },
    });
    expect(adapter.decodeError(401, body)).toEqual({ status: 401, kind: "authentication", message: "Incorrect API key provided: sk-ab***cd." });
  });

  test("a non-JSON body (a proxy's HTML page) keeps a short excerpt", () => {
    const html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>cloudflare</body>\r\n</html>";
    const error = adapter.decodeError(502, html);
    expect(error.kind).toBe("server_error");
    expect(error.message).toBe(
      "upstream returned HTTP 502: <html> <head><title>502 Bad Gateway</title></head> <body>cloudflare</body> </html>",
    );
  });

  test("an empty body still names the status", () => {
    expect(adapter.decodeError(503, "")).toEqual({ status: 503, kind: "overloaded", message: "upstream returned HTTP 503" });
  });
});

describe("encodeError", () => {
  test("keeps the status and writes the OpenAI shape", () => {
    expect(adapter.encodeError({ status: 400, kind: "invalid_request", message: "model is required" })).toEqual({
      status: 400,
      body: { error: { message: "model is required", type: "invalid_request_error", param: null, code: null } },
    });
    expect(adapter.encodeError({ status: 503, kind: "overloaded", message: "busy" }).body).toEqual({
      error: { message: "busy", type: "server_error", param: null, code: "server_is_overloaded" },
    });
  });

  test("every kind survives a trip through an in-band stream error", () => {
    for (const kind of Object.keys(KIND_STATUS) as IRErrorKind[]) {
      const error = { status: KIND_STATUS[kind], kind, message: `a ${kind} error` };
      const encoder = adapter.streamEncoder();
      const wire = encoder.push({ type: "error", error });
      const decoder = adapter.streamDecoder();
      const errorFrame = wire.split("\n\n").find((frame) => frame.startsWith("event: error\n"))!;
      const data = errorFrame.slice(errorFrame.indexOf("data: ") + 6);
      expect(decoder.push({ event: "error", data })).toEqual([{ type: "error", error }]);
    }
  });
});
