/**
 * The operator's Amp key, from the first source that has one, in the order CLIProxyAPI's Amp
 * module resolves it (router-for-me/CLIProxyAPI, internal/api/modules/amp/secret.go):
 * `ampcode.upstream_api_key`, the `AMP_API_KEY` environment variable, then the file Amp CLI's
 * `amp login` writes, `$HOME/.local/share/amp/secrets.json`, which holds one entry per Amp server
 * (`{"apiKey@https://ampcode.com/": "sgamp_user_…"}`): the entry of `ampcode.upstream_url` is read.
 *
 * The configuration and the environment are read once, at start. The file is looked at on each
 * call but parsed again only when its size, inode or change times differ, so an `amp login` on
 * the server takes effect at the next call without a restart and without a stale cache.
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { log } from "../log";
import { setKnownSecrets } from "../secrets";

export interface AmpKeySources {
  /** `ampcode.upstream_api_key`. */
  configured: string;
  /** `ampcode.upstream_url`: names the file's entry. */
  upstreamUrl: string;
  /** The environment Octopus started with: `AMP_API_KEY`, and `HOME` for the file. */
  env: Record<string, string | undefined>;
}

/** Where the key came from, for the start-up log line (never the key). */
export type AmpKeySource = "config" | "AMP_API_KEY" | "secrets.json";

export class AmpKey {
  private readonly fixed?: { key: string; source: AmpKeySource };
  private readonly path: string;
  private readonly entry: string;
  /** What the file held when it had this stamp (size, modification and change times, inode). */
  private read?: { stamp: string; key?: string };

  constructor({ configured, upstreamUrl, env }: AmpKeySources) {
    const fromEnv = env.AMP_API_KEY?.trim();
    if (configured.trim()) this.fixed = { key: configured.trim(), source: "config" };
    else if (fromEnv) this.fixed = { key: fromEnv, source: "AMP_API_KEY" };
    this.path = join(env.HOME || homedir(), ".local", "share", "amp", "secrets.json");
    // Amp names an entry by its server URL with a trailing slash, as URL.href writes a bare origin.
    this.entry = `apiKey@${new URL(upstreamUrl).href}`;
    if (this.fixed) this.remember(this.fixed.key);
  }

  /** The key and its source, or undefined when no source has one. */
  get(): { key: string; source: AmpKeySource } | undefined {
    if (this.fixed) return this.fixed;
    const key = this.fromFile();
    return key ? { key, source: "secrets.json" } : undefined;
  }

  private fromFile(): string | undefined {
    let stamp: string;
    try {
      const stat = statSync(this.path);
      stamp = `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
    } catch {
      this.read = undefined;
      return undefined;
    }
    if (this.read?.stamp === stamp) return this.read.key;
    let key: string | undefined;
    try {
      const value = (JSON.parse(readFileSync(this.path, "utf8")) as Record<string, unknown>)?.[this.entry];
      key = typeof value === "string" && value.trim() ? value.trim() : undefined;
    } catch (error) {
      // The file's text is never quoted: it holds keys.
      log.warn("the Amp secrets file could not be read as JSON; no Amp key from it", { path: this.path, error: (error as Error).name });
    }
    this.read = { stamp, key };
    if (key) this.remember(key);
    return key;
  }

  /** Log lines mask the key wherever it appears. */
  private remember(key: string) {
    setKnownSecrets(this, [key]);
  }
}
