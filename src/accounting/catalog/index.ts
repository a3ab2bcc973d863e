export { Catalog, bundledLookup, DEFAULT_SYNC_INTERVAL_HOURS, type SyncResult, type PeriodicSyncOptions } from "./sync";
export { type FetchCatalogOptions } from "./fetch";
export { findPrice, type MatchRule, type PriceMatch } from "./match";
export { normalizeModelName } from "./normalize";
export { parseCatalog, type CatalogEntry, type ModelPrice, type PriceLookup } from "./parse";
