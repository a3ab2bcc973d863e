/** What a pass-through relay reads of a chat stream; see stream-ends/tap.ts. */
import { keyWithValue, tapDecoder, type StreamTap } from "../stream-ends/tap";
import { streamDecoder } from "./stream";

const decides = keyWithValue("usage", "finish_reason", "error");
const callsTool = keyWithValue("tool_calls");

/**
 * Decisive chunks: those with usage, a finish_reason or an error, and the first with a tool call
 * (a call turns a `stop` into `tool_calls`). `[DONE]` is not an object, so it always goes through.
 */
export function streamTap(): StreamTap {
  let calledTools = false;
  return tapDecoder(streamDecoder(), ({ event, data }) => {
    if (event === "error" || decides(data)) return true;
    if (calledTools || !callsTool(data)) return false;
    calledTools = true;
    return true;
  });
}
