/**
 * The model list a client sees: the groups its key may use and their exact aliases (patterns
 * name no one model), in the client's own API shape and with the paging that API documents:
 * Anthropic's `limit` (1–1000, default 20), `after_id` and `before_id`; Gemini's `pageSize`
 * (default 50, at most 1000) and `pageToken`; OpenAI's list has no paging.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { GroupRow } from "../db/stores/groups";
import type { IRError } from "../protocols/ir";
import { isPattern } from "../routing/model-names";
import type { AppState } from "../state";
import { irError } from "./errors";

/** What the Gemini routes serve: the list advertises exactly these. */
export const GEMINI_METHODS = ["generateContent", "streamGenerateContent"];

export type ListShape = "openai" | "anthropic" | "gemini";

interface Listed {
  id: string;
  group: GroupRow;
}

/** Names the key may send, sorted: each group's name and exact aliases. */
export function visibleModels(state: AppState, apiKey: ApiKeyRow): Listed[] {
  const out: Listed[] = [];
  for (const group of state.groups.values()) {
    if (apiKey.supported_models.length > 0 && !apiKey.supported_models.includes(group.name)) continue;
    for (const id of new Set([group.name, ...group.aliases.filter((a) => !isPattern(a))])) out.push({ id, group });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A whole number query parameter within [min, max], its default when absent. */
function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number | IRError {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : irError("invalid_request", `${name} must be a whole number from 1 to ${max}`);
}

function anthropicPage(models: Listed[], query: URLSearchParams) {
  const limit = intParam(query, "limit", 20, 1000);
  if (typeof limit !== "number") return limit;
  const after = query.get("after_id");
  const before = query.get("before_id");
  if (after !== null && before !== null) return irError("invalid_request", "after_id and before_id cannot both be set");
  const cursor = after ?? before;
  const at = cursor === null ? -1 : models.findIndex((m) => m.id === cursor);
  if (cursor !== null && at === -1) return irError("invalid_request", `${after !== null ? "after_id" : "before_id"}: no model ${JSON.stringify(cursor)}`);
  const [start, end] = before !== null ? [Math.max(0, at - limit), at] : [at + 1, at + 1 + limit];
  const page = models.slice(start, end).map(({ id, group }) => ({ type: "model", id, display_name: id, created_at: new Date(group.created_at).toISOString() }));
  const hasMore = before !== null ? start > 0 : end < models.length;
  return { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null };
}

const token = (id: string) => Buffer.from(id).toString("base64url");

function geminiPage(models: Listed[], query: URLSearchParams) {
  const size = intParam(query, "pageSize", 50, 1000);
  if (typeof size !== "number") return size;
  const pageToken = query.get("pageToken");
  const start = pageToken ? models.findIndex((m) => token(m.id) === pageToken) : 0;
  if (start === -1) return irError("invalid_request", "pageToken is not one this list gave");
  const page = models.slice(start, start + size);
  const next = models[start + size];
  return {
    models: page.map(({ id }) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: GEMINI_METHODS })),
    ...(next && { nextPageToken: token(next.id) }),
  };
}

export function modelList(state: AppState, apiKey: ApiKeyRow, shape: ListShape, query: URLSearchParams): object | IRError {
  const models = visibleModels(state, apiKey);
  if (shape === "anthropic") return anthropicPage(models, query);
  if (shape === "gemini") return geminiPage(models, query);
  return {
    object: "list",
    data: models.map(({ id, group }) => ({ id, object: "model", created: Math.floor(group.created_at / 1000), owned_by: "octopus" })),
  };
}
