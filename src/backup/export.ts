/** Builds a backup document from the database. */
import { asc } from "drizzle-orm";
import { presentChannel } from "../channels/secrets";
import type { Stores } from "../db/stores";
import { STAT_SCOPES } from "../db/stores/stats";
import { isSettingKey } from "../state/settings";
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup } from "./document";

export const INCLUDABLE = ["stats", "logs"] as const;
export type Includable = (typeof INCLUDABLE)[number];

export interface ExportOptions {
  /** Channel keys and secret header and override values in clear; otherwise keys are left out and the rest masked. */
  secrets: boolean;
  include?: readonly Includable[];
}

export async function exportBackup(stores: Stores, { secrets, include = [] }: ExportOptions): Promise<Backup> {
  const [channels, groups, prices, apiKeys, settings] = await Promise.all([
    stores.channels.list(),
    stores.groups.list(),
    stores.prices.list(),
    stores.apiKeys.list(),
    stores.settings.all(),
  ]);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  const doc: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exported_at: Date.now(),
    secrets,
    channels: channels.map((row) => {
      const shown = secrets ? row : presentChannel(row);
      return {
        name: row.name,
        type: row.type,
        enabled: row.enabled,
        base_urls: row.base_urls,
        models: row.models,
        model_filter: row.model_filter,
        auto_sync: row.auto_sync,
        custom_headers: shown.custom_headers,
        param_override: shown.param_override,
        proxy_url: row.proxy_url,
        ...(secrets && { keys: row.keys.map(({ key, enabled, remark }) => ({ key, enabled, remark })) }),
        created_at: row.created_at,
        updated_at: row.updated_at,
      };
    }),
    groups: groups.map(({ id: _id, items, active_item_id, ...group }) => {
      const kept = items.filter((i) => channelName.has(i.channel_id));
      const active = kept.findIndex((i) => i.id === active_item_id);
      return {
        ...group,
        // Item ids are this database's: manual mode's active item goes by its place in the list.
        active_item: active >= 0 ? active : null,
        items: kept.map((i) => ({ channel: channelName.get(i.channel_id)!, model: i.model, priority: i.priority, weight: i.weight })),
      };
    }),
    // In the order they were made, so an import into an empty instance numbers them alike.
    prices: [...prices]
      .sort((a, b) => a.id - b.id)
      .filter((p) => p.channel_id === 0 || channelName.has(p.channel_id))
      .map(({ id: _id, channel_id, source, ...p }) => ({
        ...p,
        channel: channel_id === 0 ? null : channelName.get(channel_id)!,
        source: source as Backup["prices"][number]["source"],
      })),
    api_keys: apiKeys.map(({ id: _id, ...key }) => key),
    // Internal values (the JWT signing secret) stay behind.
    settings: Object.fromEntries(Object.entries(settings).filter(([key]) => isSettingKey(key))),
  };
  if (include.includes("stats"))
    doc.stats = (await Promise.all(STAT_SCOPES.map(async (scope) => (await stores.stats.list(scope)).map((r) => ({ scope, key: r.key, ...r.counters }))))).flat();
  if (include.includes("logs")) {
    const { requestLogs } = stores.db.t;
    doc.logs = (await stores.db.orm.select().from(requestLogs).orderBy(asc(requestLogs.id))).map(({ id: _id, ...row }) => row);
  }
  return doc;
}
