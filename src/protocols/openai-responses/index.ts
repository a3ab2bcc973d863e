/** The OpenAI Responses API (`POST /v1/responses`), as Codex speaks it. */
import type { ProtocolAdapter } from "../adapter";
import { withModel } from "../client-request";
import { CLIENT_API, conversationKey, maxOutputTokens, missingContent } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { ResponsesStreamDecoder, ResponsesStreamEncoder } from "./stream";
import { modelList } from "../openai-chat/models";
import { streamTap } from "./tap";

export const openaiResponsesAdapter: ProtocolAdapter = {
  format: "openai-responses",
  client: CLIENT_API,
  upstreamSideCalls: ["embeddings"],
  missingContent,
  maxOutputTokens,
  conversationKey,
  forwardedHeaders: [],
  passthrough: withModel,

  modelList,
  decodeRequest,
  encodeResponse,
  streamEncoder: (request) => new ResponsesStreamEncoder(request),
  encodeError,

  encodeRequest,
  decodeResponse,
  streamDecoder: () => new ResponsesStreamDecoder(),
  streamTap,
  decodeError,
};
