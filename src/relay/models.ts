/** The model list a client sees: the groups its key may use, in the client's own API shape. */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { AppState } from "../state";

/** What the Gemini routes serve: the list advertises exactly these. */
export const GEMINI_METHODS = ["generateContent", "streamGenerateContent"];

export type ListShape = "openai" | "anthropic" | "gemini";

export function visibleModels(state: AppState, apiKey: ApiKeyRow) {
  return [...state.groups.values()]
    .filter((g) => apiKey.supported_models.length === 0 || apiKey.supported_models.includes(g.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function modelList(state: AppState, apiKey: ApiKeyRow, shape: ListShape) {
  const groups = visibleModels(state, apiKey);
  if (shape === "anthropic") {
    const data = groups.map((g) => ({
      type: "model",
      id: g.name,
      display_name: g.name,
      created_at: new Date(g.created_at).toISOString(),
    }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  if (shape === "gemini") {
    return {
      models: groups.map((g) => ({
        name: `models/${g.name}`,
        displayName: g.name,
        supportedGenerationMethods: GEMINI_METHODS,
      })),
    };
  }
  return {
    object: "list",
    data: groups.map((g) => ({ id: g.name, object: "model", created: Math.floor(g.created_at / 1000), owned_by: "octopus" })),
  };
}
