/**
 * Secrets never leave in clear. Every configured provider secret (registered by the state as
 * channels load) and every value of a known key shape is masked in the messages Octopus stores or
 * logs: upstream errors in request logs and routing health, log lines. Only error paths call
 * `redact`; successful answers and streams are never scanned.
 */

/** Enough of a secret to tell two apart, never enough to use it. */
export const maskSecret = (secret: string) => (secret.length <= 12 ? "…" + secret.slice(-2) : `${secret.slice(0, 4)}…${secret.slice(-4)}`);

/** Header or field names whose values are credentials. */
const SECRET_NAME = /auth|key|token|secret|passw|cookie|session|credential|signature/i;

/** Credentials by their look: provider keys and tokens, wherever they appear. */
const SHAPES = [
  // OpenAI, Anthropic (sk-ant-), OpenRouter, DeepSeek and most OpenAI-compatible providers; Octopus's own keys.
  String.raw`\bsk-[A-Za-z0-9_-]{16,}`,
  // Google API keys and OAuth access tokens.
  String.raw`\bAIza[0-9A-Za-z_-]{30,}`,
  String.raw`\bya29\.[0-9A-Za-z_.-]{10,}`,
  // xAI, Groq, Hugging Face, Perplexity, Replicate, GitHub, GitLab.
  String.raw`\b(?:xai|gsk|hf|pplx|r8|ghp|gho|github_pat|glpat)[-_][A-Za-z0-9_-]{16,}`,
  String.raw`\bAKIA[0-9A-Z]{16}\b`,
  // JSON Web Tokens.
  String.raw`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`,
  // What follows an auth scheme (with a digit, unlike a word of prose), or a credential-named query parameter.
  String.raw`(?<=\b(?:[Bb]earer|Basic)\s+)(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}`,
  String.raw`(?<=[?&](?:key|api_key|apikey|access_token|token)=)[^&\s"'<>]{8,}`,
];

const SHAPE = new RegExp(SHAPES.join("|"));

/** A value to mask when shown: named like a credential, or shaped like one. */
export const isSecret = (name: string, value: string) => value !== "" && (SECRET_NAME.test(name) || SHAPE.test(value));

/** Shorter known secrets are not redacted from messages: they would mask ordinary words. */
const MIN_KNOWN = 8;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const known = new Map<object, readonly string[]>();
let pattern = build([]);

function build(secrets: Iterable<string>): RegExp {
  const literal = [...new Set(secrets)].filter((s) => s.length >= MIN_KNOWN).sort((a, b) => b.length - a.length).map(escape);
  return new RegExp([...literal, ...SHAPES].join("|"), "g");
}

/** The secrets `owner` (one running instance) has configured; replaces the ones it set before. */
export function setKnownSecrets(owner: object, secrets: readonly string[]) {
  known.set(owner, secrets);
  pattern = build([...known.values()].flat());
}

/** `text` with every known secret, `extra` secret and key-shaped value masked. */
export function redact(text: string, extra: readonly string[] = []): string {
  for (const secret of extra) if (secret.length >= MIN_KNOWN) text = text.split(secret).join(maskSecret(secret));
  return text.replace(pattern, maskSecret);
}

/** Walks a JSON value; `secret` replaces each string under a credential name or shaped like one. */
export function mapSecrets(value: unknown, secret: (value: string) => string, name = ""): unknown {
  if (typeof value === "string") return isSecret(name, value) ? secret(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapSecrets(v, secret, name));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, secret, k)]));
}
