/** The channel types a user can add, served to the panel by `GET /api/v1/channel/types`. */

export interface ChannelType {
  type: string;
  name: string;
  /** The wire format the channel speaks. */
  format: "openai-chat" | "openai-responses" | "anthropic" | "gemini" | "antigravity";
  /** What the user enters as the base URL: the outbound path is appended to it. */
  default_base_url: string;
}

export const CHANNEL_TYPES: readonly ChannelType[] = [
  { type: "openai-chat", name: "OpenAI Chat", format: "openai-chat", default_base_url: "https://api.openai.com/v1" },
  { type: "openai-responses", name: "OpenAI Responses", format: "openai-responses", default_base_url: "https://api.openai.com/v1" },
  { type: "anthropic", name: "Anthropic", format: "anthropic", default_base_url: "https://api.anthropic.com/v1" },
  { type: "gemini", name: "Gemini", format: "gemini", default_base_url: "https://generativelanguage.googleapis.com/v1beta" },
  { type: "antigravity", name: "Antigravity", format: "antigravity", default_base_url: "https://cloudcode-pa.googleapis.com/v1internal" },
];

export const channelType = (type: string) => CHANNEL_TYPES.find((t) => t.type === type);
