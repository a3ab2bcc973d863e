import { api } from "./client";
import type { ApiKey, CreatedApiKey } from "./types";

export interface ApiKeyBody {
  name: string;
  enabled?: boolean;
  /** Unix milliseconds; null never expires. */
  expire_at?: number | null;
  /** USD; null is unlimited. */
  max_cost?: number | null;
  /** Group names the key may use; empty allows all. */
  supported_models?: string[];
  /** Requests per minute, tokens per minute, requests in flight; null takes the settings' default, 0 is no limit. */
  rpm?: number | null;
  tpm?: number | null;
  max_concurrency?: number | null;
}

export const apiKeyApi = {
  list: () => api.get<ApiKey[]>("/apikey/list"),
  create: (body: ApiKeyBody) => api.post<CreatedApiKey>("/apikey/create", body),
  update: (id: number, body: Partial<ApiKeyBody>) => api.post<ApiKey>("/apikey/update", { id, ...body }),
  remove: (id: number) => api.delete<{ id: number }>(`/apikey/delete/${id}`),
};
