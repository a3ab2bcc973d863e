/**
 * What the relay reads on every request, held in memory: channels, groups by name, API keys by
 * hash, and settings. Loaded at start and reloaded whenever the admin API changes the database,
 * so nothing on the request path waits on the database.
 */
import type { ApiKeyRow } from "../db/stores/apikeys";
import type { ChannelRow } from "../db/stores/channels";
import type { GroupRow } from "../db/stores/groups";
import type { Stores } from "../db/stores";
import { secretsOf } from "../channels/secrets";
import { ModelNames } from "../routing/model-names";
import { setKnownSecrets } from "../secrets";
import { announce } from "../fleet/changes";
import { hashApiKey, KeyHashes } from "./api-keys";
import { resolveSettings, type pinnedSettings, type SettingValues } from "./settings";

export const STATE_PARTS = ["channels", "groups", "apiKeys", "settings"] as const;
export type StatePart = (typeof STATE_PARTS)[number];


export class AppState {
  channels = new Map<number, ChannelRow>();
  groups = new Map<string, GroupRow>();
  /** The group each model name reaches: names, aliases, patterns. */
  modelNames = new ModelNames<GroupRow>([]);
  apiKeys = new Map<string, ApiKeyRow>();
  /** Emptied whenever the keys reload, so a removed key does not linger in memory. */
  readonly keyHashes = new KeyHashes();
  settings: SettingValues;
  /** Bumped on every reload; caches derived from the state compare against it. */
  version = 0;

  constructor(
    private readonly stores: Stores,
    /** Settings the environment pins (see settings.ts). */
    readonly pinned: ReturnType<typeof pinnedSettings> = {},
  ) {
    this.settings = resolveSettings({}, pinned);
  }

  async reload(...parts: StatePart[]) {
    const all = parts.length === 0;
    const [channels, groups, apiKeys, settings] = await Promise.all([
      all || parts.includes("channels") ? this.stores.channels.list() : undefined,
      all || parts.includes("groups") ? this.stores.groups.list() : undefined,
      all || parts.includes("apiKeys") ? this.stores.apiKeys.list() : undefined,
      all || parts.includes("settings") ? this.stores.settings.all() : undefined,
    ]);
    if (channels) {
      this.channels = new Map(channels.map((c) => [c.id, c]));
      setKnownSecrets(this, channels.flatMap(secretsOf));
    }
    if (groups) {
      this.groups = new Map(groups.map((g) => [g.name, g]));
      this.modelNames = new ModelNames(groups);
    }
    if (apiKeys) {
      this.apiKeys = new Map(apiKeys.map((k) => [k.key_hash, k]));
      this.keyHashes.clear();
    }
    if (settings) this.settings = resolveSettings(settings, this.pinned);
    this.version++;
  }

  /** After a change to the database: reloads `parts` here and tells the other instances (src/fleet/changes.ts). */
  async publish(...parts: StatePart[]) {
    await this.reload(...parts);
    await announce(this.stores, parts);
  }

  /** The row of a key a client sent, if any. */
  apiKeyFor(key: string): ApiKeyRow | undefined {
    const known = this.keyHashes.get(key);
    if (known !== undefined) return this.apiKeys.get(known);
    const hash = hashApiKey(key);
    const row = this.apiKeys.get(hash);
    if (row) this.keyHashes.remember(key, hash);
    return row;
  }
}
