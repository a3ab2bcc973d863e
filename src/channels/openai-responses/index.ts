/** OpenAI's Responses API (`POST {base}/responses`). */
import { openaiModels } from "../openai-chat";
import type { ChannelType, OutboundTarget } from "../target";
import { under } from "../target";

/** `base` includes the version (`https://api.openai.com/v1`), as the openai SDK's baseURL does. */
export const openaiResponsesTarget: OutboundTarget = {
  url: (base) => under(base, "/responses"),
  headers: (apiKey, stream) => ({
    authorization: `Bearer ${apiKey}`,
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  }),
  models: openaiModels,
};

export const openaiResponses: ChannelType = {
  type: "openai-responses",
  name: "OpenAI Responses",
  format: "openai-responses",
  default_base_url: "https://api.openai.com/v1",
  target: openaiResponsesTarget,
};
