/** The OpenAI Chat Completions wire format (`POST {base}/chat/completions`). */
import type { ProtocolAdapter } from "../adapter";
import { conversationKey, maxOutputTokens, missingContent } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { streamDecoder, streamEncoder } from "./stream";
import { passthrough } from "./passthrough";
import { modelList } from "./models";
import { streamTap } from "./tap";

export const openaiChatAdapter: ProtocolAdapter = {
  format: "openai-chat",
  missingContent,
  maxOutputTokens,
  conversationKey,
  forwardedHeaders: [],
  passthrough,
  modelList,
  decodeRequest,
  encodeResponse,
  streamEncoder,
  encodeError,
  encodeRequest,
  decodeResponse,
  streamDecoder,
  streamTap,
  decodeError,
  /** `base` already ends in the API version (e.g. https://api.openai.com/v1), as the openai SDK expects. */
  upstream(base, _model, _stream, apiKey) {
    return {
      url: `${base.replace(/\/+$/, "")}/chat/completions`,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    };
  },
};
