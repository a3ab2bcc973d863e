/** OpenAI's Chat Completions API, and the default for OpenAI-compatible providers. */
import type { ChannelType, ModelLister, OutboundTarget } from "../target";
import { under } from "../target";
import { isObject } from "../../protocols/json";
import { stringsOf } from "../models";

/** `GET {base}/models`: one page, `data[].id`. */
export const openaiModels: ModelLister = {
  url: (base) => under(base, "/models"),
  query: {},
  field: "data",
  read: (body) => (isObject(body) && Array.isArray(body.data) ? { ids: stringsOf(body.data, (m) => m.id) } : undefined),
};

/** `base` ends in the API version (e.g. https://api.openai.com/v1), as the openai SDK expects. */
export const openaiChatTarget: OutboundTarget = {
  url: (base) => under(base, "/chat/completions"),
  headers: (apiKey) => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json" }),
  models: openaiModels,
};

export const openaiChat: ChannelType = {
  type: "openai-chat",
  name: "OpenAI Chat",
  format: "openai-chat",
  default_base_url: "https://api.openai.com/v1",
  target: openaiChatTarget,
};
