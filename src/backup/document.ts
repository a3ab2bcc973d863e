/**
 * The backup document: one versioned JSON object holding a whole configuration. Records refer
 * to each other by name (a group item names its channel), so a document imports into any
 * instance whatever ids it gives.
 */
import { Type as T, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { BALANCE_MODES } from "../db/stores/groups";
import { STAT_SCOPES } from "../db/stores/stats";
import { FORMATS } from "../protocols/ir";

export const BACKUP_FORMAT = "octopus-backup";
export const BACKUP_VERSION = 1;

const name = T.String({ minLength: 1, maxLength: 255 });
const time = T.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const seconds = T.Integer({ minimum: 0, maximum: 86_400 });
const usd = T.Number({ minimum: 0 });
const times = { created_at: T.Optional(time), updated_at: T.Optional(time) };

const channel = T.Object({
  name: T.String({ minLength: 1, maxLength: 128 }),
  type: T.String({ minLength: 1 }),
  enabled: T.Boolean(),
  base_urls: T.Array(T.Object({ url: T.String({ minLength: 1, maxLength: 512 }), format: T.Optional(T.Union(FORMATS.map((f) => T.Literal(f)))) }), {
    minItems: 1,
  }),
  models: T.Array(name),
  model_filter: T.String({ maxLength: 512 }),
  auto_sync: T.Boolean(),
  custom_headers: T.Array(T.Object({ key: T.String({ minLength: 1, maxLength: 256 }), value: T.String({ maxLength: 8192 }) })),
  param_override: T.String({ maxLength: 65536 }),
  proxy_url: T.String({ maxLength: 512 }),
  /** Present only in a backup made with secrets. */
  keys: T.Optional(T.Array(T.Object({ key: T.String({ minLength: 1, maxLength: 8192 }), enabled: T.Boolean(), remark: T.String({ maxLength: 255 }) }))),
  ...times,
});

const group = T.Object({
  name,
  mode: T.Union(BALANCE_MODES.map((m) => T.Literal(m))),
  first_byte_timeout: seconds,
  stream_idle_timeout: seconds,
  request_timeout: seconds,
  affinity_window: seconds,
  aliases: T.Optional(T.Array(name)),
  /** Manual mode's active item, by its place in `items`. */
  active_item: T.Optional(T.Union([T.Integer({ minimum: 0 }), T.Null()])),
  items: T.Array(T.Object({ channel: T.String({ minLength: 1 }), model: name, priority: T.Integer(), weight: T.Integer({ minimum: 1, maximum: 1_000_000 }) })),
  ...times,
});

const price = T.Object({
  model: name,
  /** The channel's name; null for the model's default price. */
  channel: T.Union([T.String({ minLength: 1 }), T.Null()]),
  input: usd,
  output: usd,
  cache_read: usd,
  cache_write: usd,
  source: T.Union([T.Literal("user"), T.Literal("catalog"), T.Literal("unpriced")]),
  updated_at: T.Optional(time),
});

const apiKey = T.Object({
  name: T.String({ minLength: 1, maxLength: 128 }),
  key_hash: T.String({ pattern: "^[0-9a-f]{64}$" }),
  key_prefix: T.String({ maxLength: 32 }),
  enabled: T.Boolean(),
  expire_at: T.Union([time, T.Null()]),
  max_cost: T.Union([usd, T.Null()]),
  supported_models: T.Array(name),
  created_at: time,
});

const stat = T.Object({ scope: T.Union(STAT_SCOPES.map((s) => T.Literal(s))), key: T.String() }, { additionalProperties: T.Number() });
const logRow = T.Object({ time, status: T.Integer() }, { additionalProperties: true });

export const BackupSchema = T.Object({
  format: T.Literal(BACKUP_FORMAT),
  version: T.Literal(BACKUP_VERSION),
  exported_at: time,
  /** Whether channel keys and secret header values are in clear (else left out or masked). */
  secrets: T.Boolean(),
  channels: T.Array(channel),
  groups: T.Array(group),
  prices: T.Array(price),
  api_keys: T.Array(apiKey),
  settings: T.Record(T.String(), T.String()),
  stats: T.Optional(T.Array(stat)),
  logs: T.Optional(T.Array(logRow)),
});

export type Backup = Static<typeof BackupSchema>;
export type BackupChannel = Static<typeof channel>;
export type BackupGroup = Static<typeof group>;
export type BackupPrice = Static<typeof price>;
export type BackupApiKey = Static<typeof apiKey>;

/** A document refused before anything is written; the message names the field. */
export class BackupError extends Error {}

/** "channels[0].base_urls: Expected array" from typebox's first error. */
export function checkSchema<S extends TSchema>(schema: S, value: unknown, root = ""): Static<S> {
  const first = Value.Errors(schema, value).First();
  if (!first) return value as Static<S>;
  const field = first.path.replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
  throw new BackupError(`${root}${field || "document"}: ${first.message}`);
}
