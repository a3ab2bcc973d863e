/**
 * The Google Cloud project an Antigravity account's calls name, discovered on first use with
 * `POST {base}/v1internal:loadCodeAssist` and cached per key, as Antigravity clients do
 * (router-for-me/CLIProxyAPI, internal/auth/antigravity/auth.go FetchProjectID;
 * google-gemini/gemini-cli, packages/core/src/code_assist/setup.ts). The answer names it as
 * `cloudaicompanionProject`, a string or `{id}`. An account without one must be set up (onboarded)
 * by signing in to Antigravity once; Octopus does not onboard accounts.
 */
import { ADAPTERS } from "../../protocols";
import { asString, isObject } from "../../protocols/json";
import { SharedFetches } from "../shared-fetches";
import { AuthorizeError } from "../target";
import { post, providerWords, refusalStatus } from "./post";

/** What Antigravity says of itself to loadCodeAssist (CLIProxyAPI's antigravityLoadCodeAssistMetadata, gemini-cli's ClientMetadata). */
const CLIENT_METADATA = { ideType: "ANTIGRAVITY", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" };

export class Projects {
  private readonly known = new Map<string, string>();
  private readonly lookups = new SharedFetches<string>();

  /** `key`: the channel key the project is cached under; `headers`: the call's, with the access token. */
  async get(key: string, url: string, headers: Record<string, string>, call: { signal: AbortSignal; proxy?: string }): Promise<string> {
    const known = this.known.get(key);
    if (known) return known;
    return this.lookups.get(key, () => this.discover(key, url, headers, call.proxy), call.signal);
  }

  private async discover(key: string, url: string, headers: Record<string, string>, proxy?: string): Promise<string> {
    const answer = await post("loadCodeAssist", url, { headers, body: JSON.stringify({ metadata: CLIENT_METADATA }), proxy });
    const token = headers.authorization?.replace(/^Bearer /, "") ?? "";
    if (answer.status !== 200) {
      const error = ADAPTERS.gemini.decodeError(answer.status, answer.text);
      throw new AuthorizeError(`loadCodeAssist answered HTTP ${answer.status}: ${providerWords(error.message, [key, token])}`, refusalStatus(answer.status));
    }
    const project = isObject(answer.json) ? answer.json.cloudaicompanionProject : undefined;
    const id = asString(project) ?? (isObject(project) ? asString(project.id) : undefined);
    if (!id) throw new AuthorizeError("the account has no Cloud Code project yet: sign in to Antigravity with it once, then try again", 403);
    this.known.set(key, id);
    return id;
  }
}
