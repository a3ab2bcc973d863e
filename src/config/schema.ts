/**
 * The shape of `data/config.json`: every key with its type, default and bounds. Each key can be
 * overridden by the environment variable `OCTOPUS_` + its path joined with `_`, upper-cased
 * (`server.port` → `OCTOPUS_SERVER_PORT`).
 */
import { originListProblem } from "../cors";
import { LOG_LEVELS } from "../log";

export interface ConfigKey {
  path: string;
  type: "string" | "integer" | "boolean";
  default: string | number | boolean;
  doc: string;
  min?: number;
  max?: number;
  oneOf?: readonly string[];
  /** For strings: what is wrong with the value, or undefined when it is fine. */
  problem?: (value: string) => string | undefined;
}

export const DATABASE_TYPES = ["sqlite", "mysql", "postgres"] as const;

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { path: "server.host", type: "string", default: "0.0.0.0", doc: "Address to listen on" },
  { path: "server.port", type: "integer", default: 8080, min: 0, max: 65535, doc: "Port for the relay, admin API and panel" },
  {
    path: "server.reuse_port",
    type: "boolean",
    default: false,
    doc: "Let several processes listen on the same port (SO_REUSEPORT); otherwise a port in use stops start-up",
  },
  {
    path: "server.cors_origins",
    type: "string",
    default: "",
    problem: originListProblem,
    doc: "Comma-separated origins (https://panel.example.com) allowed to call the admin API from a browser with its cookie",
  },
  {
    path: "server.instance",
    type: "string",
    default: "",
    doc: "Name of this instance among those sharing a database; empty: host name and port",
  },
  { path: "database.type", type: "string", default: "sqlite", oneOf: DATABASE_TYPES, doc: "sqlite, mysql or postgres" },
  {
    path: "database.path",
    type: "string",
    default: "data/data.db",
    doc: "SQLite file, `user:password@tcp(host:port)/dbname` for MySQL, or a `postgresql://` URL",
  },
  { path: "log.level", type: "string", default: "info", oneOf: LOG_LEVELS, doc: "debug, info, warn or error" },
  {
    path: "server.shutdown_timeout",
    type: "integer",
    default: 10,
    min: 0,
    max: 600,
    doc: "Seconds in-flight requests may take to finish on SIGINT/SIGTERM",
  },
  {
    path: "relay.max_body_size",
    type: "integer",
    default: 32 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024,
    doc: "Bytes a client request body may have",
  },
  {
    path: "relay.max_sse_event_size",
    type: "integer",
    default: 8 * 1024 * 1024,
    min: 1024,
    max: 256 * 1024 * 1024,
    doc: "Bytes one upstream stream event may have before the stream is ended with an error",
  },
];

export const envName = (path: string) => "OCTOPUS_" + path.replace(/\./g, "_").toUpperCase();

export interface Config {
  server: { host: string; port: number; instance: string; shutdown_timeout: number; reuse_port: boolean; cors_origins: string };
  database: { type: (typeof DATABASE_TYPES)[number]; path: string };
  log: { level: (typeof LOG_LEVELS)[number] };
  relay: { max_body_size: number; max_sse_event_size: number };
}
