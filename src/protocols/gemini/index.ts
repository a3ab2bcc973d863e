import type { ProtocolAdapter } from "../adapter";
import { conversationKey, maxOutputTokens, missingContent } from "./client";
import { decodeError, encodeError } from "./errors";
import { decodeRequest, encodeRequest } from "./request";
import { decodeResponse, encodeResponse } from "./response";
import { GeminiStreamDecoder, GeminiStreamEncoder } from "./stream";
import { modelList } from "./models";
import { streamTap } from "./tap";

/** The channel's base URL may stop at the host; the API version is then v1beta. */
function apiRoot(base: string): string {
  const root = base.replace(/\/+$/, "");
  return /\/v\d+(?:alpha|beta)?\d*$/.test(root) ? root : `${root}/v1beta`;
}

export const geminiAdapter: ProtocolAdapter = {
  format: "gemini",
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
  upstream(base, model, stream, apiKey) {
    const action = stream ? "streamGenerateContent?alt=sse" : "generateContent";
    return {
      url: `${apiRoot(base)}/models/${model.replace(/^models\//, "")}:${action}`,
      headers: { "content-type": "application/json", "x-goog-api-key": apiKey },
    };
  },
};
