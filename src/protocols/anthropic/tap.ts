/** What a pass-through relay reads of a Messages stream; see stream-ends/tap.ts. */
import { tapDecoder, type StreamTap } from "../stream-ends/tap";
import { AnthropicStreamDecoder } from "./stream";

/** Content deltas and pings, the bulk of a stream, never carry usage, a stop reason or an error. */
const INDECISIVE = new Set(["content_block_delta", "ping"]);

export const streamTap = (): StreamTap =>
  tapDecoder(new AnthropicStreamDecoder(), ({ event }) => event === undefined || !INDECISIVE.has(event));
