/**
 * Reads an export of the upstream Octopus (Go, github.com/bestruirui/octopus): its `DBDump`
 * (internal/model/backup.go) of channels with one base URL and key each, groups with their items
 * in `group_items`, `llm_infos` prices, plain-text API keys and settings. Converted to a backup
 * document of ours, with a note for everything that does not carry over.
 */
import { Type as T, type Static } from "@sinclair/typebox";
import { apiKeyPrefix, hashApiKey } from "../state/api-keys";
import { isSettingKey, parseSetting } from "../state/settings";
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, checkSchema, type Backup, type BackupChannel, type BackupGroup } from "./document";

/** The dump versions the upstream project writes (0: before it had one). */
const UPSTREAM_VERSIONS = [0, 1, 2];

const opt = T.Optional;
const nullableString = opt(T.Union([T.String(), T.Null()]));
const UpstreamSchema = T.Object({
  version: opt(T.Integer()),
  channels: opt(
    T.Array(
      T.Object({
        id: T.Integer(),
        name: T.String({ minLength: 1 }),
        type: T.String(),
        enabled: opt(T.Boolean()),
        base_url: T.String(),
        key: T.String(),
        model: opt(T.String()),
        custom_model: opt(T.String()),
        proxy: opt(T.Boolean()),
        auto_sync: opt(T.Boolean()),
        custom_header: opt(T.Union([T.Array(T.Object({ header_key: T.String(), header_value: T.String() })), T.Null()])),
        param_override: nullableString,
        channel_proxy: nullableString,
        match_regex: nullableString,
      }),
    ),
  ),
  groups: opt(
    T.Array(
      T.Object({
        id: T.Integer(),
        name: T.String({ minLength: 1 }),
        mode: opt(T.String()),
        active_item_id: opt(T.Integer()),
        relay_config: opt(T.Record(T.String(), T.Number())),
        items: opt(T.Union([T.Array(T.Unknown()), T.Null()])),
      }),
    ),
  ),
  group_items: opt(T.Array(T.Object({ id: opt(T.Integer()), group_id: T.Integer(), channel_id: T.Integer(), model_name: T.String({ minLength: 1 }), priority: opt(T.Integer()) }))),
  llm_infos: opt(T.Array(T.Object({ name: T.String({ minLength: 1 }), input: T.Number(), output: T.Number(), cache_read: T.Number(), cache_write: T.Number() }))),
  api_keys: opt(
    T.Array(
      T.Object({
        name: T.String({ minLength: 1 }),
        api_key: T.String({ minLength: 1 }),
        enabled: opt(T.Boolean()),
        expire_at: opt(T.Integer()),
        max_cost: opt(T.Number()),
        supported_models: opt(T.String()),
      }),
    ),
  ),
  settings: opt(T.Array(T.Object({ key: T.String(), value: T.String() }))),
});
type Upstream = Static<typeof UpstreamSchema>;
type UpstreamItem = NonNullable<Upstream["group_items"]>[number];

const TYPES: Record<string, string> = {
  openai: "openai-chat",
  openai_responses: "openai-responses",
  anthropic: "anthropic",
  gemini: "gemini",
  // Volcengine Ark speaks OpenAI's chat format.
  volcengine: "openai-chat",
};

const STATS_FIELDS = ["stats_total", "stats_daily", "stats_hourly", "stats_model", "stats_channel", "stats_api_key"];

/** An upstream dump (or the `{code, message, data}` envelope its API answers with), by its shape. */
export function upstreamDump(doc: unknown): Record<string, unknown> | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || "format" in doc) return undefined;
  const body = doc as Record<string, unknown>;
  if ("code" in body && body.data && typeof body.data === "object") return upstreamDump(body.data);
  const channels = body.channels;
  const looksLike =
    ["llm_infos", "group_items", "include_stats"].some((k) => k in body) ||
    (Array.isArray(channels) && channels.some((c) => c && typeof c === "object" && "base_url" in c));
  return looksLike ? body : undefined;
}

