/** The schema, written once for all three databases (see columns.ts). Timestamps are Unix milliseconds. */
import type { Format } from "../../protocols/ir";
import type { ColumnFactory } from "./columns";

/** One endpoint of a channel; `format` when it speaks another format than the channel's type. */
export interface BaseUrl {
  url: string;
  format?: Format;
}
export interface HeaderPair {
  key: string;
  value: string;
}
/** Who made a logged request: a client through the relay, or a channel test from the panel. */
export type LogSource = "relay" | "test";

export function defineTables(c: ColumnFactory) {
  const users = c.table(
    "users",
    {
      id: c.id(),
      username: c.str(64).notNull(),
      password_hash: c.str(255).notNull(),
      /** Bumped on password change: tokens carrying an older version are refused. */
      token_version: c.int().notNull().default(0),
      created_at: c.big().notNull(),
    },
    (t) => [c.uniqueIndex("users_username_uq").on(t.username)],
  );

  const settings = c.table("settings", {
    key: c.str(128).primaryKey(),
    value: c.text().notNull(),
  });

  const channels = c.table(
    "channels",
    {
      id: c.id(),
      name: c.str(128).notNull(),
      type: c.str(32).notNull(),
      enabled: c.bool().notNull().default(true),
      base_urls: c.json<BaseUrl[]>().notNull(),
      models: c.json<string[]>().notNull(),
      model_filter: c.str(512).notNull().default(""),
      auto_sync: c.bool().notNull().default(false),
      custom_headers: c.json<HeaderPair[]>().notNull(),
      /** JSON object merged into every outbound body; "" when unset. */
      param_override: c.text().notNull(),
      proxy_url: c.str(512).notNull().default(""),
      created_at: c.big().notNull(),
      updated_at: c.big().notNull(),
    },
    (t) => [c.uniqueIndex("channels_name_uq").on(t.name)],
  );

  const channelKeys = c.table(
    "channel_keys",
    {
      id: c.id(),
      channel_id: c.int().notNull(),
      key: c.text().notNull(),
      enabled: c.bool().notNull().default(true),
      remark: c.str(255).notNull().default(""),
    },
    (t) => [c.index("channel_keys_channel_idx").on(t.channel_id)],
  );

  const groups = c.table(
    "groups",
    {
      id: c.id(),
      name: c.str(255).notNull(),
      mode: c.str(16).notNull(),
      /** Seconds; 0 takes the global default. */
      first_byte_timeout: c.int().notNull().default(0),
      stream_idle_timeout: c.int().notNull().default(0),
      request_timeout: c.int().notNull().default(0),
      /** Seconds a key's requests for this model stay on the channel that last served them; 0 is off. */
      affinity_window: c.int().notNull().default(0),
      /** Other names and `*` patterns that reach this group (see src/routing/model-names.ts); null is none. */
      aliases: c.json<string[]>(),
      /** Mode `manual`: the item (its id) that takes all traffic; null takes the first by priority. */
      active_item_id: c.int(),
      created_at: c.big().notNull(),
      updated_at: c.big().notNull(),
    },
    (t) => [c.uniqueIndex("groups_name_uq").on(t.name)],
  );

  const groupItems = c.table(
    "group_items",
    {
      id: c.id(),
      group_id: c.int().notNull(),
      channel_id: c.int().notNull(),
      model: c.str(255).notNull(),
      priority: c.int().notNull().default(0),
      weight: c.int().notNull().default(1),
      /** The item's place in the group's list; items keep their id while the list is rewritten. */
      position: c.int().notNull().default(0),
    },
    (t) => [c.index("group_items_group_idx").on(t.group_id), c.index("group_items_channel_idx").on(t.channel_id)],
  );

  const apiKeys = c.table(
    "api_keys",
    {
      id: c.id(),
      name: c.str(128).notNull(),
      /** SHA-256 (hex) of the full key; the key itself is never stored. */
      key_hash: c.str(64).notNull(),
      /** The first characters, for display. */
      key_prefix: c.str(32).notNull(),
      enabled: c.bool().notNull().default(true),
      expire_at: c.big(),
      /** USD; null is unlimited. */
      max_cost: c.real(),
      /** Requests per minute, tokens per minute, requests in flight; null takes the setting's default, 0 is no limit. */
      rpm: c.int(),
      tpm: c.int(),
      max_concurrency: c.int(),
      /** Group names the key may use; empty allows all. */
      supported_models: c.json<string[]>().notNull(),
      created_at: c.big().notNull(),
    },
    (t) => [c.uniqueIndex("api_keys_hash_uq").on(t.key_hash)],
  );

  const prices = c.table(
    "prices",
    {
      id: c.id(),
      model: c.str(255).notNull(),
      /** 0 is the default price of the model; otherwise the price on that channel. */
      channel_id: c.int().notNull().default(0),
      /** USD per million tokens. */
      input: c.real().notNull().default(0),
      output: c.real().notNull().default(0),
      cache_read: c.real().notNull().default(0),
      cache_write: c.real().notNull().default(0),
      /** user | catalog | unpriced */
      source: c.str(16).notNull().default("user"),
      updated_at: c.big().notNull(),
    },
    (t) => [c.uniqueIndex("prices_model_channel_uq").on(t.model, t.channel_id)],
  );

  /** Counters per scope (total, day, hour, channel, model, apikey) and key within it. */
  const stats = c.table(
    "stats",
    {
      scope: c.str(16).notNull(),
      key: c.str(255).notNull(),
      requests: c.big().notNull().default(0),
      success: c.big().notNull().default(0),
      failed: c.big().notNull().default(0),
      input_tokens: c.big().notNull().default(0),
      output_tokens: c.big().notNull().default(0),
      cache_read_tokens: c.big().notNull().default(0),
      cache_write_tokens: c.big().notNull().default(0),
      reasoning_tokens: c.big().notNull().default(0),
      cost: c.real().notNull().default(0),
      wait_ms: c.big().notNull().default(0),
    },
    (t) => [c.primaryKey({ columns: [t.scope, t.key] })],
  );

  /**
   * Per instance (its `server.instance` name), how far its log rows are in the stats: those with
   * `seq` up to `seq` are. Its later rows all have an id above `log_id`, so finding them reads
   * from there on. Written with each stats flush, in the same transaction.
   */
  const statMarks = c.table("stat_marks", {
    instance: c.str(255).primaryKey(),
    seq: c.big().notNull(),
    log_id: c.big().notNull(),
  });

  /**
   * A fleet sharing the database: one row per part of the in-memory state (channels, groups,
   * apiKeys, settings), its version bumped by every admin change, so each instance reloads what
   * changed (see src/fleet/changes.ts).
   */
  const stateChanges = c.table("state_changes", {
    part: c.str(32).primaryKey(),
    version: c.big().notNull(),
  });

  /** Each running instance's heartbeat, under its instance name (GET /api/v1/instances). */
  const instances = c.table("instances", {
    id: c.str(255).primaryKey(),
    host: c.str(255).notNull(),
    version: c.str(64).notNull(),
    started_at: c.big().notNull(),
    heartbeat_at: c.big().notNull(),
  });

  const requestLogs = c.table(
    "request_logs",
    {
      id: c.id(),
      time: c.big().notNull(),
      /** A channel test's row is not counted in stats or budgets. */
      source: c.str(16).$type<LogSource>().notNull().default("relay"),
      /** The instance that served the request, and its number there: see `stat_marks`. */
      instance: c.str(255).notNull().default(""),
      seq: c.big().notNull().default(0),
      api_key_id: c.int().notNull().default(0),
      api_key_name: c.str(128).notNull().default(""),
      format: c.str(32).notNull().default(""),
      model: c.str(255).notNull().default(""),
      channel_id: c.int().notNull().default(0),
      channel_name: c.str(128).notNull().default(""),
      actual_model: c.str(255).notNull().default(""),
      status: c.int().notNull(),
      /** Status outside 2xx, stored so "failed" and "success" each read one index range (and a list of both, two merged). */
      failed: c.bool().notNull().default(false),
      input_tokens: c.big().notNull().default(0),
      output_tokens: c.big().notNull().default(0),
      cache_read_tokens: c.big().notNull().default(0),
      cache_write_tokens: c.big().notNull().default(0),
      reasoning_tokens: c.big().notNull().default(0),
      cost: c.real().notNull().default(0),
      ttfb_ms: c.int().notNull().default(0),
      duration_ms: c.int().notNull().default(0),
      error: c.text(),
      attempts: c.json<unknown[]>().notNull(),
      request_body: c.text(),
      response_body: c.text(),
    },
    // Each filter of the log list reads one or two ranges of one index, already in the list's order
    // (see the log store): X's equality and the class, both classes merged without one. Fewer
    // indexes: each costs every log write and deletion. The status last: an exact status with X is
    // checked in X's index, which then fetches only the rows that have it (and a count, none).
    (t) => [
      c.index("request_logs_failed_idx").on(t.failed, t.time, t.id),
      c.index("request_logs_status_idx").on(t.status, t.time, t.id),
      c.index("request_logs_model_failed_idx").on(t.model, t.failed, t.time, t.id, t.status),
      c.index("request_logs_channel_failed_idx").on(t.channel_id, t.failed, t.time, t.id, t.status),
      c.index("request_logs_api_key_failed_idx").on(t.api_key_id, t.failed, t.time, t.id, t.status),
      c.index("request_logs_source_failed_idx").on(t.source, t.failed, t.time, t.id, t.status),
    ],
  );

  return { users, settings, channels, channelKeys, groups, groupItems, apiKeys, prices, stats, statMarks, stateChanges, instances, requestLogs };
}

export type Tables = ReturnType<typeof defineTables>;
