/**
 * Syncs a channel's `models` with what its provider lists now. Group items left pointing at a
 * model the channel no longer lists are reported, never deleted: the user decides.
 */
import type { Accounting } from "../../accounting";
import type { ChannelKey } from "../../db/stores/channels";
import type { Stores } from "../../db/stores";
import type { AppState } from "../../state";
import type { Authorizers } from "../authorizers";
import { ownBaseUrl } from "../endpoints";
import { ModelFetchError } from "./error";
import { fetchModels, type FetchModelsOptions, type ModelSource } from "./fetch";

export interface SyncContext {
  stores: Stores;
  state: AppState;
  accounting: Pick<Accounting, "syncPrices">;
  authorizers: Authorizers;
}

export interface SyncResult {
  models: string[];
  added: string[];
  removed: string[];
  orphaned_items: { group: string; model: string }[];
}

export const SYNC_TIMEOUT_MS = 30_000;

/** The models whose name matches the channel's `model_filter` (all when it is empty). */
export function filterModels(models: string[], filter: string): string[] {
  if (filter === "") return models;
  let pattern: RegExp;
  try {
    pattern = new RegExp(filter);
  } catch {
    throw new ModelFetchError("config", "model_filter is not a valid regular expression");
  }
  return models.filter((m) => pattern.test(m));
}

/** Undefined when there is no channel `id`; throws ModelFetchError when the provider cannot be listed. */
export async function syncChannel(
  ctx: SyncContext,
  id: number,
  options: FetchModelsOptions = { timeoutMs: SYNC_TIMEOUT_MS },
): Promise<SyncResult | undefined> {
  const channel = await ctx.stores.channels.get(id);
  if (!channel) return undefined;
  const baseUrl = ownBaseUrl(channel);
  if (!baseUrl) throw new ModelFetchError("config", "the channel has no base URL of its type's format");
  const source = { type: channel.type, baseUrl, proxyUrl: channel.proxy_url || undefined, customHeaders: channel.custom_headers };
  const models = filterModels(await listWithAnyKey(source, channel.keys, { ...options, authorizers: ctx.authorizers }), channel.model_filter);
  const added = models.filter((m) => !channel.models.includes(m));
  const removed = channel.models.filter((m) => !models.includes(m));
  if (models.length !== channel.models.length || models.some((m, i) => m !== channel.models[i])) {
    await ctx.stores.channels.update(id, { models });
    await ctx.state.publish("channels", "groups");
    await ctx.accounting.syncPrices();
  }
  const orphaned_items = (await ctx.stores.groups.list()).flatMap((group) =>
    group.items.filter((item) => item.channel_id === id && !models.includes(item.model)).map((item) => ({ group: group.name, model: item.model })),
  );
  return { models, added, removed, orphaned_items };
}

/** Lists with the first of the enabled `keys` the provider accepts. */
export async function listWithAnyKey(source: Omit<ModelSource, "key">, keys: ChannelKey[], options: FetchModelsOptions): Promise<string[]> {
  const enabled = keys.filter((k) => k.enabled);
  if (enabled.length === 0) throw new ModelFetchError("config", "the channel has no enabled key");
  let rejected: ModelFetchError | undefined;
  for (const { key } of enabled) {
    try {
      return await fetchModels({ ...source, key }, options);
    } catch (error) {
      if (!(error instanceof ModelFetchError && error.kind === "rejected_key")) throw error;
      rejected = error;
    }
  }
  const prefix = enabled.length > 1 ? `all ${enabled.length} enabled keys were refused; the last: ` : "";
  throw new ModelFetchError("rejected_key", prefix + rejected!.message);
}
