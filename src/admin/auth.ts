/**
 * Panel authentication: argon2id password hashes, JWTs signed with the installation's secret
 * (kept in the database), a token version per user so a password change revokes older tokens.
 */
import { jwt } from "@elysiajs/jwt";
import type { Stores } from "../db/stores";
import { HttpError } from "./http";
import { LoginThrottle } from "./throttle";

export const TOKEN_COOKIE = "octopus_token";
export const TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const JWT_SECRET_KEY = "jwt_secret";

/** Loads the installation's signing secret, creating it on first start. */
export async function loadJwtSecret(stores: Stores): Promise<string> {
  const existing = await stores.settings.get(JWT_SECRET_KEY);
  if (existing) return existing;
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  await stores.settings.set(JWT_SECRET_KEY, secret);
  return secret;
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  const cookie = request.headers.get("cookie");
  if (!cookie) return undefined;
  for (const pair of cookie.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/**
 * Argon2id at OWASP's recommended minimum (19 MiB, 2 passes): Bun's default takes 64 MiB per
 * hash, which would dominate the memory of a gateway meant for small machines.
 */
const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 });

export function createAuth(stores: Stores, secret: string) {
  const signer = jwt({ name: "jwt", secret, exp: `${TOKEN_TTL_SECONDS}s` }).decorator.jwt;
  const throttle = new LoginThrottle();
  const verified = new WeakMap<Request, { id: number; username: string }>();
  // Compared against when the user does not exist, so both paths cost one argon2 verification.
  let decoyHash: Promise<string> | undefined;

  async function issue(user: { id: number; token_version: number }) {
    const token = await signer.sign({ sub: String(user.id), ver: user.token_version });
    return { token, expire_at: Date.now() + TOKEN_TTL_SECONDS * 1000 };
  }

  return {
    throttle,
    issue,
    hashPassword,
    async checkPassword(username: string, password: string) {
      const user = await stores.users.findByUsername(username);
      const ok = await Bun.password.verify(password, user?.password_hash ?? (await (decoyHash ??= hashPassword(crypto.randomUUID()))));
      return ok ? user : undefined;
    },
    /** The signed-in user of a request, or a 401. */
    async authenticate(request: Request) {
      const known = verified.get(request);
      if (known) return known;
      const token = bearerToken(request);
      const payload = token ? await signer.verify(token) : false;
      const user = payload && payload.sub ? await stores.users.findById(Number(payload.sub)) : undefined;
      if (!payload || !user || payload.ver !== user.token_version) throw new HttpError(401, "missing, invalid or expired token");
      const who = { id: user.id, username: user.username };
      verified.set(request, who);
      return who;
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
