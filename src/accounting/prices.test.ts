import { describe, expect, test } from "bun:test";
import { PriceBook } from "./prices";

const row = (model: string, channel_id: number, input: number, source = "user") => ({
  id: 0,
  model,
  channel_id,
  input,
  output: input * 4,
  cache_read: input / 10,
  cache_write: input,
  source,
  updated_at: 0,
});

describe("price book", () => {
  const catalog = { lookup: (m: string) => (m === "gpt-4o" ? { input: 2.5, output: 10 } : undefined) };

  test("channel price over the user's default over the catalog over nothing", () => {
    const book = new PriceBook(catalog);
    book.load([row("gpt-4o", 0, 2), row("gpt-4o", 5, 1)]);
    expect(book.priceFor(5, "gpt-4o")).toMatchObject({ source: "channel", price: { input: 1 } });
    expect(book.priceFor(6, "gpt-4o")).toMatchObject({ source: "default", price: { input: 2 } });
    book.load([]);
    expect(book.priceFor(5, "gpt-4o")).toMatchObject({ source: "catalog", price: { input: 2.5 } });
    expect(book.priceFor(5, "unknown-model")).toMatchObject({ source: "none", price: { input: 0, output: 0 } });
  });

  test("rows copied from the catalog or flagged unpriced do not outrank the catalog", () => {
    const book = new PriceBook(catalog);
    book.load([row("gpt-4o", 0, 99, "catalog"), row("mystery", 0, 0, "unpriced")]);
    expect(book.priceFor(1, "gpt-4o")).toMatchObject({ source: "catalog", price: { input: 2.5 } });
    expect(book.priceFor(1, "mystery").source).toBe("none");
  });
});
