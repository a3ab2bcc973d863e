/** Every wire format's adapter by name. */
import type { ProtocolAdapter } from "./adapter";
import { anthropicAdapter } from "./anthropic";
import { geminiAdapter } from "./gemini";
import type { Format } from "./ir";
import { openaiChatAdapter } from "./openai-chat";
import { openaiResponsesAdapter } from "./openai-responses";

export const ADAPTERS: Record<Format, ProtocolAdapter> = {
  "openai-chat": openaiChatAdapter,
  "openai-responses": openaiResponsesAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};
