/** Google's Antigravity (Cloud Code) API: Gemini requests in an envelope of its own. Not relayed yet: no target. */
import type { ChannelType } from "../target";

export const antigravity: ChannelType = {
  type: "antigravity",
  name: "Antigravity",
  format: "gemini",
  default_base_url: "https://cloudcode-pa.googleapis.com/v1internal",
};
