import { describe, expect, test } from "bun:test";
import type { Price } from "../../api/types";
import { arrange, channelRows, defaultRows, parseDraft, pricedChannels } from "./rows";

const price = (name: string, channel_id: number, source: Price["source"], input: number, output = input * 4): Price => ({
  name, channel_id, source, input, output, cache_read: input / 2, cache_write: input, updated_at: 0,
});
const prices = [price("gpt-4o", 0, "user", 2.5), price("gpt-4o", 2, "user", 2), price("gpt-4o-mini", 0, "catalog", 0.15), price("llama", 0, "unpriced", 0), price("old", 3, "user", 1)];

describe("price rows", () => {
  test("defaults are the channel-0 rows", () => {
    expect(defaultRows(prices).map((r) => [r.name, r.source, r.kind])).toEqual([
      ["gpt-4o", "user", "default"],
      ["gpt-4o-mini", "catalog", "default"],
      ["llama", "unpriced", "default"],
    ]);
  });

  test("a channel shows each of its models at its own price or the inherited default, and overrides of models it no longer lists", () => {
    const rows = channelRows(prices, { id: 2, models: ["gpt-4o", "gpt-4o-mini", "brand-new"] });
    expect(rows.map((r) => [r.name, r.kind, r.source, r.input])).toEqual([
      ["gpt-4o", "override", "user", 2],
      ["gpt-4o-mini", "inherited", "catalog", 0.15],
      ["brand-new", "inherited", "unpriced", 0],
    ]);
    expect(channelRows(prices, { id: 3, models: [] }).map((r) => [r.name, r.kind])).toEqual([["old", "override"]]);
  });

  test("channels with models or prices get a tab", () => {
    const channels = [{ id: 2, models: ["a"] }, { id: 3, models: [] }, { id: 4, models: [] }] as never[];
    expect(pricedChannels(prices, channels).map((c: { id: number }) => c.id)).toEqual([2, 3]);
  });

  test("search, unpriced only, and sort by name or dearest first", () => {
    const rows = defaultRows(prices);
    expect(arrange(rows, { search: "GPT", sort: "name", unpricedOnly: false }).map((r) => r.name)).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect(arrange(rows, { search: "", sort: "input", unpricedOnly: false }).map((r) => r.name)).toEqual(["gpt-4o", "gpt-4o-mini", "llama"]);
    expect(arrange(rows, { search: "", sort: "output", unpricedOnly: true }).map((r) => r.name)).toEqual(["llama"]);
  });
});

describe("price drafts", () => {
  test("accepts non-negative numbers, names each wrong field", () => {
    expect(parseDraft({ input: "2.5", output: " 10 ", cache_read: "0", cache_write: "1e-3" })).toEqual({ ok: true, values: { input: 2.5, output: 10, cache_read: 0, cache_write: 0.001 } });
    expect(parseDraft({ input: "", output: "-1", cache_read: "abc", cache_write: "2000000" })).toEqual({
      ok: false,
      errors: { input: "required", output: "negative", cache_read: "number", cache_write: "tooLarge" },
    });
  });
});
