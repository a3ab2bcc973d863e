/**
 * Panel authentication: argon2id password hashes, JWTs signed with the installation's secret
 * (kept in the database), a token version per user so a password change revokes older tokens, and
 * a `jti` per token so signing out revokes that one.
 */
import { jwt } from "@elysiajs/jwt";
import type { Stores } from "../db/stores";
import type { User } from "../db/stores/users";
import { HttpError } from "./http";
import { fromAllowedOrigin } from "./origin";
import { Semaphore } from "./semaphore";
import { LoginThrottle } from "./throttle";

export const TOKEN_COOKIE = "octopus_token";
export const TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const JWT_SECRET_KEY = "jwt_secret";
/** Argon2 runs at once at most, and how many more may wait: its cost must not starve the relay. */
export const PASSWORD_WORK_LIMIT = 2;
const PASSWORD_WORK_QUEUE = 32;
/** Tokens whose signature is remembered as good at most; past it the memory starts again. */
const SIGNATURE_MEMORY = 1000;

/** Loads the installation's signing secret, creating it on first start. */
export async function loadJwtSecret(stores: Stores): Promise<string> {
  const existing = await stores.settings.get(JWT_SECRET_KEY);
  if (existing) return existing;
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  await stores.settings.set(JWT_SECRET_KEY, secret);
  return secret;
}

function requestToken(request: Request): { token: string; fromCookie: boolean } | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return { token: header.slice(7).trim(), fromCookie: false };
  const cookie = request.headers.get("cookie");
  if (!cookie) return undefined;
  for (const pair of cookie.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === TOKEN_COOKIE) return { token: decodeURIComponent(value.join("=")), fromCookie: true };
  }
  return undefined;
}

export interface SignedIn {
  id: number;
  username: string;
  /** The password is still the one the user was created with. */
  default_password: boolean;
  token: { jti: string; expireAt: number };
}

export function createAuth(stores: Stores, secret: string, allowedOrigins: ReadonlySet<string> = new Set()) {
  const signer = jwt({ name: "jwt", secret, exp: `${TOKEN_TTL_SECONDS}s` }).decorator.jwt;
  const throttle = new LoginThrottle();
  const passwordWork = new Semaphore(PASSWORD_WORK_LIMIT, PASSWORD_WORK_QUEUE);
  const verified = new WeakMap<Request, SignedIn>();
  type Payload = Exclude<Awaited<ReturnType<typeof signer.verify>>, false>;
  /**
   * Tokens whose signature checked out: it cannot change, so each is checked once (its expiry every
   * time). The check is asynchronous, a turn of the event loop that waits behind a busy relay's events.
   */
  const signatures = new Map<string, Payload>();
  async function verifyToken(token: string): Promise<Payload | false> {
    const known = signatures.get(token);
    if (known) return typeof known.exp === "number" && known.exp * 1000 > Date.now() && known;
    const payload = await signer.verify(token);
    if (!payload) return false;
    if (signatures.size >= SIGNATURE_MEMORY) signatures.clear();
    signatures.set(token, payload);
    return payload;
  }
  /** Hashes known to hold the default password: a changed password has a new hash, so no re-check. */
  const defaultHashes = new Set<string>();
  // Compared against when the user does not exist, so both paths cost one argon2 verification.
  let decoyHash: Promise<string> | undefined;

  function argon2<T>(work: () => Promise<T>): Promise<T> {
    if (passwordWork.full) throw new HttpError(429, "too many password checks in progress; try again shortly", { "retry-after": "1" });
    return passwordWork.run(work);
  }
  /** Argon2id at OWASP's recommended minimum (19 MiB, 2 passes): Bun's default takes 64 MiB per hash. */
  const hashPassword = (password: string) =>
    argon2(() => Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 }));
  const verifyPassword = (password: string, hash: string) => argon2(() => Bun.password.verify(password, hash));

  async function issue(user: { id: number; token_version: number }) {
    const token = await signer.sign({ sub: String(user.id), ver: user.token_version, jti: crypto.randomUUID() });
    return { token, expire_at: Date.now() + TOKEN_TTL_SECONDS * 1000 };
  }

  return {
    throttle,
    issue,
    hashPassword,
    async checkPassword(username: string, password: string) {
      const user = await stores.users.findByUsername(username);
      const hash = user?.password_hash ?? (await (decoyHash ??= hashPassword(crypto.randomUUID())));
      return (await verifyPassword(password, hash)) ? user : undefined;
    },
    /** Checks whether `user` still has `password` (the default) and remembers it; true when so. */
    async noteDefaultPassword(user: User, password: string) {
      const isDefault = await verifyPassword(password, user.password_hash);
      if (isDefault) defaultHashes.add(user.password_hash);
      return isDefault;
    },
    /** The signed-in user of a request, or a 401 (403 for the cookie sent by another site). */
    async authenticate(request: Request): Promise<SignedIn> {
      const known = verified.get(request);
      if (known) return known;
      const found = requestToken(request);
      if (found?.fromCookie && !fromAllowedOrigin(request, allowedOrigins))
        throw new HttpError(403, "cross-origin request refused: the session cookie is only accepted from the panel's own origin");
      const payload = found ? await verifyToken(found.token) : false;
      const jti = payload && typeof payload.jti === "string" ? payload.jti : undefined;
      const [user, revoked] = payload && payload.sub && jti ? await stores.sessions.check(Number(payload.sub), jti) : [];
      if (!payload || !jti || !user || revoked || payload.ver !== user.token_version || !payload.exp)
        throw new HttpError(401, "missing, invalid or expired token");
      const who: SignedIn = {
        id: user.id,
        username: user.username,
        default_password: defaultHashes.has(user.password_hash),
        token: { jti, expireAt: payload.exp * 1000 },
      };
      verified.set(request, who);
      return who;
    },
    /** Refuses the token of this session from now on, on every instance sharing the database. */
    async revoke(who: SignedIn) {
      await stores.revocations.add(who.token.jti, who.token.expireAt);
      await stores.revocations.sweep();
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
