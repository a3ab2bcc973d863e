/** Google's Gemini API (generativelanguage.googleapis.com). */
import { isObject } from "../../protocols/json";
import { stringsOf } from "../models";
import type { ChannelType, OutboundTarget } from "../target";

/** The channel's base URL may stop at the host; the API version is then v1beta. */
function apiRoot(base: string): string {
  const root = base.replace(/\/+$/, "");
  return /\/v\d+(?:alpha|beta)?\d*$/.test(root) ? root : `${root}/v1beta`;
}

/** The generation method, as the Gemini API and Google's internal APIs built on it name it. */
export const generateMethod = (stream: boolean) => (stream ? "streamGenerateContent?alt=sse" : "generateContent");

export const geminiTarget: OutboundTarget = {
  url: (base, model, stream) => `${apiRoot(base)}/models/${model.replace(/^models\//, "")}:${generateMethod(stream)}`,
  headers: (apiKey) => ({ "content-type": "application/json", "x-goog-api-key": apiKey }),
  /**
   * `GET {root}/models?pageSize=1000`, chained by `nextPageToken` → `pageToken`. Names come as
   * `models/{id}`; models that cannot `generateContent` (embeddings, Imagen) are left out. Google
   * omits an empty `models` field, so a body without it is an empty page.
   */
  models: {
    url: (base) => `${apiRoot(base)}/models`,
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
  },
};

export const gemini: ChannelType = {
  type: "gemini",
  name: "Gemini",
  format: "gemini",
  default_base_url: "https://generativelanguage.googleapis.com/v1beta",
  target: geminiTarget,
};
