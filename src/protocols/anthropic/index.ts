/** The Anthropic Messages API (as Claude Code uses it) as a ProtocolAdapter. */
import type { ProtocolAdapter } from "../adapter";
import { withModel } from "../client-request";
import { conversationKey, maxOutputTokens, missingContent, FORWARDED_HEADERS } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { AnthropicStreamDecoder, AnthropicStreamEncoder } from "./stream";
import { modelList } from "./models";
import { streamTap } from "./tap";
import { ANTHROPIC_VERSION } from "./wire";

export const anthropicAdapter: ProtocolAdapter = {
  format: "anthropic",
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

  /** `base` ends in the API version, e.g. https://api.anthropic.com/v1. */
  upstream: (base, _model, _stream, apiKey) => ({
    url: `${base.replace(/\/+$/, "")}/messages`,
    headers: { "content-type": "application/json", "x-api-key": apiKey, "anthropic-version": ANTHROPIC_VERSION },
  }),
};
