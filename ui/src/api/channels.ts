import type { ChannelTestResult } from "../../../src/admin/channel-test-result";
import { api } from "./client";
import type { Channel, ChannelHealth, ChannelInput, ChannelType } from "./types";

/** The body of create/update: a key entry with an `id` and no `key` keeps the stored secret. */
export type ChannelBody = Omit<ChannelInput, "param_override"> & { param_override?: string };

export type { ChannelTestResult };

export const channelApi = {
  types: () => api.get<ChannelType[]>("/channel/types"),
  list: () => api.get<Channel[]>("/channel/list"),
  health: () => api.get<ChannelHealth[]>("/channel/health"),
  create: (body: ChannelBody) => api.post<Channel>("/channel/create", body),
  update: (id: number, body: Partial<ChannelBody>) => api.post<Channel>("/channel/update", { id, ...body }),
  remove: (id: number) => api.delete<{ id: number }>(`/channel/delete/${id}`),
  sync: (id: number) => api.post<{ models: string[]; added?: string[]; removed?: string[] }>("/channel/sync", { id }),
  /** Lists a provider's models with `key`, or with the stored keys of channel `channel_id` (the form shows them masked). */
  fetchModels: (body: {
    type: string;
    base_url: string;
    key?: string;
    channel_id?: number;
    model_filter?: string;
    proxy_url?: string;
    custom_headers?: { key: string; value: string }[];
  }) => api.post<{ models: string[] }>("/channel/fetch-models", body),
  /** Without `keyId`, with the channel's first enabled key. */
  test: (id: number, model: string, keyId?: number) => api.post<ChannelTestResult>("/channel/test", { id, model, key_id: keyId }),
};
