/** Panel tokens: a signature checked once is remembered, but never past the token's expiry. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { jwt } from "@elysiajs/jwt";
import { openDatabase, type Database } from "../db/connection";
import { migrate } from "../db/migrate";
import { createStores } from "../db/stores";
import { createAuth } from "./auth";
import { HttpError } from "./http";

const SECRET = "a-test-secret-of-enough-length-for-hs256";
let db: Database;
let stores: ReturnType<typeof createStores>;

beforeAll(async () => {
  db = await openDatabase({ type: "sqlite", path: ":memory:" });
  await migrate(db);
  stores = createStores(db);
  await stores.users.create("admin", "not-a-real-hash");
});
afterAll(() => db.close());

const bearer = (token: string) => new Request("http://localhost/api/v1/user/info", { headers: { authorization: `Bearer ${token}` } });
const status = (auth: ReturnType<typeof createAuth>, token: string) =>
  auth.authenticate(bearer(token)).then(
    () => 200,
    (e: unknown) => (e instanceof HttpError ? e.status : 500),
  );

test("a token whose signature was checked before is refused once it expires", async () => {
  const auth = createAuth(stores, SECRET);
  const [user] = await stores.users.list();
  const shortLived = jwt({ name: "jwt", secret: SECRET, exp: "1s" }).decorator.jwt;
  const token = await shortLived.sign({ sub: String(user.id), ver: user.token_version, jti: crypto.randomUUID() });
  expect(await status(auth, token)).toBe(200);
  expect(await status(auth, token)).toBe(200);
  // jose's expiry has whole seconds: past them, the remembered signature no longer serves.
  await Bun.sleep(2100);
  expect(await status(auth, token)).toBe(401);
});

test("a remembered signature does not outlive a sign-out or a token signed with another secret", async () => {
  const auth = createAuth(stores, SECRET);
  const [user] = await stores.users.list();
  const issued = await auth.issue(user);
  expect(await status(auth, issued.token)).toBe(200);
  const who = await auth.authenticate(bearer(issued.token));
  await auth.revoke(who);
  expect(await status(auth, issued.token)).toBe(401);
  const forged = await jwt({ name: "jwt", secret: "another-secret-of-enough-length-here", exp: "1h" }).decorator.jwt.sign({ sub: String(user.id), ver: user.token_version, jti: "x" });
  expect(await status(auth, forged)).toBe(401);
});
