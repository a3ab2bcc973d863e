import { Elysia, t } from "elysia";
import { TOKEN_COOKIE, TOKEN_TTL_SECONDS } from "./auth";
import type { AdminContext } from "./context";
import { HttpError } from "./http";

const sessionCookie = (token: string, maxAge: number) =>
  `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;

/** `POST /user/login` is the one admin route open without a token. */
export const loginRoutes = ({ auth }: AdminContext) =>
  new Elysia().post(
    "/user/login",
    async ({ body, request, server, set }) => {
      const address = server?.requestIP(request)?.address ?? "unknown";
      const wait = auth.throttle.retryAfter(address);
      if (wait > 0) throw new HttpError(429, "too many failed logins; try again later", { "retry-after": String(wait) });
      const user = await auth.checkPassword(body.username, body.password);
      if (!user) {
        auth.throttle.fail(address);
        throw new HttpError(401, "wrong username or password");
      }
      const session = await auth.issue(user);
      set.headers["set-cookie"] = sessionCookie(session.token, TOKEN_TTL_SECONDS);
      return session;
    },
    { body: t.Object({ username: t.String({ maxLength: 64 }), password: t.String({ maxLength: 1024 }) }) },
  );

export const userRoutes = ({ auth, stores }: AdminContext) =>
  new Elysia()
    .get("/user/info", async ({ request }) => {
      const who = await auth.authenticate(request);
      return { id: who.id, username: who.username };
    })
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
    .post("/user/logout", ({ set }) => {
      set.headers["set-cookie"] = sessionCookie("", 0);
      return { ok: true };
    });
