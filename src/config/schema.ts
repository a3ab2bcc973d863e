/**
 * The shape of `data/config.json`, written once: every key with its type, default, bounds and doc.
 * The `Config` type, the generated file, the `OCTOPUS_*` environment variables (the key's path
 * joined with `_`, upper-cased: `server.port` → `OCTOPUS_SERVER_PORT`) and README's table of keys
 * all derive from it.
 */
import { FormatRegistry, Type, type Static, type TObject, type TSchema } from "@sinclair/typebox";
import { originListProblem } from "../cors";
import { LOG_LEVELS } from "../log";

/** String checks beyond typebox's own, by format name: what is wrong with a value, or undefined. */
export const FORMAT_PROBLEMS: Record<string, (value: string) => string | undefined> = {
  "origin-list": originListProblem,
  "http-url": (value) => (/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(value) ? undefined : `must be an http or https URL without query (https://ampcode.com), got ${JSON.stringify(value)}`),
};
for (const [name, problem] of Object.entries(FORMAT_PROBLEMS)) FormatRegistry.Set(name, (value) => problem(value) === undefined);

const oneOf = <T extends readonly string[]>(values: T, options: { default: NoInfer<T[number]>; description: string }) =>
  Type.Union(
    values.map((v: T[number]) => Type.Literal(v)),
    options,
  );
/** A section of the file: unknown keys in it are refused, a missing one takes its defaults. */
const section = <T extends Record<string, TSchema>>(keys: T) => Type.Object(keys, { additionalProperties: false, default: {} });

/**
 * The OAuth client of Google's Antigravity app, which its users' refresh tokens were issued to, as
 * public Antigravity clients ship it (router-for-me/CLIProxyAPI, internal/auth/antigravity/constants.go).
 */
const ANTIGRAVITY_CLIENT_ID = "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com";
const ANTIGRAVITY_CLIENT_SECRET = "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";

export const DATABASE_TYPES = ["sqlite", "mysql", "postgres"] as const;

export const CONFIG_SCHEMA = Type.Object(
  {
    server: section({
      host: Type.String({ default: "0.0.0.0", description: "address to listen on" }),
      port: Type.Integer({
        default: 8080,
        minimum: 0,
        maximum: 65535,
        description: "port for the relay, admin API and panel (0 picks a free one)",
      }),
      instance: Type.String({
        default: "",
        description:
          "this instance's name among those sharing a database, host name:port when empty: must differ between them and stay the same across restarts (see [Costs, stats and logs](#costs-stats-and-logs))",
      }),
      shutdown_timeout: Type.Integer({ default: 10, minimum: 0, maximum: 600, description: "seconds in-flight requests may take to finish on shutdown" }),
      reuse_port: Type.Boolean({
        default: false,
        description:
          "let several processes share the port (`SO_REUSEPORT`, every one must set it); otherwise a port in use stops start-up with `port 8080 is already in use; …` and exit code 1",
      }),
      cors_origins: Type.String({
        default: "",
        format: "origin-list",
        description:
          "comma-separated origins (`https://panel.example.com`) allowed to call the admin API from a browser with the session cookie; see [Security](#security)",
      }),
    }),
    database: section({
      type: oneOf(DATABASE_TYPES, { default: "sqlite", description: "`sqlite`, `mysql` or `postgres`" }),
      path: Type.String({ default: "data/data.db", description: "see below" }),
    }),
    log: section({
      level: oneOf(LOG_LEVELS, { default: "info", description: "`debug`, `info`, `warn` or `error`" }),
    }),
    relay: section({
      max_body_size: Type.Integer({
        default: 32 * 1024 * 1024,
        minimum: 1024,
        maximum: 1024 * 1024 * 1024,
        description: "bytes a client request body may have (413 beyond)",
      }),
      max_sse_event_size: Type.Integer({
        default: 8 * 1024 * 1024,
        minimum: 1024,
        maximum: 256 * 1024 * 1024,
        description: "bytes one upstream stream event may have; a larger one ends the stream with an error event",
      }),
    }),
    ampcode: section({
      enabled: Type.Boolean({ default: false, description: "serve Amp CLI: its model calls through the relay, its other calls proxied to `upstream_url`; see [Amp CLI](#amp-cli)" }),
      upstream_url: Type.String({ default: "https://ampcode.com", format: "http-url", description: "the Amp server Amp CLI's other calls (threads, user, telemetry…) are proxied to" }),
      upstream_api_key: Type.String({
        default: "",
        description: "the operator's Amp key sent with proxied calls; when empty, `AMP_API_KEY`, then `~/.local/share/amp/secrets.json` (written by `amp login`)",
      }),
      restrict_management_to_localhost: Type.Boolean({
        default: false,
        description: "proxied calls are taken from this machine only (403 from other addresses), and from it without an Octopus key",
      }),
    }),
    antigravity: section({
      oauth_token_url: Type.String({
        default: "https://oauth2.googleapis.com/token",
        format: "http-url",
        description: "where Antigravity channels exchange a refresh token (`1//…`) for an access token",
      }),
      client_id: Type.String({
        default: ANTIGRAVITY_CLIENT_ID,
        description: "the OAuth client the refresh tokens were issued to: Antigravity's own by default",
      }),
      client_secret: Type.String({
        default: ANTIGRAVITY_CLIENT_SECRET,
        description: "that client's secret (an installed app's, public by design, as every Antigravity client ships it)",
      }),
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof CONFIG_SCHEMA>;

export const envName = (path: string) => "OCTOPUS_" + path.replace(/\./g, "_").toUpperCase();

export interface ConfigKey {
  /** `server.port` */
  path: string;
  schema: TSchema;
}

/** Every key of the file, in the schema's order. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.entries(CONFIG_SCHEMA.properties).flatMap(([name, keys]: [string, TObject]) =>
  Object.entries(keys.properties).map(([key, schema]) => ({ path: `${name}.${key}`, schema })),
);

/** README's table of keys, one row per key. */
export function configTable(): string {
  const cell = (value: unknown) => (value === "" ? "(empty)" : `\`${value}\``);
  return [
    "| key | environment variable | default | meaning |",
    "| --- | --- | --- | --- |",
    ...CONFIG_KEYS.map(({ path, schema }) => `| \`${path}\` | \`${envName(path)}\` | ${cell(schema.default)} | ${schema.description} |`),
  ].join("\n");
}
