/**
 * Reads an untrusted models.dev catalog (`{ provider: { models: { id: { cost } } } }`, USD per
 * million tokens) into price lookups. Models without a usable cost are skipped, never fatal.
 */
import { normalizeModelName } from "./normalize";
import { compareProviders } from "./preference";

export interface ModelPrice {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

export interface CatalogEntry {
  /** The id as the catalog spells it, e.g. `claude-3-7-sonnet-20250219` or `openai/gpt-4o`. */
  model: string;
  provider: string;
  price: ModelPrice;
}

export interface PriceLookup {
  /** By exact catalog id; when several providers list it, the preferred one (preference.ts). */
  readonly byId: ReadonlyMap<string, CatalogEntry>;
  /** By normalised id (normalize.ts), chosen the same way. */
  readonly byNormalizedId: ReadonlyMap<string, CatalogEntry>;
}

export function parseCatalog(raw: unknown): PriceLookup {
  const byId = new Map<string, CatalogEntry>();
  const byNormalizedId = new Map<string, CatalogEntry>();
  for (const entry of pricedEntries(raw)) {
    keepPreferred(byId, entry.model, entry);
    keepPreferred(byNormalizedId, normalizeModelName(entry.model), entry);
  }
  return { byId, byNormalizedId };
}

function keepPreferred(map: Map<string, CatalogEntry>, key: string, candidate: CatalogEntry) {
  const current = map.get(key);
  if (!current || isPreferred(key, candidate, current)) map.set(key, candidate);
}

/**
 * Provider preference first. Within one provider (several of its ids normalise alike), the
 * shortest id wins, so the bare name or its `-latest` alias beats a dated one; then the newest
 * date, which sorts last.
 */
function isPreferred(key: string, candidate: CatalogEntry, current: CatalogEntry): boolean {
  const byProvider = compareProviders(key, candidate, current);
  if (byProvider !== 0) return byProvider < 0;
  if (candidate.model.length !== current.model.length) return candidate.model.length < current.model.length;
  return candidate.model > current.model;
}

function* pricedEntries(raw: unknown): Generator<CatalogEntry> {
  if (!isRecord(raw)) return;
  for (const [provider, info] of Object.entries(raw)) {
    if (!isRecord(info) || !isRecord(info.models)) continue;
    for (const [model, details] of Object.entries(info.models)) {
      const price = isRecord(details) ? readPrice(details.cost) : undefined;
      if (price && model.trim() !== "") yield { model, provider, price };
    }
  }
}

function readPrice(cost: unknown): ModelPrice | undefined {
  if (!isRecord(cost)) return undefined;
  const { input, output, cache_read, cache_write } = cost;
  if (!isPrice(input) || !isPrice(output)) return undefined;
  // A cache price may be absent (null counts as absent) but not malformed.
  if (!isAbsentOrPrice(cache_read) || !isAbsentOrPrice(cache_write)) return undefined;
  const price: ModelPrice = { input, output };
  if (isPrice(cache_read)) price.cache_read = cache_read;
  if (isPrice(cache_write)) price.cache_write = cache_write;
  return price;
}

function isPrice(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function isAbsentOrPrice(value: unknown): boolean {
  return value === undefined || value === null || isPrice(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
