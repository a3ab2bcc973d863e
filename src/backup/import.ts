/**
 * Writes a backup document into the database in one transaction: `merge` matches records by name
 * (channels, groups, settings), by model and channel (prices) or by hash (API keys) and reports
 * what it added, updated and skipped as unchanged; `replace` first removes the configuration.
 * Every check runs before the first write, and a failure during the writes undoes them all.
 */
import { eq, inArray } from "drizzle-orm";
import { keepStoredSecrets } from "../channels/secrets";
import { baseUrlsProblem } from "../channels/endpoints";
import { channelType } from "../channels/types";
import type { Orm } from "../db/connection";
import type { Stores } from "../db/stores";
import type { ChannelInput } from "../db/stores/channels";
import { COUNTERS } from "../db/stores/stats";
import { isSettingKey, parseSetting, SETTINGS } from "../state/settings";
import { BackupError, type Backup, type BackupChannel } from "./document";
import { exportBackup } from "./export";

export type ImportMode = "merge" | "replace";
type Kind = "channels" | "groups" | "prices" | "api_keys" | "settings";
const KINDS: Kind[] = ["channels", "groups", "prices", "api_keys", "settings"];

export interface ImportReport {
  mode: ImportMode;
  added: Record<Kind, string[]>;
  updated: Record<Kind, string[]>;
  /** Records equal to the stored ones. */
  skipped: Record<Kind, string[]>;
  /** What could not be carried over, or needs the user's attention. */
  notes: string[];
}

const byKind = () => Object.fromEntries(KINDS.map((k) => [k, [] as string[]])) as Record<Kind, string[]>;

/** JSON with object keys sorted, so two records compare by content. */
const stable = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
const same = (stored: object | undefined, incoming: object, ignore: string[]) => {
  if (!stored) return false;
  const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => !ignore.includes(k)));
  return stable(strip(stored)) === stable(strip(incoming));
};
const TIMES = ["created_at", "updated_at"];

function duplicates(names: string[], field: string) {
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (seen.has(name)) throw new BackupError(`${field}[${i}]: duplicate ${JSON.stringify(name)}`);
    seen.add(name);
  }
}

/** The checks the schema cannot make, against the document and what it will be merged with. */
function check(doc: Backup, storedChannels: Set<string>) {
  duplicates(doc.channels.map((c) => c.name), "channels");
  duplicates(doc.groups.map((g) => g.name), "groups");
  duplicates(doc.prices.map((p) => `${p.model}@${p.channel ?? ""}`), "prices");
  duplicates(doc.api_keys.map((k) => k.key_hash), "api_keys");
  const channels = new Set([...storedChannels, ...doc.channels.map((c) => c.name)]);
  for (const [i, c] of doc.channels.entries()) {
    if (!channelType(c.type)) throw new BackupError(`channels[${i}].type: unknown channel type ${JSON.stringify(c.type)}`);
    const problem = baseUrlsProblem(c.type, c.base_urls, `channels[${i}].base_urls`);
    if (problem) throw new BackupError(problem);
    if (c.param_override !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.param_override);
      } catch {}
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new BackupError(`channels[${i}].param_override: must be a JSON object or empty`);
    }
  }
  for (const [i, g] of doc.groups.entries())
    for (const [j, item] of g.items.entries())
      if (!channels.has(item.channel)) throw new BackupError(`groups[${i}].items[${j}].channel: no channel named ${JSON.stringify(item.channel)}`);
  for (const [i, p] of doc.prices.entries())
    if (p.channel !== null && !channels.has(p.channel)) throw new BackupError(`prices[${i}].channel: no channel named ${JSON.stringify(p.channel)}`);
  for (const [key, value] of Object.entries(doc.settings)) {
    if (!isSettingKey(key)) throw new BackupError(`settings.${key}: unknown setting`);
    try {
      parseSetting(key, value);
    } catch (e) {
      throw new BackupError(`settings.${key}: ${(e as Error).message}`);
    }
  }
}

const channelInput = ({ keys, created_at: _c, updated_at: _u, ...c }: BackupChannel): Omit<ChannelInput, "keys"> & { keys?: ChannelInput["keys"] } =>
  keys ? { ...c, keys } : c;

