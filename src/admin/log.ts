import { Elysia } from "elysia";
import type { LogEntry, LogFilter } from "../db/stores/logs";
import type { AdminContext } from "./context";
import { HttpError, idParam, MAX_ID, notFound, optionalIntParam } from "./http";

/** Far past any log's length: keeps the offset within every database's integer range. */
const MAX_PAGE = 1_000_000;

type Query = Record<string, string | undefined>;

/** The list's filters from the query string; a malformed one is a 400 naming it. */
function logFilter(query: Query): LogFilter {
  const status = query.status || undefined;
  const source = query.source || undefined;
  if (status !== undefined && status !== "success" && status !== "failed" && !/^[0-9]{3}$/.test(status))
    throw new HttpError(400, "status must be success, failed or a three-digit HTTP status");
  return {
    from: optionalIntParam(query.from, "from", 0, Number.MAX_SAFE_INTEGER),
    to: optionalIntParam(query.to, "to", 0, Number.MAX_SAFE_INTEGER),
    model: query.model || undefined,
    channel_id: optionalIntParam(query.channel_id, "channel_id", 1, MAX_ID),
    api_key_id: optionalIntParam(query.api_key_id, "api_key_id", 1, MAX_ID),
    status: status === undefined || status === "success" || status === "failed" ? status : Number(status),
    source: source === undefined || source === "relay" || source === "test" ? source : badSource(),
  };
}

function badSource(): never {
  throw new HttpError(400, "source must be relay or test");
}

/** A comment line every so often keeps proxies from closing an idle live stream. */
const HEARTBEAT_MS = 15_000;

export const logRoutes = ({ stores, accounting }: AdminContext) =>
  new Elysia()
    .get("/log/list", async ({ query }) => {
      const filter = logFilter(query);
      const page = optionalIntParam(query.page, "page", 1, MAX_PAGE) ?? 1;
      const pageSize = optionalIntParam(query.page_size, "page_size", 1, 500) ?? 20;
      const beforeId = optionalIntParam(query.before_id, "before_id", 1, MAX_ID);
      if (beforeId !== undefined && page > 1) throw new HttpError(400, "before_id and page are alternatives: give one");
      // Entries still queued for the database are written first, unless the relay is busy.
      await accounting.logs.beforeRead();
      const { items, ...rest } = await stores.logs.list(filter, page, pageSize, beforeId);
      return { items: items.map((row) => ({ ...row, channel: row.channel_name })), ...rest };
    })
    .get("/log/stream", ({ request }) => {
      const encoder = new TextEncoder();
      let unsubscribe = () => {};
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      const close = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (text: string) => {
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              close();
            }
          };
          send(": live request log\n\n");
          unsubscribe = accounting.logs.subscribe((entry: LogEntry) => {
            const { request_body: _q, response_body: _r, ...row } = entry;
            send(`data: ${JSON.stringify({ ...row, channel: row.channel_name })}\n\n`);
          });
          heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
          request.signal.addEventListener("abort", close, { once: true });
        },
        cancel: close,
      });
      return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
    })
    .get("/log/:id", async ({ params }) => {
      const id = idParam(params.id);
      const row = await stores.logs.get(id);
      if (!row) throw notFound("log", id);
      return { ...row, channel: row.channel_name };
    })
    .delete("/log/clear", async ({ server, request }) => {
      // Millions of rows take minutes in paced batches: past the server's idle timeout (30 s).
      server?.timeout(request, 0);
      await accounting.logs.flush();
      return { ok: true, ...(await stores.logs.clear()) };
    });
