/**
 * The data key that seals provider secrets: `OCTOPUS_SECRET_KEY` (base64 of 32 bytes), else the
 * file `secret.key` beside the configuration, made (mode 0600) on first start. A new file is only
 * written once the database is known to hold nothing sealed under another key (`save`).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { tightenModes } from "../private-files";
import { KEY_BYTES, SecretBox } from "./secret-box";

export const SECRET_KEY_ENV = "OCTOPUS_SECRET_KEY";
export const SECRET_KEY_FILE = "secret.key";

export interface SecretKey {
  box: SecretBox;
  /** Where it came from, as the user names it: the variable or the file's path. */
  source: string;
  /** The file to write when the key is new; undefined when it came from the environment or a file. */
  save?: () => void;
}

export class SecretKeyError extends Error {}

export function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES)
    throw new SecretKeyError(`${source} must hold a base64-encoded ${KEY_BYTES}-byte key (make one with: openssl rand -base64 ${KEY_BYTES})`);
  return key;
}

export const secretKeyPath = (configPath: string) => join(dirname(configPath), SECRET_KEY_FILE);

/**
 * Writes `key` owner-only beside `path` as `<path>.new`; the returned function puts it in place in
 * one step (a rotation calls it once the database holds values sealed under it).
 */
export function stageKeyFile(path: string, key: Uint8Array): () => void {
  const next = `${path}.new`;
  writeFileSync(next, Buffer.from(key).toString("base64") + "\n", { mode: 0o600 });
  return () => renameSync(next, path);
}

export function loadSecretKey(configPath: string, env: Record<string, string | undefined>): SecretKey {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) return { box: new SecretBox(decodeKey(fromEnv, SECRET_KEY_ENV)), source: SECRET_KEY_ENV };
  const path = secretKeyPath(configPath);
  if (existsSync(path)) {
    tightenModes(path);
    return { box: new SecretBox(decodeKey(readFileSync(path, "utf8"), path)), source: path };
  }
  const key = randomBytes(KEY_BYTES);
  return { box: new SecretBox(key), source: path, save: () => stageKeyFile(path, key)() };
}
