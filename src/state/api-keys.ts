/** Client API keys: `sk-octopus-` + 48 characters from a CSPRNG, stored only as a SHA-256 hash. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const API_KEY_PREFIX = "sk-octopus-";
const RANDOM_LENGTH = 48;

export function generateApiKey(): string {
  let out = "";
  while (out.length < RANDOM_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(64))) {
      // 248 = 4 × 62: bytes above it are dropped so every character is equally likely.
      if (byte < 248 && out.length < RANDOM_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return API_KEY_PREFIX + out;
}

export const hashApiKey = (key: string) => new Bun.CryptoHasher("sha256").update(key).digest("hex");

/** What the panel shows of a key: its start, never enough to use it. */
export const apiKeyPrefix = (key: string) => key.slice(0, API_KEY_PREFIX.length + 4);

/**
 * Keys that matched a row lately, with their hashes, so a busy key is hashed once rather than
 * per request. Only matched keys enter, so keys made up by anyone cannot crowd out real ones;
 * a key's hash never changes, so an entry left over after its row went names no row.
 */
export class KeyHashes {
  private hashes = new Map<string, string>();

  constructor(private readonly limit = 1024) {}

  get(key: string): string | undefined {
    return this.hashes.get(key);
  }

  remember(key: string, hash: string) {
    if (this.hashes.size >= this.limit) this.hashes.delete(this.hashes.keys().next().value!);
    this.hashes.set(key, hash);
  }

  clear() {
    this.hashes.clear();
  }

  get size() {
    return this.hashes.size;
  }
}
