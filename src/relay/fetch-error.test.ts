/** Fetch errors classified with their reason: real errors from Bun's fetch over loopback. */
import { afterAll, describe, expect, test } from "bun:test";
import { fetchFailure } from "./fetch-error";

const thrown = async (url: string, init?: RequestInit) => {
  try {
    await fetch(url, init);
  } catch (e) {
    return e;
  }
  throw new Error("fetch did not fail");
};

// Answers every request by closing the socket, with bytes that are not TLS, or never.
const closing = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: (socket) => void socket.end() } });
const plain = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: (socket) => void socket.end("HTTP/1.1 400 Bad Request\r\n\r\n") } });
const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: () => {} } });
afterAll(() => {
  closing.stop(true);
  plain.stop(true);
  silent.stop(true);
});

describe("fetch errors classified with their reason", () => {
  test("refused: the endpoint is unreachable", async () => {
    const free = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const url = `http://127.0.0.1:${free.port}/`;
    free.stop(true);
    expect(fetchFailure(await thrown(url))).toEqual({ reason: "refused", kind: "connection", message: "connection refused (ECONNREFUSED)" });
  });

  test("reset: a server failure, not an unreachable endpoint", async () => {
    expect(fetchFailure(await thrown(`http://127.0.0.1:${closing.port}/`))).toMatchObject({ reason: "reset", kind: "server" });
  });

  test("tls: a handshake with a server that does not speak TLS", async () => {
    expect(fetchFailure(await thrown(`https://127.0.0.1:${plain.port}/`))).toMatchObject({ reason: "tls", kind: "connection" });
  });

  test("timeout and abort", async () => {
    const url = `http://127.0.0.1:${silent.port}/`;
    expect(fetchFailure(await thrown(url, { signal: AbortSignal.timeout(20) }))).toMatchObject({ reason: "timeout", kind: "timeout" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(fetchFailure(await thrown(url, { signal: controller.signal }))).toEqual({ reason: "abort", kind: undefined, message: "aborted (AbortError)" });
  });

  // No real lookup: the test sends nothing off the machine. These are the codes Bun's fetch gives.
  test("dns and certificate codes", () => {
    expect(fetchFailure(Object.assign(new TypeError("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }))).toMatchObject({ reason: "dns", kind: "connection" });
    expect(fetchFailure(Object.assign(new TypeError("x"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }))).toMatchObject({ reason: "tls", kind: "connection" });
    expect(fetchFailure(Object.assign(new TypeError("x"), { code: "CERT_HAS_EXPIRED" }))).toMatchObject({ reason: "tls" });
    expect(fetchFailure(new Error("strange"))).toEqual({ reason: "network", kind: "server", message: "network error" });
  });
});
