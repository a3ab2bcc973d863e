/**
 * The conversation a request belongs to, when its client names one, so `affinity_window` keeps a
 * conversation on the channel whose prompt cache holds it. Reads only the body the relay has
 * already parsed and a few headers: no work beyond property lookups.
 *
 * What each client sends (checked against the released clients, captured from their requests):
 * - Codex (@openai/codex 0.169.0, Responses API): `prompt_cache_key` in the body and the
 *   `session-id` and `thread-id` headers, all the thread's id; older releases sent `session_id`
 *   and `conversation_id` headers. Other OpenAI clients may set `prompt_cache_key` on Chat too.
 * - Claude Code (@anthropic-ai/claude-code 2.1.328): `metadata.user_id`, a JSON string holding
 *   `device_id`, `account_uuid` and `session_id` (older releases: `user_…_account_…_session_…`),
 *   and the `x-claude-code-session-id` header. The whole `user_id` differs per session.
 * - Gemini CLI (@google/gemini-cli-core 0.61.0, src/core/contentGenerator.ts): no session id on
 *   the Gemini API, only `x-gemini-api-privileged-user-id`, its installation id (sent while usage
 *   statistics are on): requests of one machine stay together.
 */
import type { Format } from "../protocols/ir";

/** Longer names are cut: a client cannot make one entry of the sticky map large. */
const MAX_KEY = 200;

type Body = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v.slice(0, MAX_KEY) : undefined);
const header = (headers: Headers, ...names: string[]) => {
  for (const name of names) {
    const value = text(headers.get(name));
    if (value) return value;
  }
  return undefined;
};

const BY_FORMAT: Record<Format, (body: Body, headers: Headers) => string | undefined> = {
  "openai-responses": (body, headers) => text(body.prompt_cache_key) ?? header(headers, "session-id", "session_id", "thread-id", "conversation_id"),
  "openai-chat": (body, headers) => text(body.prompt_cache_key) ?? header(headers, "session-id", "session_id"),
  anthropic: (body, headers) => text((body.metadata as Body | undefined)?.user_id) ?? header(headers, "x-claude-code-session-id"),
  gemini: (_body, headers) => header(headers, "x-gemini-api-privileged-user-id"),
};

/** The conversation's name in the client's request, or undefined when it names none. */
export function conversationKey(format: Format, body: Body, headers: Headers): string | undefined {
  return BY_FORMAT[format](body, headers);
}
