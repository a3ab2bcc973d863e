/** What a pass-through relay reads of a Gemini stream; see stream-ends/tap.ts. */
import { keyWithValue, tapDecoder, type StreamTap } from "../stream-ends/tap";
import { GeminiStreamDecoder } from "./stream";

const decides = keyWithValue("usageMetadata", "finishReason", "promptFeedback", "error");
const callsTool = keyWithValue("functionCall");

/**
 * Decisive chunks: those with usage, a finish reason, a blocked prompt or an error, and the first
 * with a function call (a call turns STOP into `tool_calls`).
 */
export function streamTap(): StreamTap {
  let calledTools = false;
  return tapDecoder(new GeminiStreamDecoder(), ({ data }) => {
    if (decides(data)) return true;
    if (calledTools || !callsTool(data)) return false;
    calledTools = true;
    return true;
  });
}
