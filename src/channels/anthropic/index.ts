/** Anthropic's Messages API. */
import { ANTHROPIC_VERSION } from "../../protocols/anthropic/wire";
import { isObject } from "../../protocols/json";
import { stringsOf } from "../models";
import type { ChannelType, OutboundTarget } from "../target";
import { under } from "../target";


/** `base` ends in the API version, e.g. https://api.anthropic.com/v1. */
export const anthropicTarget: OutboundTarget = {
  url: (base) => under(base, "/messages"),
  headers: (apiKey) => ({ "content-type": "application/json", "x-api-key": apiKey, "anthropic-version": ANTHROPIC_VERSION }),
  /** `GET {base}/models?limit=1000`, newest first; `has_more` and `last_id` lead to the next page via `after_id`. */
  models: {
    url: (base) => under(base, "/models"),
    query: { limit: "1000" },
    field: "data",
    read(body) {
      if (!isObject(body) || !Array.isArray(body.data)) return undefined;
      const ids = stringsOf(body.data, (m) => m.id);
      if (body.has_more !== true) return { ids };
      return typeof body.last_id === "string" ? { ids, next: { after_id: body.last_id } } : undefined;
    },
  },
};

export const anthropic: ChannelType = {
  type: "anthropic",
  name: "Anthropic",
  format: "anthropic",
  default_base_url: "https://api.anthropic.com/v1",
  target: anthropicTarget,
};
