/** What the relay reads of a Messages request before decoding it. */
import type { ClientApi } from "../adapter";
import { keyHeader, keyText, missingField, positive, type Json } from "../client-request";

export const missingContent = (body: Json) => missingField(body, "messages");

export const maxOutputTokens = (body: Json) => positive(body.max_tokens);

/**
 * Claude Code (@anthropic-ai/claude-code 2.1.328) sends `metadata.user_id`, a JSON string holding
 * `device_id`, `account_uuid` and `session_id` (older releases: `user_…_account_…_session_…`),
 * and the `x-claude-code-session-id` header. The whole `user_id` differs per session.
 */
export const conversationKey = (body: Json, headers: Headers) =>
  keyText((body.metadata as Json | undefined)?.user_id) ?? keyHeader(headers, "x-claude-code-session-id");

/** Client headers a Messages upstream must receive unchanged (Claude Code's beta features). */
export const FORWARDED_HEADERS = ["anthropic-beta", "anthropic-version"];

/** `POST /v1/messages` and `/v1/messages/count_tokens`; its SDK lists models on `GET /v1/models` with `anthropic-version`. */
export const CLIENT_API: ClientApi = {
  routes: [{ path: "/v1/messages" }, { path: "/v1/messages/count_tokens", side: "count_tokens" }],
  modelLists: [{ path: "/v1/models", recognises: (request) => request.headers.has("anthropic-version") }],
  ownsPath: (path) => path.startsWith("/v1/messages"),
};
