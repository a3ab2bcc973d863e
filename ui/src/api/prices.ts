import { api } from "./client";
import type { CatalogStatus, CatalogSyncResult, Price } from "./types";

export interface PriceBody {
  name: string;
  /** 0 or absent: the model's default price. */
  channel_id?: number;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
}

export const priceApi = {
  list: () => api.get<Price[]>("/model/list"),
  update: (body: PriceBody) => api.post<Price>("/model/update", body),
  remove: (name: string, channel_id = 0) => api.post<{ name: string; channel_id: number }>("/model/delete", { name, channel_id }),
  syncCatalog: () => api.post<CatalogSyncResult>("/model/sync"),
  catalog: () => api.get<CatalogStatus>("/model/catalog"),
};
