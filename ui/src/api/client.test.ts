/** The panel's API client against a real Octopus over loopback. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestOctopus, type TestOctopus } from "../../../test/octopus";
import { ApiError, queryString, request, setUnauthorizedHandler } from "./client";

let octopus: TestOctopus;
let token: string;
beforeAll(async () => {
  octopus = await startTestOctopus();
  token = await octopus.login();
});
afterAll(() => octopus?.close());

/** The browser's fetch, as the panel runs it: relative paths on the server's origin, the session attached. */
const browserFetch = (session?: string) =>
  ((path: string, init: RequestInit) =>
    fetch(octopus.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(session && { authorization: `Bearer ${session}` }) } })) as typeof fetch;

/** The error a call fails with; a call that succeeds fails the test. */
const failure = (call: Promise<unknown>): Promise<ApiError> =>
  call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: ApiError) => e,
  );

describe("API client", () => {
  test("a JSON answer comes back typed; a body goes as JSON", async () => {
    const info = await request<{ username: string }>("GET", "/user/info", undefined, { fetch: browserFetch(token) });
    expect(info.username).toBe("admin");
    const created = await request<{ id: number; name: string; key: string }>("POST", "/apikey/create", { name: "from the panel" }, { fetch: browserFetch(token) });
    expect(created.name).toBe("from the panel");
    expect(created.key).toStartWith("sk-octopus-");
  });

  test("an error carries the server's status and message", async () => {
    const error = await failure(request("POST", "/group/create", { name: "g", mode: "sideways", items: [] }, { fetch: browserFetch(token) }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toContain("mode");
    expect(error.offline).toBe(false);
  });

  test("a 401 hands over to the session handler, except from sign-in itself", async () => {
    let ended = 0;
    setUnauthorizedHandler(() => ended++);
    const expired = await failure(request("GET", "/channel/list", undefined, { fetch: browserFetch("not-a-token") }));
    expect(expired.status).toBe(401);
    expect(ended).toBe(1);
    const wrong = await failure(request("POST", "/user/login", { username: "admin", password: "nope" }, { fetch: browserFetch() }));
    expect(wrong.status).toBe(401);
    expect(wrong.message).toBe("wrong username or password");
    expect(ended).toBe(1);
  });

  test("no answer at all is an offline error", async () => {
    const unreachable = ((path: string, init: RequestInit) => fetch(`http://127.0.0.1:9${path}`, init)) as typeof fetch;
    const error = await failure(request("GET", "/user/info", undefined, { fetch: unreachable }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.offline).toBe(true);
  });

  test("query strings leave out empty filters", () => {
    expect(queryString({ page: 2, model: "", status: undefined, channel_id: 3, live: false })).toBe("?page=2&channel_id=3&live=false");
    expect(queryString({ model: null })).toBe("");
  });
});
