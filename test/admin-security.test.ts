/** The admin surface under hostile use: login floods, cross-site requests, sessions, CORS. Real HTTP on loopback. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PASSWORD_WORK_LIMIT } from "../src/admin/auth";
import { startTestOctopus, type TestOctopus } from "./octopus";

let o: TestOctopus;
let token: string;
let cookie: string;

beforeAll(async () => {
  o = await startTestOctopus({ env: { OCTOPUS_SERVER_CORS_ORIGINS: "https://panel.example" } });
  token = await o.login();
  const response = await fetch(o.url + "/api/v1/user/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  cookie = response.headers.get("set-cookie")!.split(";")[0];
});
afterAll(() => o.close());

/** Wraps Bun's argon2 verification to see how many run at once and how many ran at all. */
async function watchVerifications<T>(run: () => Promise<T>) {
  const verify = Bun.password.verify;
  const seen = { calls: 0, running: 0, peak: 0 };
  Bun.password.verify = async (...args: Parameters<typeof verify>) => {
    seen.calls++;
    seen.peak = Math.max(seen.peak, ++seen.running);
    try {
      return await verify.apply(Bun.password, args);
    } finally {
      seen.running--;
    }
  };
  try {
    return { result: await run(), seen };
  } finally {
    Bun.password.verify = verify;
  }
}

const setting = (value: number) => JSON.stringify({ key: "stats_save_interval", value });

describe("login throttle", () => {
  test("64 concurrent wrong passwords from one address: 5 are checked (401), 59 get 429; the right password is refused too", async () => {
    const other = await startTestOctopus();
    try {
      const wrong = () => other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "wrong" } });
      const { result, seen } = await watchVerifications(() => Promise.all(Array.from({ length: 64 }, wrong)));
      const statuses = result.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(59);
      expect(seen.calls).toBe(5);
      for (const r of result.filter((r) => r.status === 429)) {
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(r.body.error.message).toContain("too many login attempts");
      }
      // The window is full: the right password waits for it like any other attempt.
      const right = await other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "admin" } });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  test("successful logins give their attempt back; failures still count", async () => {
    const other = await startTestOctopus();
    try {
      for (let i = 0; i < 8; i++) await other.login();
      const login = (password: string) => other.api("POST", "/api/v1/user/login", { body: { username: "admin", password } });
      for (let i = 0; i < 5; i++) expect((await login("wrong")).status).toBe(401);
      expect((await login("wrong")).status).toBe(429);
    } finally {
      await other.close();
    }
  });

  test(`argon2 never runs more than ${PASSWORD_WORK_LIMIT} at once; past the queue, 429`, async () => {
    const other = await startTestOctopus();
    try {
      const session = await other.login();
      const changes = () => other.api("POST", "/api/v1/user/change-password", { token: session, body: { old_password: "wrong", new_password: "long-enough-1" } });
      const logins = () => other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "wrong" } });
      const { result, seen } = await watchVerifications(() => Promise.all([...Array.from({ length: 5 }, logins), ...Array.from({ length: 60 }, changes)]));
      expect(seen.peak).toBe(PASSWORD_WORK_LIMIT);
      const statuses = result.map((r) => r.status);
      expect(statuses.slice(0, 5).every((s) => s === 401 || s === 429)).toBe(true);
      expect(statuses.slice(5).every((s) => s === 400 || s === 429)).toBe(true);
      const busy = result.filter((r) => r.status === 429 && r.body.error.message.includes("password checks"));
      expect(busy.length).toBeGreaterThan(0);
      expect(busy.every((r) => r.headers.get("retry-after") === "1")).toBe(true);
      expect(seen.calls).toBe(statuses.filter((s) => s === 400 || s === 401).length);
    } finally {
      await other.close();
    }
  });
});

