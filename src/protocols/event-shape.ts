/**
 * Reading a stream's bulk events without JSON.parse. A provider writes most of a stream as one
 * event shape over and over (a text delta: the same keys in the same order, only the text and a
 * few counters or ids changing), so a decoder learns that shape from one event it parsed and
 * reads the next ones by comparing their text with the shape's fixed parts, reading only the
 * values left open.
 *
 * Exact by construction: a shape is learned only from an event whose text is exactly
 * `JSON.stringify` of its value (so no whitespace, duplicate keys or other escapes hide in the
 * fixed parts), and an event matches only when every open value is one whole, valid JSON token of
 * the kind learned (a string, or a number). Such an event parses to the learned value with those
 * values replaced; anything else does not match, and the decoder parses it as before.
 */
import type { JSONObject } from "./json";

/** Keys and array positions from an event's top level down to one value. */
export type JSONPath = readonly (string | number)[];

interface Hole {
  kind: "string" | "number";
  /** Where match() returns this value (its `read` path's position), or -1: only checked. */
  slot: number;
  /** The token as learned: an unread value (an id, a model name) mostly stays the same, and comparing it is quicker than scanning. */
  learned: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
/** A JSON number token, read from `lastIndex`. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** What stands in for an open value while the fixed parts are cut out: no event text holds it unescaped. */
const MARK = "\u0000open";

export class EventShape {
  private constructor(
    /** The text between the open values: one more than there are holes. */
    private readonly fixed: string[],
    private readonly holes: Hole[],
    reads: number,
  ) {
    // The text up to the first read value, as learned: where the unread values before it stayed the same, one comparison covers them.
    let h = 0;
    let head = fixed[0]!;
    while (h < holes.length && holes[h]!.slot === -1) head += holes[h]!.learned + fixed[++h];
    this.head = head;
    this.headHoles = h;
    this.values = new Array<string | number>(reads);
  }

  private readonly head: string;
  private readonly headHoles: number;
  /** What match() returns, one array for every match: it runs for every bulk event, and its callers read it at once. */
  private readonly values: (string | number)[];

  /**
   * The shape of `text`, parsed as `value`, with the values at `read` open and returned by
   * match(), in that order, and every top-level string or number under a key not in `readKeys`
   * open but not returned (ids, counters and padding the decoder does not read). Undefined when
   * `text` is not `JSON.stringify(value)` or a `read` path does not lead to a string or number.
   */
  static learn(text: string, value: JSONObject, read: readonly JSONPath[], readKeys: ReadonlySet<string>): EventShape | undefined {
    if (JSON.stringify(value) !== text) return undefined;
    const marked = JSON.parse(text) as JSONObject;
    const holes: Hole[] = [];
    const open = (holder: unknown, key: string | number, slot: number): boolean => {
      const v = typeof holder === "object" && holder !== null ? (holder as Record<string | number, unknown>)[key] : undefined;
      if (typeof v !== "string" && typeof v !== "number") return false;
      (holder as Record<string | number, unknown>)[key] = MARK + holes.length;
      holes.push({ kind: typeof v === "string" ? "string" : "number", slot, learned: JSON.stringify(v) });
      return true;
    };
    for (const [slot, path] of read.entries()) {
      let holder: unknown = marked;
      for (const key of path.slice(0, -1)) holder = typeof holder === "object" && holder !== null ? (holder as Record<string | number, unknown>)[key] : undefined;
      if (!open(holder, path[path.length - 1]!, slot)) return undefined;
    }
    for (const key of Object.keys(marked)) if (!readKeys.has(key) && !read.some((path) => path.length === 1 && path[0] === key)) open(marked, key, -1);
    // Cut the marked text at each mark, which must stand there and nowhere else.
    const markedText = JSON.stringify(marked);
    const at = holes.map((_, i) => {
      const token = JSON.stringify(MARK + i);
      const first = markedText.indexOf(token);
      return first !== -1 && markedText.indexOf(token, first + 1) === -1 ? { i, start: first, end: first + token.length } : undefined;
    });
    if (at.some((a) => a === undefined)) return undefined;
    const ordered = (at as { i: number; start: number; end: number }[]).sort((a, b) => a.start - b.start);
    const fixed: string[] = [];
    let from = 0;
    for (const a of ordered) {
      fixed.push(markedText.slice(from, a.start));
      from = a.end;
    }
    fixed.push(markedText.slice(from));
    return new EventShape(fixed, ordered.map((a) => holes[a.i]!), read.length);
  }

