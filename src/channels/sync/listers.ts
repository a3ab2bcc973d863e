/** How each wire format lists its models: the list URL, the page size, and how pages chain. */
import { geminiAdapter } from "../../protocols/gemini";
import { isObject } from "../../protocols/json";
import type { Format } from "../../protocols/ir";

export interface ModelPage {
  ids: string[];
  /** The query that fetches the next page; absent on the last one. */
  next?: Record<string, string>;
}

export interface Lister {
  /** The list URL for a channel's base URL, resolved as the format's adapter resolves it. */
  url(base: string): string;
  /** Sent with every page: the largest page size the API allows. */
  query: Record<string, string>;
  /** Where the list sits in the body, for the error when it is missing. */
  field: string;
  /** One page's models; undefined when the body is not a model list. */
  read(body: unknown): ModelPage | undefined;
}

/** OpenAI-style adapters append their path to the base URL as entered, without trailing slashes. */
const appendModels = (base: string) => `${base.replace(/\/+$/, "")}/models`;

const stringsOf = (items: unknown[], pick: (item: Record<string, unknown>) => unknown) =>
  items.flatMap((item) => {
    const value = isObject(item) ? pick(item) : undefined;
    return typeof value === "string" ? [value] : [];
  });

/** `GET {base}/models`: one page, `data[].id`. */
const openai: Lister = {
  url: appendModels,
  query: {},
  field: "data",
  read: (body) => (isObject(body) && Array.isArray(body.data) ? { ids: stringsOf(body.data, (m) => m.id) } : undefined),
};

/** `GET {base}/models?limit=1000`, newest first; `has_more` and `last_id` lead to the next page via `after_id`. */
const anthropic: Lister = {
  url: appendModels,
  query: { limit: "1000" },
  field: "data",
  read(body) {
    if (!isObject(body) || !Array.isArray(body.data)) return undefined;
    const ids = stringsOf(body.data, (m) => m.id);
    if (body.has_more !== true) return { ids };
    return typeof body.last_id === "string" ? { ids, next: { after_id: body.last_id } } : undefined;
  },
};

const PROBE_MODEL = "probe";

/**
 * `GET {root}/models?pageSize=1000`, chained by `nextPageToken` → `pageToken`. Names come as
 * `models/{id}`; models that cannot `generateContent` (embeddings, Imagen) are left out. Google
 * omits an empty `models` field, so a body without it is an empty page.
 */
const gemini: Lister = {
  // The adapter decides the API root (a bare host gets /v1beta); its call URL is {root}/models/{model}:{action}.
  url(base) {
    const call = geminiAdapter.upstream(base, PROBE_MODEL, false, "").url;
    return call.slice(0, call.lastIndexOf(`/${PROBE_MODEL}:`));
  },
  query: { pageSize: "1000" },
  field: "models",
  read(body) {
    if (!isObject(body)) return undefined;
    const models = Array.isArray(body.models) ? body.models : [];
    const generating = models.filter((m) => {
      const methods = isObject(m) ? m.supportedGenerationMethods : undefined;
      return !Array.isArray(methods) || methods.includes("generateContent");
    });
    const ids = stringsOf(generating, (m) => m.name).map((name) => name.replace(/^models\//, ""));
    const token = body.nextPageToken;
    return typeof token === "string" && token !== "" ? { ids, next: { pageToken: token } } : { ids };
  },
};

export const LISTERS: Record<Format, Lister> = {
  "openai-chat": openai,
  "openai-responses": openai,
  anthropic,
  gemini,
};
