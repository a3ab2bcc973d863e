/**
 * Golden fixtures: every adapter keeps wire files beside their IR twins in its `fixtures/`
 * folder, and `goldenSuite` checks both directions for each one it finds.
 *
 * Naming, with kebab-case case names:
 *   <case>.<kind>.json(l)           the wire form
 *   <case>.<kind>.ir.json(l)        its IR twin
 *   <case>.<kind>.encoded.json(l)   optional: what encoding the IR twin gives, where decoding is
 *                                   lossy by design (pings or cache_control dropped, request_id, …)
 *                                   or the encoder reads the client's request;
 *                                   without it, encoding must give the wire form back
 *   <case>.<kind>.client.json       optional, for response and stream: the client's IR request,
 *                                   given to encodeResponse / streamEncoder
 * kinds:
 *   request   decodeRequest(wire) = IR and encodeRequest(IR) = wire. decodeRequest gets the IR's
 *             model and stream as context, since Gemini carries them in the URL.
 *   response  decodeResponse(wire) = IR and encodeResponse(IR, client) = wire.
 *   stream    JSONL. Wire: one SSE event a line, {"event"?: string, "data": <JSON value or "[DONE]">},
 *             fed to a stream decoder and then `end()`. IR: one IRStreamEvent a line. The stream
 *             encoder is made with the client request, if any.
 *   error     Wire: {"status": number, "body": <JSON>}; decodeError gets the body as text.
 * Decoders that stamp the time (formats without a timestamp) see FIXTURE_TIME.
 * Any other file in the folder, and a wire file without its IR twin or the reverse, fails the suite.
 */
import { afterAll, beforeAll, describe, expect, setSystemTime, spyOn, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtocolAdapter, StreamDecoder, StreamEncoder } from "../src/protocols/adapter";
import type { IRRequest, IRStreamEvent } from "../src/protocols/ir";
import { SSEParser, type SSEEvent } from "../src/protocols/sse";

const FIXTURE_TIME = 1735689600;

export interface FixtureEvent {
  event?: string;
  data: unknown;
}

export const loadJSON = (path: string): any => JSON.parse(readFileSync(path, "utf8"));

export const loadJSONL = (path: string): any[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));

/** Fixture lines → the SSE events a decoder receives. */
export const toSSEEvents = (lines: FixtureEvent[]): SSEEvent[] =>
  lines.map((l) => {
    const data = typeof l.data === "string" ? l.data : JSON.stringify(l.data);
    return l.event === undefined ? { data } : { event: l.event, data };
  });

/** SSE text an encoder wrote → fixture lines, for comparison with a golden file. */
export function fromSSEText(text: string): FixtureEvent[] {
  const parser = new SSEParser();
  return [...parser.push(text), ...parser.end()].map((e) => {
    let data: unknown = e.data;
    try {
      data = JSON.parse(e.data);
    } catch {}
    return e.event === undefined ? { data } : { event: e.event, data };
  });
}

/** Feeds every event to a decoder, then ends it: the whole IR stream. */
export const decodeAll = (decoder: StreamDecoder, events: SSEEvent[]): IRStreamEvent[] => [
  ...events.flatMap((e) => decoder.push(e)),
  ...decoder.end(),
];

/**
 * Decodes `events` as they come, then again with a space after each one's data, which JSON.parse
 * reads alike but no learned event shape matches or learns from (src/protocols/event-shape.ts):
 * the first reads the bulk by its shape, the second parses every event. Both IR streams, and how
 * many events the first did not parse.
 */
export function decodeByShape(decoder: () => StreamDecoder, events: SSEEvent[]) {
  const parse = spyOn(JSON, "parse");
  const byShape = decodeAll(decoder(), events);
  const parsed = new Set(parse.mock.calls.map(([text]) => text));
  parse.mockRestore();
  const byParsing = decodeAll(decoder(), events.map((e) => ({ ...e, data: `${e.data} ` })));
  return { byShape, byParsing, unparsed: events.filter((e) => !parsed.has(e.data)).length };
}

/** Everything an encoder writes for these events, as fixture lines. */
export const encodeAll = (encoder: StreamEncoder, events: IRStreamEvent[]): FixtureEvent[] =>
  fromSSEText(events.map((e) => encoder.push(e)).join(""));

const KINDS = ["request", "response", "stream", "error"] as const;
type Kind = (typeof KINDS)[number];

const FIXTURE_NAME = /^(?<name>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?<kind>request|response|stream|error)(?:\.(?<variant>ir|encoded|client))?\.(?<ext>jsonl?)$/;

