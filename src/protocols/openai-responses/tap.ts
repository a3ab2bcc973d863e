/** What a pass-through relay reads of a Responses stream; see stream-ends/tap.ts. */
import { tapDecoder, type StreamTap } from "../stream-ends/tap";
import { ResponsesStreamDecoder } from "./stream";

/**
 * The `….delta` events, the bulk of a stream, never carry usage, a finish or an error: those come
 * in `response.completed`, `.incomplete`, `.failed` and `error`, and tool calls show in the items.
 */
export const streamTap = (): StreamTap =>
  tapDecoder(new ResponsesStreamDecoder(), ({ event }) => event === undefined || !event.endsWith(".delta"));
