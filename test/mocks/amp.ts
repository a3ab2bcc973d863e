/**
 * A mock Amp server (ampcode.com) for the calls Amp CLI makes besides model calls. It checks the
 * key as Amp does (`Authorization: Bearer sgamp_…`, 401 otherwise), records every request as it
 * arrived, and answers: `GET /api/user` and `/api/threads…` with JSON, `POST /api/internal` (Amp's
 * JSON-RPC endpoint: `{"method", "params"}` → `{"ok": true, "result"}`), `POST /api/telemetry`
 * with 204, `GET /api/echo-auth` with the key it was sent in a header (as no server should), and
 * `GET /api/stream` with an event stream whose second half waits for the test's
 * `release()`: a client that reads the first event before then proves nothing buffered it.
 */
import { bearerToken } from "./plumbing";

export interface AmpCall {
  method: string;
  /** Path and query as received. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface AmpMock {
  calls: AmpCall[];
  fetch(request: Request): Promise<Response>;
  /** Lets the open event stream send its last event and end. */
  release(): void;
}

export const AMP_USER = { id: "user-0001", email: "operator@example.com", username: "operator" };
export const STREAM_EVENTS = ['event: delta\ndata: {"text":"first"}\n\n', 'event: delta\ndata: {"text":"second"}\n\nevent: done\ndata: {}\n\n'];

export function createAmpMock(operatorKey: string): AmpMock {
  const calls: AmpCall[] = [];
  let release!: () => void;
  let released = new Promise<void>((resolve) => (release = resolve));
  const encoder = new TextEncoder();

  const answer = (request: Request, url: URL, body: string): Response => {
    if (bearerToken(request) !== operatorKey) return Response.json({ error: "Unauthorized" }, { status: 401 });
    const path = url.pathname;
    if (request.method === "GET" && path === "/api/user") return Response.json(AMP_USER, { headers: { "x-amp-request-id": "req-1" } });
    if (request.method === "GET" && path === "/api/threads")
      return Response.json({ threads: [{ id: "T-1", title: "first thread" }], limit: Number(url.searchParams.get("limit") ?? 20) });
    if (request.method === "GET" && path.startsWith("/api/threads/")) return Response.json({ id: path.slice("/api/threads/".length), messages: [] });
    if (request.method === "POST" && path === "/api/internal") {
      const { method } = JSON.parse(body) as { method: string };
      return Response.json({ ok: true, result: { method, displayText: "Signed in as operator" } });
    }
    if (request.method === "POST" && path === "/api/telemetry") return new Response(null, { status: 204 });
    // Misbehaving on purpose: the key it was sent, echoed in a header.
    if (request.method === "GET" && path === "/api/echo-auth") return Response.json({}, { headers: { "x-echo": request.headers.get("authorization")! } });
    if (request.method === "GET" && path === "/api/stream") {
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(STREAM_EVENTS[0]));
          await released;
          controller.enqueue(encoder.encode(STREAM_EVENTS[1]));
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    }
    return Response.json({ error: "Not Found" }, { status: 404 });
  };

  return {
    calls,
    async fetch(request) {
      const url = new URL(request.url);
      const body = await request.text();
      calls.push({ method: request.method, path: url.pathname + url.search, headers: Object.fromEntries(request.headers), body });
      return answer(request, url, body);
    },
    release() {
      release();
      released = new Promise<void>((resolve) => (release = resolve));
    },
  };
}