interface Case {
  name: string;
  kind: Kind;
  wire: string;
  ir: string;
  /** What encoding the IR gives: the `.encoded.` variant when there is one, else the wire file. */
  encoded: string;
  /** The client's IR request, for response and stream encoders. */
  client?: string;
}

/** The folder's cases, and what is wrong with files that belong to none. */
function casesIn(dir: string): { cases: Case[]; problems: string[] } {
  const files = new Set(readdirSync(dir));
  const cases = new Map<string, Case>();
  const problems: string[] = [];
  for (const file of files) {
    const groups = FIXTURE_NAME.exec(file)?.groups;
    if (!groups) {
      problems.push(`${file}: not a fixture name (<case>.<kind>[.ir|.encoded|.client].json(l))`);
      continue;
    }
    const { name, variant } = groups;
    const kind = groups.kind as Kind;
    const ext = kind === "stream" ? "jsonl" : "json";
    if (variant === "client" && kind !== "response" && kind !== "stream")
      problems.push(`${file}: only responses and streams have a client request`);
    else if (groups.ext !== (variant === "client" ? "json" : ext)) problems.push(`${file}: wrong extension`);
    else if (!files.has(`${name}.${kind}.${ext}`)) problems.push(`${file}: no wire file ${name}.${kind}.${ext}`);
    else if (!files.has(`${name}.${kind}.ir.${ext}`)) problems.push(`${file}: no IR twin ${name}.${kind}.ir.${ext}`);
    else {
      const at = (suffix: string, extension = ext) => join(dir, `${name}.${kind}${suffix}.${extension}`);
      const encoded = files.has(`${name}.${kind}.encoded.${ext}`) ? at(".encoded") : at("");
      const client = files.has(`${name}.${kind}.client.json`) ? at(".client", "json") : undefined;
      cases.set(`${name}.${kind}`, { name, kind, wire: at(""), ir: at(".ir"), encoded, client });
    }
  }
  return { cases: [...cases.values()].sort((a, b) => a.name.localeCompare(b.name)), problems };
}

const clientOf = (c: Case): IRRequest | undefined => (c.client === undefined ? undefined : loadJSON(c.client));

const CHECKS: Record<Kind, (adapter: ProtocolAdapter, c: Case) => { decode(): void; encode(): void }> = {
  request: (adapter, c) => ({
    decode() {
      const ir = loadJSON(c.ir);
      expect(adapter.decodeRequest(loadJSON(c.wire), { model: ir.model, stream: ir.stream })).toEqual(ir);
    },
    encode: () => expect(adapter.encodeRequest(loadJSON(c.ir))).toEqual(loadJSON(c.encoded)),
  }),
  response: (adapter, c) => ({
    decode: () => expect(adapter.decodeResponse(loadJSON(c.wire))).toEqual(loadJSON(c.ir)),
    encode: () => expect(adapter.encodeResponse(loadJSON(c.ir), clientOf(c))).toEqual(loadJSON(c.encoded)),
  }),
  stream: (adapter, c) => ({
    decode: () => expect(decodeAll(adapter.streamDecoder(), toSSEEvents(loadJSONL(c.wire)))).toEqual(loadJSONL(c.ir)),
    encode: () => expect(encodeAll(adapter.streamEncoder(clientOf(c)), loadJSONL(c.ir))).toEqual(loadJSONL(c.encoded)),
  }),
  error: (adapter, c) => ({
    decode() {
      const wire = loadJSON(c.wire);
      expect(adapter.decodeError(wire.status, JSON.stringify(wire.body))).toEqual(loadJSON(c.ir));
    },
    encode: () => expect(adapter.encodeError(loadJSON(c.ir))).toEqual(loadJSON(c.encoded)),
  }),
};

/**
 * One test per case and direction, one that every file in `dir` belongs to a case, and one that
 * each kind has at least `atLeast` cases (one by default), so that lost fixtures do not go unnoticed.
 */
export function goldenSuite(adapter: ProtocolAdapter, dir: string, atLeast: Partial<Record<Kind, number>> = {}): void {
  const { cases, problems } = casesIn(dir);
  beforeAll(() => setSystemTime(new Date(FIXTURE_TIME * 1000)));
  afterAll(() => setSystemTime());

  describe(`${adapter.format} golden fixtures`, () => {
    for (const c of cases) {
      const check = CHECKS[c.kind](adapter, c);
      test(`${c.name}.${c.kind}: wire → IR`, check.decode);
      test(`${c.name}.${c.kind}: IR → wire`, check.encode);
    }
    test("every fixture file belongs to a case", () => expect(problems).toEqual([]));
    test("every kind has enough cases", () => {
      for (const kind of KINDS) expect(cases.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(atLeast[kind] ?? 1);
    });
  });
}