export async function importBackup(stores: Stores, doc: Backup, mode: ImportMode, notes: string[] = []): Promise<ImportReport> {
  const { db } = stores;
  const t = db.t;
  const report: ImportReport = { mode, added: byKind(), updated: byKind(), skipped: byKind(), notes };
  // In replace mode nothing stored is matched: the comparison base is empty.
  const stored = mode === "merge" ? await exportBackup(stores, { secrets: true }) : undefined;
  const storedRows = mode === "merge" ? await stores.channels.list() : [];
  check(doc, new Set(storedRows.map((c) => c.name)));
  if (mode === "merge" && (doc.stats || doc.logs)) notes.push("stats and logs are imported only with mode=replace: left out");
  for (const c of doc.channels)
    if (!c.keys && !storedRows.some((r) => r.name === c.name)) notes.push(`channel ${JSON.stringify(c.name)} has no keys (the backup was made without secrets): add them`);

  await db.transaction(async (tx) => {
    if (mode === "replace") await clear(stores, tx, doc);
    const channelIds = new Map(storedRows.map((c) => [c.name, c.id]));
    for (const c of doc.channels) {
      const row = storedRows.find((r) => r.name === c.name);
      const before = stored?.channels.find((s) => s.name === c.name);
      if (row && same(before, c, c.keys ? TIMES : [...TIMES, "keys"])) report.skipped.channels.push(c.name);
      else if (row) {
        // A backup without secrets carries masks: the stored values they stand for are kept.
        await stores.channels.updateIn(tx, row.id, keepStoredSecrets(channelInput(c), row), c.updated_at);
        report.updated.channels.push(c.name);
      } else {
        const times = c.created_at !== undefined && c.updated_at !== undefined ? { created_at: c.created_at, updated_at: c.updated_at } : undefined;
        channelIds.set(c.name, await stores.channels.insertIn(tx, { keys: [], ...channelInput(c) }, times));
        report.added.channels.push(c.name);
      }
    }

    const storedGroups = mode === "merge" ? await stores.groups.list() : [];
    for (const { created_at, updated_at, items, active_item, ...g } of doc.groups) {
      const input = { ...g, items: items.map(({ channel, ...i }) => ({ ...i, channel_id: channelIds.get(channel)! })) };
      const row = storedGroups.find((r) => r.name === g.name);
      let id: number | undefined;
      if (row && same(stored?.groups.find((s) => s.name === g.name), { ...g, active_item, items }, TIMES)) report.skipped.groups.push(g.name);
      else if (row) {
        await stores.groups.updateIn(tx, (id = row.id), { ...input, active_item_id: null }, updated_at);
        report.updated.groups.push(g.name);
      } else {
        const times = created_at !== undefined && updated_at !== undefined ? { created_at, updated_at } : undefined;
        id = await stores.groups.insertIn(tx, input, times);
        report.added.groups.push(g.name);
      }
      if (id !== undefined && active_item != null) {
        // The items were just written: the active one is named by its new id.
        const ids = await stores.groups.itemIdsIn(tx, id);
        if (ids[active_item] === undefined) throw new BackupError(`groups: ${JSON.stringify(g.name)}: active_item ${active_item} is not one of its items`);
        await stores.groups.updateIn(tx, id, { active_item_id: ids[active_item] }, updated_at);
      }
    }

    for (const { channel, updated_at, ...p } of doc.prices) {
      const label = channel === null ? p.model : `${p.model} on ${channel}`;
      const before = stored?.prices.find((s) => s.model === p.model && s.channel === channel);
      if (same(before, { ...p, channel }, TIMES)) {
        report.skipped.prices.push(label);
        continue;
      }
      const row = { ...p, channel_id: channel === null ? 0 : channelIds.get(channel)!, updated_at: updated_at ?? Date.now() };
      const { model: _m, channel_id: _c, ...set } = row;
      await db.upsert(tx, t.prices, row, [t.prices.model, t.prices.channel_id], set);
      (before ? report.updated : report.added).prices.push(label);
    }

    for (const key of doc.api_keys) {
      const before = stored?.api_keys.find((s) => s.key_hash === key.key_hash);
      if (same(before, key, [])) report.skipped.api_keys.push(key.name);
      else if (before) {
        const { key_hash, ...set } = key;
        await tx.update(t.apiKeys).set(set).where(eq(t.apiKeys.key_hash, key_hash));
        report.updated.api_keys.push(key.name);
      } else {
        await db.insertId(tx, t.apiKeys, key);
        report.added.api_keys.push(key.name);
      }
    }

    for (const [key, value] of Object.entries(doc.settings)) {
      const before = stored?.settings[key];
      if (before === value) report.skipped.settings.push(key);
      else {
        await db.upsert(tx, t.settings, { key, value }, [t.settings.key], { value });
        (before === undefined ? report.added : report.updated).settings.push(key);
      }
    }

    if (mode === "replace") {
      for (const row of doc.stats ?? [])
        await tx.insert(t.stats).values({ scope: row.scope, key: row.key, ...Object.fromEntries(COUNTERS.map((c) => [c, Number((row as Record<string, unknown>)[c] ?? 0)])) });
      for (const row of doc.logs ?? []) await tx.insert(t.requestLogs).values(row as never);
    }
  });
  return report;
}

/** Removes the configuration a replace overwrites; stats and logs only when the document has them. */
async function clear({ db }: Stores, tx: Orm, doc: Backup) {
  const t = db.t;
  for (const table of [t.groupItems, t.groups, t.channelKeys, t.channels, t.prices, t.apiKeys]) await tx.delete(table);
  await tx.delete(t.settings).where(inArray(t.settings.key, Object.keys(SETTINGS)));
  if (doc.stats) await tx.delete(t.stats);
  if (doc.logs) await tx.delete(t.requestLogs);
}
