/** What the relay reads of a Chat Completions request before decoding it. */
import type { ClientApi } from "../adapter";
import { keyHeader, keyText, missingField, positive, type Json } from "../client-request";

export const missingContent = (body: Json) => missingField(body, "messages");

export const maxOutputTokens = (body: Json) => positive(body.max_completion_tokens ?? body.max_tokens);

/** Other OpenAI clients than Codex may set `prompt_cache_key` on Chat too. */
export const conversationKey = (body: Json, headers: Headers) => keyText(body.prompt_cache_key) ?? keyHeader(headers, "session-id", "session_id");

/** `POST /v1/chat/completions` and `/v1/embeddings`; `GET /v1/models` for clients no other format recognises, and its errors on every path no format owns. */
export const CLIENT_API: ClientApi = {
  routes: [{ path: "/v1/chat/completions" }, { path: "/v1/embeddings", side: "embeddings" }],
  modelLists: [{ path: "/v1/models" }],
  ownsOtherPaths: true,
};
