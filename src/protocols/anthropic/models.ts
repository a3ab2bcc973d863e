import { badQuery, intParam, type ListedModel } from "../model-list";

/** Anthropic's `GET /v1/models`: `limit` (1–1000, default 20), `after_id` and `before_id`. */
export function modelList(models: ListedModel[], query: URLSearchParams) {
  const limit = intParam(query, "limit", 20, 1000);
  if (typeof limit !== "number") return limit;
  const after = query.get("after_id");
  const before = query.get("before_id");
  if (after !== null && before !== null) return badQuery("after_id and before_id cannot both be set");
  const cursor = after ?? before;
  const at = cursor === null ? -1 : models.findIndex((m) => m.id === cursor);
  if (cursor !== null && at === -1) return badQuery(`${after !== null ? "after_id" : "before_id"}: no model ${JSON.stringify(cursor)}`);
  const [start, end] = before !== null ? [Math.max(0, at - limit), at] : [at + 1, at + 1 + limit];
  const page = models.slice(start, end).map(({ id, created }) => ({ type: "model", id, display_name: id, created_at: new Date(created).toISOString() }));
  const hasMore = before !== null ? start > 0 : end < models.length;
  return { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null };
}
