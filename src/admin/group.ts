import { Elysia, t, type Static } from "elysia";
import { BALANCE_MODES, type GroupInput } from "../db/stores/groups";
import { modelNameProblem } from "../routing/model-names";
import type { AdminContext } from "./context";
import { HttpError, idParam, notFound, idField } from "./http";

const seconds = t.Optional(t.Integer({ minimum: 0, maximum: 86_400 }));
const fields = {
  name: t.String({ minLength: 1, maxLength: 255 }),
  mode: t.Union(BALANCE_MODES.map((m) => t.Literal(m))),
  items: t.Array(
    t.Object({
      channel_id: idField(),
      model: t.String({ minLength: 1, maxLength: 255 }),
      priority: t.Optional(t.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
      weight: t.Optional(t.Integer({ minimum: 1, maximum: 1_000_000 })),
    }),
  ),
  first_byte_timeout: seconds,
  stream_idle_timeout: seconds,
  request_timeout: seconds,
  affinity_window: seconds,
  active_item_id: t.Optional(t.Union([idField(), t.Null()])),
  aliases: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 255 }), { maxItems: 200 })),
};
const createBody = t.Object(fields);

export const groupRoutes = ({ stores, state, accounting }: AdminContext) => {
  const reload = async () => {
    await state.publish("groups");
    await accounting.syncPrices();
  };
  const checkItems = (items: Static<typeof createBody>["items"] | undefined) => {
    for (const [i, item] of (items ?? []).entries())
      if (!state.channels.has(item.channel_id)) throw new HttpError(400, `items[${i}].channel_id ${item.channel_id} is not a channel`);
  };
  /** The group as it would be saved must not make any model name ambiguous. */
  const checkNames = (id: number | undefined, body: { name?: string; aliases?: string[] }) => {
    const others = [...state.groups.values()].filter((g) => g.id !== id);
    const old = id === undefined ? undefined : [...state.groups.values()].find((g) => g.id === id);
    const saved = { name: body.name ?? old?.name ?? "", aliases: body.aliases ?? old?.aliases ?? [] };
    const problem = modelNameProblem([...others, saved]);
    if (problem) throw new HttpError(400, `aliases: ${problem}`);
  };
  return new Elysia()
    .get("/group/list", () => [...state.groups.values()])
    .post(
      "/group/create",
      async ({ body }) => {
        checkItems(body.items);
        checkNames(undefined, body);
        const group = await stores.groups.create(body as GroupInput);
        await reload();
        return group;
      },
      { body: createBody },
    )
    .post(
      "/group/update",
      async ({ body: { id, ...body } }) => {
        checkItems(body.items);
        checkNames(id, body);
        const group = await stores.groups.update(id, body as Partial<GroupInput>);
        if (!group) throw notFound("group", id);
        await reload();
        return group;
      },
      { body: t.Composite([t.Object({ id: idField() }), t.Partial(createBody)]) },
    )
    .delete("/group/delete/:id", async ({ params }) => {
      const id = idParam(params.id);
      if (!(await stores.groups.delete(id))) throw notFound("group", id);
      await reload();
      return { id };
    });
};
