import type { ProtocolAdapter } from "../adapter";
import { CLIENT_API, conversationKey, maxOutputTokens, missingContent } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { GeminiStreamDecoder, GeminiStreamEncoder } from "./stream";
import { modelList } from "./models";
import { streamTap } from "./tap";

export const geminiAdapter: ProtocolAdapter = {
  format: "gemini",
  client: CLIENT_API,
  upstreamSideCalls: [],
  missingContent,
  maxOutputTokens,
  conversationKey,
  forwardedHeaders: [],
  // The model is named in the URL: the body goes as the client sent it.
  passthrough: (body, text) => ({ body, text }),
  modelList,
  decodeRequest,
  encodeResponse,
  streamEncoder: () => new GeminiStreamEncoder(),
  encodeError,
  encodeRequest,
  decodeResponse,
  streamDecoder: () => new GeminiStreamDecoder(),
  streamTap,
  decodeError,
};
