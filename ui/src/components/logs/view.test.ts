import { describe, expect, test } from "bun:test";
import { fromLocalInput, matchesFilter, pageNumber, readLogView, toLocalInput, writeLogView } from "./view";

describe("log view in the URL", () => {
  test("reads every filter, the cursor trail and the page size; ignores what is malformed", () => {
    expect(readLogView({ from: "1000", to: "2000", model: " gpt-4o ", channel: "3", key: "7", status: "429", before: "90,41", size: "50" })).toEqual({
      filter: { from: 1000, to: 2000, model: "gpt-4o", channel_id: 3, api_key_id: 7, status: 429 },
      cursors: [90, 41],
      size: 50,
    });
    expect(readLogView({ from: "soon", channel: "-1", key: "1.5", status: "oops", before: "x,0,-2", size: "33", model: "  " })).toEqual({
      filter: { from: undefined, to: undefined, model: undefined, channel_id: undefined, api_key_id: undefined, status: undefined },
      cursors: [],
      size: 20,
    });
    expect(readLogView({ status: "failed" }).filter.status).toBe("failed");
  });

  test("writes back what it reads, leaving defaults out", () => {
    const params = { from: "1000", model: "gpt-4o", status: "success", before: "512,300" };
    const written = writeLogView(readLogView(params));
    expect(Object.fromEntries(Object.entries(written).filter(([, v]) => v !== undefined))).toEqual(params);
    expect(writeLogView(readLogView({}))).toEqual({ from: undefined, to: undefined, model: undefined, channel: undefined, key: undefined, status: undefined, before: undefined, size: undefined });
    expect(pageNumber(readLogView({ before: "512,300" }))).toBe(3);
  });
});

describe("live entries against the filter", () => {
  const entry = { time: 5000, model: "gpt-4o", channel_id: 2, api_key_id: 9, status: 200 };
  test("matches on every field the server filters by", () => {
    expect(matchesFilter(entry, {})).toBe(true);
    expect(matchesFilter(entry, { from: 5000, to: 5000, model: "gpt-4o", channel_id: 2, api_key_id: 9, status: "success" })).toBe(true);
    expect(matchesFilter(entry, { from: 5001 })).toBe(false);
    expect(matchesFilter(entry, { to: 4999 })).toBe(false);
    expect(matchesFilter(entry, { model: "gpt-4o-mini" })).toBe(false);
    expect(matchesFilter(entry, { channel_id: 3 })).toBe(false);
    expect(matchesFilter(entry, { api_key_id: 1 })).toBe(false);
    expect(matchesFilter(entry, { status: "failed" })).toBe(false);
    expect(matchesFilter({ ...entry, status: 502 }, { status: "failed" })).toBe(true);
    expect(matchesFilter({ ...entry, status: 502 }, { status: 502 })).toBe(true);
    expect(matchesFilter(entry, { status: 502 })).toBe(false);
  });
});

describe("datetime-local values", () => {
  test("round-trip in the browser's zone; the end of a range takes its whole minute", () => {
    const ms = new Date(2026, 2, 4, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe("2026-03-04T09:05");
    expect(fromLocalInput("2026-03-04T09:05")).toBe(ms);
    expect(fromLocalInput("2026-03-04T09:05", true)).toBe(ms + 59_999);
    expect(fromLocalInput("")).toBeUndefined();
    expect(toLocalInput(undefined)).toBe("");
  });
});
