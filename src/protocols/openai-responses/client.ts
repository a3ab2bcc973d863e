/** What the relay reads of a Responses request before decoding it. */
import type { ClientApi } from "../adapter";
import { keyHeader, keyText, missingField, positive, type Json } from "../client-request";

/** `input` is a list of items, or one text. */
export const missingContent = (body: Json) => missingField(body, "input", true);

export const maxOutputTokens = (body: Json) => positive(body.max_output_tokens);

/**
 * Codex (@openai/codex 0.169.0) sends `prompt_cache_key` in the body and the `session-id` and
 * `thread-id` headers, all the thread's id; older releases sent `session_id` and `conversation_id`.
 */
export const conversationKey = (body: Json, headers: Headers) =>
  keyText(body.prompt_cache_key) ?? keyHeader(headers, "session-id", "session_id", "thread-id", "conversation_id");

/** `POST /v1/responses`, also as a WebSocket (Codex with `supports_websockets = true`). */
export const CLIENT_API: ClientApi = {
  routes: [{ path: "/v1/responses", websocket: true }],
  modelLists: [],
};
