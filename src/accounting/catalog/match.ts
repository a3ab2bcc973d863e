/** Finds the catalog price for a model name as a client or provider spells it. */
import { normalizeModelName } from "./normalize";
import type { ModelPrice, PriceLookup } from "./parse";

/** `exact`: the name is a catalog id as is; `normalized`: equal after normalize.ts on both sides. */
export type MatchRule = "exact" | "normalized";

/** A price, plus where it came from for the panel. */
export interface PriceMatch extends ModelPrice {
  rule: MatchRule;
  catalogModel: string;
  provider: string;
}

export function findPrice(lookup: PriceLookup, model: string): PriceMatch | undefined {
  const exact = lookup.byId.get(model);
  if (exact) return { ...exact.price, rule: "exact", catalogModel: exact.model, provider: exact.provider };
  const key = normalizeModelName(model);
  const normalized = key === "" ? undefined : lookup.byNormalizedId.get(key);
  if (normalized) {
    return { ...normalized.price, rule: "normalized", catalogModel: normalized.model, provider: normalized.provider };
  }
  return undefined;
}
