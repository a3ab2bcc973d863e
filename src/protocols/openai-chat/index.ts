/** The OpenAI Chat Completions wire format (`POST {base}/chat/completions`). */
import type { ProtocolAdapter } from "../adapter";
import { CLIENT_API, conversationKey, maxOutputTokens, missingContent } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { streamDecoder, streamEncoder } from "./stream";
import { passthrough } from "./passthrough";
import { modelList } from "./models";
import { streamTap } from "./tap";

export const openaiChatAdapter: ProtocolAdapter = {
  format: "openai-chat",
  client: CLIENT_API,
  upstreamSideCalls: ["embeddings"],
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
};
