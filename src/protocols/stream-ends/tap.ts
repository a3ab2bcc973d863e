/**
 * Stream taps: what a pass-through relay reads of a stream it forwards unchanged (the usage, the
 * finish, an in-band error), without decoding every event. Decoding an event means parsing its
 * JSON, which costs more than everything else the relay does with it.
 */
import type { StreamDecoder } from "../adapter";
import type { SSEEvent } from "../sse";

export interface StreamTap extends StreamDecoder {
  /** The decoder has emitted something past `start` and `usage`: the stream has opened. */
  readonly opened: boolean;
}

/**
 * A format's full decoder, fed only some events. Every event goes through until the decoder has
 * emitted something past `start` and `usage`, so a stream opens exactly as the full decoder reads
 * it (an opening error still shows as the first real event). After that an event reaches the
 * decoder when `decisive` says it may carry the usage, the finish or its reason, or an error, and
 * whenever its data does not look like a JSON object. Block events come out incomplete; the
 * usage, finish and error events come out as the full decoder's. A skipped event is not checked:
 * `{…}` that is not JSON, or content the decoder would refuse, reaches the client unremarked, as
 * its bytes would anyway.
 */
export function tapDecoder(decoder: StreamDecoder, decisive: (event: SSEEvent) => boolean): StreamTap {
  let opened = false;
  return {
    get opened() {
      return opened;
    },
    push(event) {
      if (opened && looksLikeObject(event.data) && !decisive(event)) return [];
      const events = decoder.push(event);
      opened ||= events.some((e) => e.type !== "start" && e.type !== "usage");
      return events;
    },
    end: () => decoder.end(),
  };
}

/** `{…}` around the text; anything else is left to the decoder, which fails it as its format says. */
function looksLikeObject(data: string): boolean {
  const braced = (text: string) => text.charCodeAt(0) === 123 && text.charCodeAt(text.length - 1) === 125;
  return braced(data) || braced(data.trim());
}

/**
 * A test of JSON text for any of `keys` with a value other than null, at any depth, without
 * parsing it: in JSON text a quoted key followed by a colon cannot be the inside of a string.
 */
export function keyWithValue(...keys: string[]): (json: string) => boolean {
  const pattern = new RegExp(`"(?:${keys.join("|")})"\\s*:\\s*(?!\\s|null)`);
  return (json) => pattern.test(json);
}
