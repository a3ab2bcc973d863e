/**
 * Golden fixtures: wire-format files beside their IR twins.
 * A stream fixture is JSONL, one SSE event a line: {"event"?: string, "data": <JSON value or "[DONE]">}.
 */
import { readFileSync } from "node:fs";
import { SSEParser, type SSEEvent } from "../src/protocols/sse";

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
