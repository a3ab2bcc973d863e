import { describe, expect, test } from "bun:test";
import { ADAPTERS } from ".";
import type { Format } from "./ir";

const conversationKey = (format: Format, body: Record<string, unknown>, headers: Headers) => ADAPTERS[format].conversationKey(body, headers);

const h = (headers: Record<string, string> = {}) => new Headers(headers);
// As Claude Code 2.1.328 and Codex 0.169.0 sent them (captured), ids shortened.
const CLAUDE_USER_ID = JSON.stringify({ device_id: "c193d39d", account_uuid: "", session_id: "4cb714ff-89b0" });

describe("conversation keys", () => {
  test("Codex: prompt_cache_key, else its session headers", () => {
    expect(conversationKey("openai-responses", { prompt_cache_key: "01a23528-b742" }, h({ "session-id": "other" }))).toBe("01a23528-b742");
    expect(conversationKey("openai-responses", {}, h({ "session-id": "s1", "thread-id": "t1" }))).toBe("s1");
    expect(conversationKey("openai-responses", {}, h({ session_id: "old-s", conversation_id: "old-c" }))).toBe("old-s");
    expect(conversationKey("openai-chat", { prompt_cache_key: "k" }, h())).toBe("k");
  });

  test("Claude Code: metadata.user_id, else x-claude-code-session-id", () => {
    expect(conversationKey("anthropic", { metadata: { user_id: CLAUDE_USER_ID } }, h({ "x-claude-code-session-id": "x" }))).toBe(CLAUDE_USER_ID);
    expect(conversationKey("anthropic", { metadata: {} }, h({ "x-claude-code-session-id": "4cb714ff" }))).toBe("4cb714ff");
  });

  test("Gemini CLI: its installation id", () => {
    expect(conversationKey("gemini", { contents: [] }, h({ "x-gemini-api-privileged-user-id": "install-1" }))).toBe("install-1");
  });

  test("none named, empty or not a string: none; a long name is cut to 200 characters", () => {
    expect(conversationKey("openai-chat", { prompt_cache_key: 42 }, h())).toBeUndefined();
    expect(conversationKey("anthropic", { metadata: "x" }, h())).toBeUndefined();
    expect(conversationKey("openai-responses", { prompt_cache_key: "" }, h())).toBeUndefined();
    expect(conversationKey("gemini", {}, h())).toBeUndefined();
    expect(conversationKey("openai-responses", { prompt_cache_key: "x".repeat(10_000) }, h())).toHaveLength(200);
  });
});
