import { Elysia, t } from "elysia";
import type { LogEntry } from "../db/stores/logs";
import type { AdminContext } from "./context";
import { idParam, notFound } from "./http";

const int = (opts: { minimum?: number; maximum?: number } = {}) => t.Optional(t.Numeric({ ...opts }));

/** A comment line every so often keeps proxies from closing an idle live stream. */
const HEARTBEAT_MS = 15_000;

export const logRoutes = ({ stores, accounting }: AdminContext) =>
  new Elysia()
    .get(
      "/log/list",
      async ({ query }) => {
        // Entries still queued for the database are written first, so the list is current.
        await accounting.logs.flush();
        const status = query.status === "success" || query.status === "failed" ? query.status : query.status ? Number(query.status) : undefined;
        const { items, total } = await stores.logs.list(
          {
            from: query.from,
            to: query.to,
            model: query.model || undefined,
            channel_id: query.channel_id,
            api_key_id: query.api_key_id,
            source: query.source,
            status,
          },
          query.page ?? 1,
          query.page_size ?? 20,
        );
        return { items: items.map((row) => ({ ...row, channel: row.channel_name })), total };
      },
      {
        query: t.Object({
          page: int({ minimum: 1 }),
          page_size: int({ minimum: 1, maximum: 500 }),
          from: int({ minimum: 0 }),
          to: int({ minimum: 0 }),
          model: t.Optional(t.String()),
          channel_id: int({ minimum: 1 }),
          api_key_id: int({ minimum: 1 }),
          status: t.Optional(t.Union([t.Literal("success"), t.Literal("failed"), t.String({ pattern: "^[0-9]{1,3}$" })])),
          source: t.Optional(t.Union([t.Literal("relay"), t.Literal("test")])),
        }),
      },
    )
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
      await accounting.logs.flush();
      const row = await stores.logs.get(id);
      if (!row) throw notFound("log", id);
      return { ...row, channel: row.channel_name };
    })
    .delete("/log/clear", async () => {
      await accounting.logs.flush();
      await stores.logs.clear();
      return { ok: true };
    });
