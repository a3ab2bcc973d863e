import { describe, expect, test } from "bun:test";
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { Stores } from "../db/stores";
import { hashApiKey, KeyHashes } from "./api-keys";
import { AppState } from ".";

const row = (id: number, key: string, enabled = true) =>
  ({ id, name: `key ${id}`, key_hash: hashApiKey(key), key_prefix: key.slice(0, 15), enabled, expire_at: null, max_cost: null, rpm: null, tpm: null, max_concurrency: null, supported_models: [], created_at: 0 }) as ApiKeyRow;

/** State over stores whose API-key rows the test sets. */
function stateWith(rows: ApiKeyRow[]) {
  const stores = {
    channels: { list: async () => [] },
    groups: { list: async () => [] },
    apiKeys: { list: async () => rows },
    settings: { all: async () => ({}) },
  };
  return { state: new AppState(stores as unknown as Stores), setRows: (next: ApiKeyRow[]) => (rows = next) };
}

describe("API keys in memory", () => {
  test("a key is hashed once; only keys that match a row are remembered; a reload forgets them", async () => {
    const { state, setRows } = stateWith([row(1, "sk-octopus-one")]);
    await state.reload();
    expect(state.apiKeyFor("sk-octopus-one")?.id).toBe(1);
    expect(state.apiKeyFor("sk-octopus-one")?.id).toBe(1);
    expect(state.apiKeyFor("sk-octopus-made-up")).toBeUndefined();
    expect(state.keyHashes.size).toBe(1);

    setRows([row(1, "sk-octopus-one", false)]);
    await state.reload("apiKeys");
    expect(state.keyHashes.size).toBe(0);
    expect(state.apiKeyFor("sk-octopus-one")?.enabled).toBe(false);

    setRows([]);
    await state.reload("apiKeys");
    expect(state.apiKeyFor("sk-octopus-one")).toBeUndefined();
  });

  test("a remembered key whose row is gone names no row, even without a reload", async () => {
    const { state } = stateWith([row(1, "sk-octopus-one")]);
    await state.reload();
    expect(state.apiKeyFor("sk-octopus-one")).toBeDefined();
    state.apiKeys = new Map();
    expect(state.apiKeyFor("sk-octopus-one")).toBeUndefined();
  });

  test("the remembered keys are bounded, the oldest going first", () => {
    const hashes = new KeyHashes(2);
    hashes.remember("a", "ha");
    hashes.remember("b", "hb");
    hashes.remember("c", "hc");
    expect(hashes.size).toBe(2);
    expect(hashes.get("a")).toBeUndefined();
    expect(hashes.get("c")).toBe("hc");
  });
});
