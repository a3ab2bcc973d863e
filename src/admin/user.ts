import { Elysia, t } from "elysia";
import { TOKEN_COOKIE, TOKEN_TTL_SECONDS, type SignedIn } from "./auth";
import type { AdminContext } from "./context";
import { HttpError } from "./http";

const sessionCookie = (token: string, maxAge: number) =>
  `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;

const present = (who: SignedIn) => ({ id: who.id, username: who.username, default_password: who.default_password });

/** `POST /user/login` is the one admin route open without a token. */
export const loginRoutes = ({ auth }: AdminContext) =>
  new Elysia().post(
    "/user/login",
    async ({ body, request, server, set }) => {
      const address = server?.requestIP(request)?.address ?? "unknown";
      // Counted before the password is checked: concurrent attempts cannot pass the limit together.
      const at = Date.now();
      const wait = auth.throttle.take(address, at);
      if (wait > 0) throw new HttpError(429, "too many login attempts; try again later", { "retry-after": String(wait) });
      const user = await auth.checkPassword(body.username, body.password).catch((e) => {
        auth.throttle.giveBack(address, at);
        throw e;
      });
      if (!user) throw new HttpError(401, "wrong username or password");
      auth.throttle.giveBack(address, at);
      const session = await auth.issue(user);
      set.headers["set-cookie"] = sessionCookie(session.token, TOKEN_TTL_SECONDS);
      return session;
    },
    { body: t.Object({ username: t.String({ maxLength: 64 }), password: t.String({ maxLength: 1024 }) }) },
  );

export const userRoutes = ({ auth, stores }: AdminContext) =>
  new Elysia()
    .get("/user/info", async ({ request }) => present(await auth.authenticate(request)))
    .post(
      "/user/change-password",
      async ({ body, request, set }) => {
        const who = await auth.authenticate(request);
        if (!(await auth.checkPassword(who.username, body.old_password))) throw new HttpError(400, "old_password is wrong");
        if (body.new_password === body.old_password) throw new HttpError(400, "new_password must differ from old_password");
        await stores.users.setPassword(who.id, await auth.hashPassword(body.new_password));
        // Every earlier token is now refused; hand out a fresh one for this session.
        const session = await auth.issue((await stores.users.findById(who.id))!);
        set.headers["set-cookie"] = sessionCookie(session.token, TOKEN_TTL_SECONDS);
        return session;
      },
      {
        body: t.Object({
          old_password: t.String({ maxLength: 1024 }),
          new_password: t.String({ minLength: 8, maxLength: 1024 }),
        }),
      },
    )
    .post(
      "/user/change-username",
      async ({ body, request }) => {
        const who = await auth.authenticate(request);
        if (!(await auth.checkPassword(who.username, body.password))) throw new HttpError(400, "password is wrong");
        const holder = await stores.users.findByUsername(body.username);
        if (holder && holder.id !== who.id) throw new HttpError(409, `username ${JSON.stringify(body.username)} is taken`);
        await stores.users.setUsername(who.id, body.username);
        return present({ ...who, username: body.username });
      },
      {
        body: t.Object({
          // No spaces or control characters: a name typed at the sign-in form as it is shown.
          username: t.String({ minLength: 1, maxLength: 64, pattern: "^[^\\s\\x00-\\x1f\\x7f]+$" }),
          password: t.String({ maxLength: 1024 }),
        }),
      },
    )
    .post("/user/logout", async ({ request, set }) => {
      await auth.revoke(await auth.authenticate(request));
      set.headers["set-cookie"] = sessionCookie("", 0);
      return { ok: true };
    });