const list = (text: string | undefined) => (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/**
 * Upstream appends the API version to a base URL without one (and nothing to one ending in `##`);
 * ours are entered with it: `/v1` is added where upstream would add it.
 */
function baseUrl(url: string, type: string, notes: string[], channel: string) {
  if (url.endsWith("##")) {
    notes.push(`channel ${JSON.stringify(channel)}: base_url ends in "##" (a complete URL upstream); Octopus appends the format's path to it: check it`);
    return url.slice(0, -2);
  }
  const trimmed = url.replace(/\/+$/, "");
  if (type === "gemini" || /\/v\d[\w.-]*$/.test(trimmed)) return trimmed;
  return `${trimmed}/v1`;
}

export function fromUpstream(raw: Record<string, unknown>): { doc: Backup; notes: string[] } {
  const dump = checkSchema(UpstreamSchema, raw, "upstream ");
  const version = dump.version ?? 0;
  if (!UPSTREAM_VERSIONS.includes(version))
    throw new BackupError(`version: upstream Octopus dump version ${version} is not one this Octopus reads (${UPSTREAM_VERSIONS.join(", ")})`);
  const notes: string[] = [];
  const settings = new Map((dump.settings ?? []).map((s) => [s.key, s.value]));
  const channelName = new Map<number, string>();

  const channels: BackupChannel[] = [];
  for (const c of dump.channels ?? []) {
    const type = TYPES[c.type];
    if (!type) {
      notes.push(`channel ${JSON.stringify(c.name)}: type ${JSON.stringify(c.type)} has no counterpart: left out`);
      continue;
    }
    channelName.set(c.id, c.name);
    if (c.type === "volcengine") notes.push(`channel ${JSON.stringify(c.name)}: volcengine imported as an OpenAI Chat channel`);
    let proxy = c.channel_proxy ?? "";
    if (!proxy && c.proxy) {
      proxy = settings.get("proxy_url") ?? "";
      if (!proxy) notes.push(`channel ${JSON.stringify(c.name)}: uses the global proxy, which is not set: imported without one`);
    }
    let paramOverride = (c.param_override ?? "").trim();
    if (paramOverride !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(paramOverride);
      } catch {}
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        notes.push(`channel ${JSON.stringify(c.name)}: param_override is not a JSON object: left out`);
        paramOverride = "";
      }
    }
    channels.push({
      name: c.name,
      type,
      enabled: c.enabled ?? true,
      base_urls: [{ url: baseUrl(c.base_url, type, notes, c.name) }],
      models: [...new Set([...list(c.model), ...list(c.custom_model)])],
      model_filter: c.match_regex ?? "",
      auto_sync: c.auto_sync ?? false,
      custom_headers: (c.custom_header ?? []).map((h) => ({ key: h.header_key, value: h.header_value })),
      param_override: paramOverride,
      proxy_url: proxy,
      keys: c.key ? [{ key: c.key, enabled: true, remark: "" }] : [],
    });
  }

  // Items may sit under their group or in `group_items`; both upstream and ours try priority 1 first.
  const itemsOf = (groupId: number, own: unknown[] | null | undefined): UpstreamItem[] =>
    [...((own ?? []) as UpstreamItem[]), ...(dump.group_items ?? [])].filter((i) => i.group_id === groupId);
  const groups: BackupGroup[] = [];
  let unmappedRelay = false;
  for (const g of dump.groups ?? []) {
    const items = itemsOf(g.id, g.items).filter((i) => {
      if (channelName.has(i.channel_id)) return true;
      notes.push(`group ${JSON.stringify(g.name)}: item ${JSON.stringify(i.model_name)} names channel ${i.channel_id}, which was not imported: left out`);
      return false;
    });
    // Manual mode: the chosen item goes first and stays the active one; without one, failover.
    const active = g.mode === "manual" ? items.findIndex((i) => i.id === g.active_item_id) : -1;
    if (active > 0) items.unshift(...items.splice(active, 1));
    if (g.mode === "manual" && active < 0) notes.push(`group ${JSON.stringify(g.name)}: manual mode without a chosen item imported as failover`);
    const order = g.mode === "manual" ? items : [...items].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const ranks = [...new Set(order.map((i, n) => (g.mode === "manual" ? n : (i.priority ?? 0))))];
    const relay = g.relay_config ?? {};
    if (["member_max_attempts", "member_retry_interval_seconds", "member_cooldown_seconds", "member_non_stream_response_timeout_seconds"].some((k) => k in relay))
      unmappedRelay = true;
    groups.push({
      name: g.name,
      mode: active >= 0 ? "manual" : "failover",
      active_item: active >= 0 ? 0 : null,
      first_byte_timeout: Math.min(relay.member_stream_first_event_timeout_seconds ?? 0, 86_400),
      stream_idle_timeout: 0,
      request_timeout: 0,
      affinity_window: Math.min(relay.member_affinity_seconds ?? 0, 86_400),
      items: order.map((i, n) => ({
        channel: channelName.get(i.channel_id)!,
        model: i.model_name,
        priority: ranks.indexOf(g.mode === "manual" ? n : (i.priority ?? 0)) + 1,
        weight: 1,
      })),
    });
  }
  if (unmappedRelay)
    notes.push("groups: relay_config member_max_attempts, member_retry_interval_seconds, member_cooldown_seconds and member_non_stream_response_timeout_seconds have no per-group counterpart (see the relay_* settings): left out");

  const settingsOut: Record<string, string> = {};
  for (const [key, value] of settings) {
    if (!isSettingKey(key)) {
      if (key !== "proxy_url") notes.push(`setting ${JSON.stringify(key)} has no counterpart: left out`);
      continue;
    }
    try {
      settingsOut[key] = String(parseSetting(key, value));
    } catch (e) {
      notes.push(`setting ${key}: ${(e as Error).message}: left out`);
    }
  }
  if (settings.has("proxy_url")) notes.push("setting proxy_url: Octopus has no global proxy; channels that used it got it as their own");
  if (STATS_FIELDS.some((k) => k in raw)) notes.push("stats: upstream statistics are not imported");

  const now = Date.now();
  return {
    notes,
    doc: {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exported_at: now,
      secrets: true,
      channels,
      groups,
      prices: (dump.llm_infos ?? []).map((p) => ({
        model: p.name,
        channel: null,
        input: p.input,
        output: p.output,
        cache_read: p.cache_read,
        cache_write: p.cache_write,
        source: "user" as const,
      })),
      api_keys: (dump.api_keys ?? []).map((k) => ({
        name: k.name,
        key_hash: hashApiKey(k.api_key),
        key_prefix: apiKeyPrefix(k.api_key),
        enabled: k.enabled ?? true,
        // Upstream counts seconds; 0 never expires.
        expire_at: k.expire_at ? k.expire_at * 1000 : null,
        max_cost: k.max_cost ? k.max_cost : null,
        supported_models: list(k.supported_models),
        created_at: now,
      })),
      settings: settingsOut,
    },
  };
}