  /** The read values of `text` when it has this shape (in an array the next match reuses), else undefined. */
  match(text: string): (string | number)[] | undefined {
    const { fixed, holes } = this;
    let h = 0;
    let at: number;
    if (text.startsWith(this.head)) {
      h = this.headHoles;
      at = this.head.length;
    } else if (text.startsWith(fixed[0]!)) at = fixed[0]!.length;
    else return undefined;
    const values = this.values;
    for (; h < holes.length; h++) {
      const hole = holes[h]!;
      let end: number;
      if (hole.slot === -1 && text.startsWith(hole.learned, at)) end = at + hole.learned.length;
      else if (hole.kind === "string") {
        if (text.charCodeAt(at) !== QUOTE) return undefined;
        let escaped = false;
        end = at + 1;
        for (;;) {
          const c = text.charCodeAt(end);
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            escaped = true;
            end += 2;
          } else if (c >= 0x20) end++;
          // A control character (invalid in JSON), or the text ended inside the string (NaN).
          else return undefined;
        }
        end++;
        if (hole.slot !== -1) {
          const string = escaped ? parseString(text.slice(at, end)) : text.slice(at + 1, end - 1);
          if (string === undefined) return undefined;
          values[hole.slot] = string;
        }
      } else {
        NUMBER.lastIndex = at;
        if (!NUMBER.test(text)) return undefined;
        end = NUMBER.lastIndex;
        if (hole.slot !== -1) values[hole.slot] = Number(text.slice(at, end));
      }
      const next = fixed[h + 1]!;
      if (!text.startsWith(next, end)) return undefined;
      at = end + next.length;
    }
    return at === text.length ? values : undefined;
  }
}

/** A string token with escapes, or undefined when one of them is not valid JSON. */
function parseString(token: string): string | undefined {
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

/** Shapes a stream learns per kind of event, at most: an upstream whose events never match stops paying for learning. */
const MAX_LEARNED = 3;

/**
 * One kind of event a decoder reads by its shape (its text deltas), with the shape last learned of
 * it in any stream: a shape holds nothing of the stream it came from, and the next stream from
 * the same provider mostly has the same one, so it starts with that rather than learning it again.
 */
export class EventKind {
  last: EventShape | undefined;

  /** See EventShape.learn for `read` and `readKeys`. */
  constructor(
    readonly read: readonly JSONPath[],
    readonly readKeys: ReadonlySet<string>,
  ) {}

  /** The shape one stream reads this kind of event by. */
  inStream(): StreamShape {
    return new StreamShape(this);
  }
}

/** A decoder's shape for one kind of its stream's events. */
export class StreamShape {
  private shape: EventShape | undefined;
  private learned = 0;

  constructor(private readonly kind: EventKind) {
    this.shape = kind.last;
  }

  match(text: string): (string | number)[] | undefined {
    return this.shape?.match(text);
  }

  /** Learns from an event of this kind that did not match, parsed as `value`; the shape it had stays when this one cannot be learned. */
  learn(text: string, value: JSONObject) {
    if (this.learned >= MAX_LEARNED) return;
    this.learned++;
    const shape = EventShape.learn(text, value, this.kind.read, this.kind.readKeys);
    if (shape !== undefined) this.shape = this.kind.last = shape;
  }
}
