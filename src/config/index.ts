/**
 * Loads the configuration: the file (generated with defaults on first start, never rewritten
 * afterwards), then `OCTOPUS_*` environment overrides, then validation against the schema.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { Value } from "@sinclair/typebox/value";
import { fromText, mustBe } from "../schema-text";
import { CONFIG_KEYS, CONFIG_SCHEMA, envName, FORMAT_PROBLEMS, type Config } from "./schema";

export { CONFIG_KEYS, configTable, envName, type Config } from "./schema";

export const DEFAULT_CONFIG_PATH = "data/config.json";

export class ConfigError extends Error {}

type Tree = Record<string, unknown>;

const validator = TypeCompiler.Compile(CONFIG_SCHEMA);

export function defaultConfig(): Config {
  const config = Value.Default(CONFIG_SCHEMA, {});
  if (!validator.Check(config)) throw new Error("config: the schema's defaults do not satisfy it");
  return config;
}

/** One line naming the key, where its value came from and what is allowed. */
function describeError(error: ValueError, sourceOf: (path: string) => string): string {
  const path = error.path.slice(1).replace(/\//g, ".");
  const at = (key: string) => `config: ${key} (${sourceOf(key)})`;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys(error.schema.properties ?? {});
    return `${at(path)} is not a known key; ${path.includes(".") ? `${path.replace(/\.[^.]*$/, "")} has` : "the sections are"} ${known.join(", ")}`;
  }
  const problem = error.type === ValueErrorType.StringFormat ? FORMAT_PROBLEMS[error.schema.format]?.(String(error.value)) : undefined;
  return `${at(path)} ${problem ?? `${mustBe(error.schema)}, got ${JSON.stringify(error.value)}`}`;
}

function readFile(path: string): Tree {
  const text = readFileSync(path, "utf8");
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (file === null || typeof file !== "object" || Array.isArray(file)) throw new ConfigError(`config: ${path} must hold a JSON object`);
  return file as Tree;
}

export function loadConfig(path = DEFAULT_CONFIG_PATH, env: Record<string, string | undefined> = process.env) {
  let file: Tree;
  let created = false;
  if (existsSync(path)) file = readFile(path);
  else {
    file = defaultConfig();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
    created = true;
  }

  const merged = structuredClone(file);
  const fromEnvironment = new Set<string>();
  for (const { path: key, schema } of CONFIG_KEYS) {
    const raw = env[envName(key)];
    if (raw === undefined) continue;
    const [section, name] = key.split(".");
    const node = merged[section];
    merged[section] = { ...(node !== null && typeof node === "object" ? node : {}), [name]: fromText(schema, raw) };
    fromEnvironment.add(key);
  }
  const config = Value.Default(CONFIG_SCHEMA, merged);
  if (validator.Check(config)) return { config, path, created };
  const error = validator.Errors(config).First()!;
  throw new ConfigError(describeError(error, (key) => (fromEnvironment.has(key) ? envName(key) : path)));
}