describe("cross-site requests", () => {
  const set = (headers: Record<string, string>, body: BodyInit) => fetch(o.url + "/api/v1/setting/set", { method: "POST", headers, body });

  test("form-encoded, multipart and plain-text bodies are refused with 415, with or without the cookie", async () => {
    const form = new FormData();
    form.set("key", "stats_save_interval");
    form.set("value", "31");
    const cases: [Record<string, string>, BodyInit][] = [
      [{ cookie, "content-type": "application/x-www-form-urlencoded" }, "key=stats_save_interval&value=30"],
      [{ cookie }, form],
      [{ cookie, "content-type": "text/plain" }, setting(32)],
      [{ authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" }, "key=stats_save_interval&value=33"],
      [{ "content-type": "application/x-www-form-urlencoded" }, "username=admin&password=admin"],
    ];
    for (const [headers, body] of cases) {
      const response = await set(headers, body);
      expect(response.status).toBe(415);
      expect((await response.json()).error.message).toContain("application/json");
    }
    const login = await fetch(o.url + "/api/v1/user/login", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ username: "admin", password: "admin" }) });
    expect(login.status).toBe(415);
    expect(o.octopus.state.settings.stats_save_interval).toBe(5);
  });

  test("the cookie from another origin is refused (403); a bearer token needs no origin check", async () => {
    const json = { "content-type": "application/json" };
    const refused: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://admin.evil.example" },
      { origin: "null" },
    ];
    for (const headers of refused) {
      const response = await set({ ...json, cookie, ...headers }, setting(40));
      expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
      expect((await response.json()).error.message).toContain("cross-origin");
    }
    const info = await fetch(o.url + "/api/v1/user/info", { headers: { cookie, origin: "https://evil.example" } });
    expect(info.status).toBe(403);
    expect(o.octopus.state.settings.stats_save_interval).toBe(5);

    const bearer = await set({ ...json, authorization: `Bearer ${token}`, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, setting(41));
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get("access-control-allow-origin")).toBeNull();
    expect(o.octopus.state.settings.stats_save_interval).toBe(41);
  });

  test("the cookie from the panel's own origin, a listed origin, or no browser at all is accepted", async () => {
    const json = { "content-type": "application/json" };
    const accepted: Record<string, string>[] = [
      { "sec-fetch-site": "same-origin", origin: o.url },
      { "sec-fetch-site": "none" },
      { origin: o.url },
      { origin: "https://panel.example", "sec-fetch-site": "cross-site" },
      {},
    ];
    for (const [i, headers] of accepted.entries()) {
      const response = await set({ ...json, cookie, ...headers }, setting(50 + i));
      expect({ headers, status: response.status }).toEqual({ headers, status: 200 });
      expect(o.octopus.state.settings.stats_save_interval).toBe(50 + i);
    }
  });
});

