/**
 * Loads the configuration: the file (generated with defaults on first start, never rewritten
 * afterwards), then `OCTOPUS_*` environment overrides, then validation of every key.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CONFIG_KEYS, envName, type Config, type ConfigKey } from "./schema";

export { CONFIG_KEYS, envName, type Config } from "./schema";

export const DEFAULT_CONFIG_PATH = "data/config.json";

export class ConfigError extends Error {}

type Tree = Record<string, unknown>;

function getPath(tree: Tree, path: string): unknown {
  let node: unknown = tree;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Tree)[part];
  }
  return node;
}

function setPath(tree: Tree, path: string, value: unknown) {
  const parts = path.split(".");
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1]] = value;
}

export function defaultConfig(): Config {
  const tree: Tree = {};
  for (const key of CONFIG_KEYS) setPath(tree, key.path, key.default);
  return tree as unknown as Config;
}

/** Parses an environment string into the key's type; the result is validated with the rest. */
function fromEnv(key: ConfigKey, raw: string): unknown {
  if (key.type === "integer") return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (key.type === "boolean") return raw === "true" || raw === "1" ? true : raw === "false" || raw === "0" ? false : raw;
  return raw;
}

function check(key: ConfigKey, value: unknown, source: string): string | number | boolean {
  const fail = (why: string): never => {
    throw new ConfigError(`config: ${key.path} (${source}) ${why}`);
  };
  if (key.type === "integer") {
    if (typeof value !== "number" || !Number.isInteger(value)) fail(`must be an integer, got ${JSON.stringify(value)}`);
    const n = value as number;
    if ((key.min !== undefined && n < key.min) || (key.max !== undefined && n > key.max))
      fail(`must be between ${key.min} and ${key.max}, got ${n}`);
    return n;
  }
  if (key.type === "boolean") {
    if (typeof value !== "boolean") fail(`must be true or false, got ${JSON.stringify(value)}`);
    return value as boolean;
  }
  if (typeof value !== "string") fail(`must be a string, got ${JSON.stringify(value)}`);
  if (key.oneOf && !key.oneOf.includes(value as string))
    fail(`must be one of ${key.oneOf.join(", ")}, got ${JSON.stringify(value)}`);
  const problem = key.problem?.(value as string);
  if (problem) fail(problem);
  return value as string;
}

export function loadConfig(path = DEFAULT_CONFIG_PATH, env: Record<string, string | undefined> = process.env) {
  let file: Tree;
  let created = false;
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    try {
      file = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`config: ${path} is not valid JSON: ${(e as Error).message}`);
    }
    if (file === null || typeof file !== "object" || Array.isArray(file))
      throw new ConfigError(`config: ${path} must hold a JSON object`);
  } else {
    file = defaultConfig() as unknown as Tree;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
    created = true;
  }

  const config: Tree = {};
  for (const key of CONFIG_KEYS) {
    const name = envName(key.path);
    const raw = env[name];
    const fromFile = getPath(file, key.path);
    const [value, source] =
      raw !== undefined ? [fromEnv(key, raw), name] : fromFile !== undefined ? [fromFile, path] : [key.default, "default"];
    setPath(config, key.path, check(key, value, source));
  }
  return { config: config as unknown as Config, path, created };
}
