/**
 * The model list a client sees: the groups its key may use and their exact aliases (patterns
 * name no one model), written by the client format's adapter in its API's shape and paging.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { ProtocolAdapter } from "../protocols/adapter";
import type { IRError } from "../protocols/ir";
import type { ListedModel } from "../protocols/model-list";
import { isPattern } from "../routing/model-names";
import type { AppState } from "../state";

/** Names the key may send, sorted: each group's name and exact aliases. */
export function visibleModels(state: AppState, apiKey: ApiKeyRow): ListedModel[] {
  const out: ListedModel[] = [];
  for (const group of state.groups.values()) {
    if (apiKey.supported_models.length > 0 && !apiKey.supported_models.includes(group.name)) continue;
    for (const id of new Set([group.name, ...group.aliases.filter((a) => !isPattern(a))])) out.push({ id, created: group.created_at });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const modelList = (state: AppState, apiKey: ApiKeyRow, adapter: ProtocolAdapter, query: URLSearchParams): object | IRError =>
  adapter.modelList(visibleModels(state, apiKey), query);