describe("CORS", () => {
  const preflight = (path: string, origin: string) =>
    fetch(o.url + path, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-stainless-os" },
    });

  test("relay routes answer any origin's preflight, without credentials", async () => {
    for (const path of ["/v1/chat/completions", "/v1/messages", "/v1beta/models/gemini-2.5-pro:streamGenerateContent", "/v1/models"]) {
      const response = await preflight(path, "https://app.example");
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      const allowed = response.headers.get("access-control-allow-headers")!.split(/,\s*/);
      for (const header of ["authorization", "x-api-key", "x-goog-api-key", "anthropic-version", "anthropic-beta", "content-type"]) expect(allowed).toContain(header);
      expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    }
  });

  test("relay answers, errors included, let any origin read them; without an Origin nothing is added", async () => {
    const { key } = (await o.api("POST", "/api/v1/apikey/create", { token, body: { name: "browser" } })).body;
    const models = await fetch(o.url + "/v1/models", { headers: { authorization: `Bearer ${key}`, origin: "https://app.example" } });
    expect(models.status).toBe(200);
    expect(models.headers.get("access-control-allow-origin")).toBe("*");
    const denied = await fetch(o.url + "/v1/chat/completions", { method: "POST", headers: { origin: "https://app.example", "content-type": "application/json" }, body: "{}" });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
    const plain = await fetch(o.url + "/v1/models", { headers: { authorization: `Bearer ${key}` } });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("admin routes give other origins no CORS headers; a listed origin gets them with credentials", async () => {
    const evil = await preflight("/api/v1/setting/set", "https://evil.example");
    expect(evil.status).toBe(204);
    for (const name of ["access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-headers"]) expect(evil.headers.get(name)).toBeNull();
    const read = await fetch(o.url + "/api/v1/channel/list", { headers: { authorization: `Bearer ${token}`, origin: "https://evil.example" } });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBeNull();

    const listed = await preflight("/api/v1/setting/set", "https://panel.example");
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://panel.example");
    expect(listed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(listed.headers.get("access-control-allow-headers")).toContain("content-type");
    const info = await fetch(o.url + "/api/v1/user/info", { headers: { cookie, origin: "https://panel.example" } });
    expect(info.status).toBe(200);
    expect(info.headers.get("access-control-allow-origin")).toBe("https://panel.example");
    const failed = await fetch(o.url + "/api/v1/log/12345", { headers: { cookie, origin: "https://panel.example" } });
    expect(failed.status).toBe(404);
    expect(failed.headers.get("access-control-allow-origin")).toBe("https://panel.example");
  });
});

describe("sessions and the user", () => {
  test("logout revokes exactly that token, on every instance sharing the database", async () => {
    const other = await startTestOctopus();
    const twin = await startTestOctopus({ database: { type: "sqlite", path: `${other.dir}/data.db` } });
    try {
      const leaving = await other.login();
      const staying = await other.login();
      const info = (t: TestOctopus, session: string) => t.api("GET", "/api/v1/user/info", { token: session });
      expect((await info(twin, leaving)).status).toBe(200);
      const out = await other.api("POST", "/api/v1/user/logout", { token: leaving });
      expect(out.status).toBe(200);
      expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
      for (const instance of [other, twin]) {
        expect((await info(instance, leaving)).status).toBe(401);
        expect((await info(instance, staying)).status).toBe(200);
      }
      expect((await other.api("POST", "/api/v1/user/logout", { token: leaving })).status).toBe(401);
    } finally {
      await twin.close();
      await other.close();
    }
  });

  test("user/info tells whether the password is the default, without an argon2 check per call", async () => {
    const other = await startTestOctopus();
    try {
      const first = await other.login();
      const { result, seen } = await watchVerifications(() => Promise.all([1, 2, 3].map(() => other.api("GET", "/api/v1/user/info", { token: first }))));
      expect(result.map((r) => r.body)).toEqual(Array(3).fill({ id: 1, username: "admin", default_password: true }));
      expect(seen.calls).toBe(0);
      const changed = await other.api("POST", "/api/v1/user/change-password", { token: first, body: { old_password: "admin", new_password: "long-enough-1" } });
      expect((await other.api("GET", "/api/v1/user/info", { token: changed.body.token })).body).toEqual({ id: 1, username: "admin", default_password: false });
    } finally {
      await other.close();
    }
  });

  test("change-username: password re-entered, names checked, 409 when taken, sign-in by the new name", async () => {
    const other = await startTestOctopus();
    try {
      const session = await other.login();
      await other.octopus.stores.users.create("taken", "not-a-hash");
      const change = (body: unknown) => other.api("POST", "/api/v1/user/change-username", { token: session, body });
      expect((await change({ username: "root", password: "wrong" })).status).toBe(400);
      for (const username of ["", "has space", "tab\there", "x".repeat(65)]) {
        const bad = await change({ username, password: "admin" });
        expect({ username, status: bad.status }).toEqual({ username, status: 400 });
        expect(bad.body.error.message).toContain("username");
      }
      const taken = await change({ username: "taken", password: "admin" });
      expect(taken.status).toBe(409);
      expect(taken.body.error.message).toContain("taken");

      const renamed = await change({ username: "root", password: "admin" });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id: 1, username: "root", default_password: true });
      expect((await other.api("GET", "/api/v1/user/info", { token: session })).body.username).toBe("root");
      expect((await other.api("POST", "/api/v1/user/login", { body: { username: "admin", password: "admin" } })).status).toBe(401);
      expect((await other.api("POST", "/api/v1/user/login", { body: { username: "root", password: "admin" } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
