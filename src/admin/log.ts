import { Elysia, t } from "elysia";
import type { AdminContext } from "./context";
import { idParam, notFound } from "./http";

const int = (opts: { minimum?: number; maximum?: number } = {}) => t.Optional(t.Numeric({ ...opts }));

export const logRoutes = ({ stores }: AdminContext) =>
  new Elysia()
    .get(
      "/log/list",
      async ({ query }) => {
        const status = query.status === "success" || query.status === "failed" ? query.status : query.status ? Number(query.status) : undefined;
        const { items, total } = await stores.logs.list(
          {
            from: query.from,
            to: query.to,
            model: query.model || undefined,
            channel_id: query.channel_id,
            api_key_id: query.api_key_id,
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
        }),
      },
    )
    .get("/log/:id", async ({ params }) => {
      const id = idParam(params.id);
      const row = await stores.logs.get(id);
      if (!row) throw notFound("log", id);
      return { ...row, channel: row.channel_name };
    })
    .delete("/log/clear", async () => {
      await stores.logs.clear();
      return { ok: true };
    });
