import { api } from "./client";
import type { ApiKeyInput } from "../../../src/db/stores/apikeys";
import type { ApiKey, CreatedApiKey } from "./types";

export type ApiKeyBody = ApiKeyInput;

export const apiKeyApi = {
  list: () => api.get<ApiKey[]>("/apikey/list"),
  create: (body: ApiKeyBody) => api.post<CreatedApiKey>("/apikey/create", body),
  update: (id: number, body: Partial<ApiKeyBody>) => api.post<ApiKey>("/apikey/update", { id, ...body }),
  remove: (id: number) => api.delete<{ id: number }>(`/apikey/delete/${id}`),
};
