/**
 * Whether a newer release exists: the latest release from GitHub's API (`update_check_url`),
 * authenticated with OCTOPUS_GITHUB_PAT when set (a higher rate limit, or a private repository),
 * remembered for an hour (a failure for five minutes). Failing soft: the answer then says
 * "could not check" and why, in words that name neither the token nor the URL's secrets.
 */
import { BUILD } from "./build-info";
import { networkErrorReason, readCapped } from "./net";

export interface Release {
  version: string;
  name: string;
  url: string;
  published_at: string | null;
}

export interface UpdateStatus {
  current: { version: string; commit: string | null; date: string | null; platform: string };
  latest: Release | null;
  update_available: boolean;
  checked_at: number | null;
  error: string | null;
}

const SUCCESS_TTL_MS = 60 * 60 * 1000;
const FAILURE_TTL_MS = 5 * 60 * 1000;
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1024 * 1024;

/** GitHub's latest-release URL for a repository this build knows; empty (checks off) otherwise. */
export const defaultUpdateUrl = (repository = BUILD.repository) => (repository ? `https://api.github.com/repos/${repository}/releases/latest` : "");

/** [major, minor, patch] and whether it is a pre-release, from `v1.2.3` or `1.2.3-rc.1`; undefined otherwise. */
function parseVersion(text: string): { parts: number[]; pre: boolean } | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+.*)?$/.exec(text.trim());
  return match ? { parts: [1, 2, 3].map((i) => Number(match[i])), pre: match[4] !== undefined } : undefined;
}

/** Whether `candidate` is a later version than `running` (a release is later than its own pre-release). */
export function isNewer(candidate: string, running: string): boolean {
  const a = parseVersion(candidate);
  const b = parseVersion(running);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] > b.parts[i];
  return !a.pre && b.pre;
}

type Fetched = { release: Release } | { error: string };

async function fetchLatest(url: string, token: string | undefined): Promise<Fetched> {
  const headers: Record<string, string> = {
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "user-agent": `octopus/${BUILD.version}`,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel();
      return { error: response.status === 404 ? "no release published yet (HTTP 404)" : `the release server answered HTTP ${response.status}` };
    }
    body = await readCapped(response, MAX_BYTES);
  } catch (e) {
    return { error: networkErrorReason(e, TIMEOUT_MS) };
  }
  if (body === undefined) return { error: "response too large" };
  let json: { tag_name?: unknown; name?: unknown; html_url?: unknown; published_at?: unknown };
  try {
    json = JSON.parse(body);
  } catch {
    return { error: "response is not JSON" };
  }
  if (typeof json?.tag_name !== "string" || !parseVersion(json.tag_name)) return { error: "the release has no version tag" };
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    release: {
      version: json.tag_name.replace(/^v/, ""),
      name: str(json.name) || json.tag_name,
      url: str(json.html_url),
      published_at: str(json.published_at) || null,
    },
  };
}

export class UpdateChecker {
  private cached?: { url: string; at: number; result: Fetched };
  private inflight?: { url: string; promise: Promise<Fetched> };

  constructor(
    private readonly token: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async status(url: string): Promise<UpdateStatus> {
    const current = { version: BUILD.version, commit: BUILD.commit || null, date: BUILD.date || null, platform: BUILD.platform };
    if (!url) return { current, latest: null, update_available: false, checked_at: null, error: "could not check: update_check_url is empty (checks are off)" };
    const { result, at } = await this.latest(url);
    if ("error" in result) return { current, latest: null, update_available: false, checked_at: at, error: `could not check: ${result.error}` };
    return { current, latest: result.release, update_available: isNewer(result.release.version, BUILD.version), checked_at: at, error: null };
  }

  /** The remembered answer for this URL while fresh; one request at a time otherwise. */
  private async latest(url: string): Promise<{ result: Fetched; at: number }> {
    const c = this.cached;
    if (c && c.url === url && this.now() - c.at < ("error" in c.result ? FAILURE_TTL_MS : SUCCESS_TTL_MS)) return c;
    if (this.inflight?.url !== url) {
      const promise = fetchLatest(url, this.token).finally(() => {
        if (this.inflight?.promise === promise) this.inflight = undefined;
      });
      this.inflight = { url, promise };
    }
    const result = await this.inflight.promise;
    this.cached = { url, at: this.now(), result };
    return this.cached;
  }
}
