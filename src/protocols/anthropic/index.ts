/** The Anthropic Messages API (as Claude Code uses it) as a ProtocolAdapter. */
import type { ProtocolAdapter } from "../adapter";
import { withModel } from "../client-request";
import { CLIENT_API, conversationKey, maxOutputTokens, missingContent, FORWARDED_HEADERS } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { AnthropicStreamDecoder, AnthropicStreamEncoder } from "./stream";
import { modelList } from "./models";
import { streamTap } from "./tap";

export const anthropicAdapter: ProtocolAdapter = {
  format: "anthropic",
  client: CLIENT_API,
  upstreamSideCalls: ["count_tokens"],
  missingContent,
  maxOutputTokens,
  conversationKey,
  forwardedHeaders: FORWARDED_HEADERS,
  passthrough: withModel,

  modelList,
  decodeRequest,
  encodeResponse,
  streamEncoder: () => new AnthropicStreamEncoder(),
  encodeError,

  encodeRequest,
  decodeResponse,
  streamDecoder: () => new AnthropicStreamDecoder(),
  streamTap,
  decodeError,
};
