/**
 * Provider secrets at rest: AES-256-GCM under the instance's data key, a fresh 96-bit nonce per
 * value, stored as `enc:v1:<kid>:<base64 of nonce | ciphertext | tag>`. The key id (a hash of the
 * key, never the key) tells which key sealed a value, so a wrong key is named, not guessed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "enc:v1:";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export const isSealed = (value: string) => value.startsWith(PREFIX);

/** The key id a sealed value names; undefined for plain text. */
export const sealedKid = (value: string) => (isSealed(value) ? value.slice(PREFIX.length).split(":", 1)[0] : undefined);

/** Eight hex digits of the key's SHA-256: enough to tell keys apart, nothing to recover one. */
export const keyId = (key: Uint8Array) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export class WrongSecretKeyError extends Error {}

export class SecretBox {
  readonly kid: string;

  constructor(private readonly key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`a secret key must be ${KEY_BYTES} bytes`);
    this.kid = keyId(key);
  }

  seal(plain: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    cipher.setAAD(Buffer.from(this.kid));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `${PREFIX}${this.kid}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64")}`;
  }

  /** The plain text of a sealed value; plain text (a row from before encryption) as it is. */
  open(value: string): string {
    const kid = sealedKid(value);
    if (kid === undefined) return value;
    if (kid !== this.kid) throw new WrongSecretKeyError(`sealed with key ${kid}, not ${this.kid}`);
    const raw = Buffer.from(value.slice(PREFIX.length + kid.length + 1), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new WrongSecretKeyError(`a value under key ${kid} does not authenticate`);
    }
  }

  /** Seals plain text; leaves a value this key sealed as it is. */
  reseal(value: string): string {
    return sealedKid(value) === this.kid ? value : this.seal(this.open(value));
  }
}
