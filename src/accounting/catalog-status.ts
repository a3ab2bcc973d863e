/** What `GET /api/v1/model/catalog` answers: where prices come from and how the last sync went. */
export interface CatalogStatus {
  /** The configured catalog URL; empty when syncing is off. */
  url: string;
  /** "bundled" until a sync succeeds, then the URL that supplied the prices. */
  source: string;
  /** Models the catalog prices. */
  models: number;
  last_sync_at: number | null;
  ok: boolean | null;
  reason?: string;
}
