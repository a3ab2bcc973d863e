/**
 * GET /api/v1/update against a local stand-in for GitHub's latest-release API: the running version
 * and the latest release, the token sent as a bearer, one request per hour, and a soft failure
 * ("could not check" with the reason) when the server is unreachable or refuses.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { version } from "../package.json";
import { isNewer, UpdateChecker } from "../src/update-check";
import { startTestOctopus, type TestOctopus } from "./octopus";

const PAT = "github_pat_test_0123456789abcdef";
let tag = "v99.0.0";
let status = 200;
const seen: { path: string; authorization: string | null; accept: string | null }[] = [];
const github = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    seen.push({ path: new URL(request.url).pathname, authorization: request.headers.get("authorization"), accept: request.headers.get("accept") });
    if (status !== 200) return Response.json({ message: "API rate limit exceeded" }, { status });
    return Response.json({ tag_name: tag, name: `Octopus ${tag}`, html_url: `https://github.com/o/octopus/releases/tag/${tag}`, published_at: "2026-01-02T03:04:05Z" });
  },
});
const latestUrl = (path: string) => `http://127.0.0.1:${github.port}${path}`;
afterAll(() => github.stop(true));

describe("with a token and a reachable release server", () => {
  let o: TestOctopus;
  let token: string;
  beforeAll(async () => {
    o = await startTestOctopus({ env: { OCTOPUS_GITHUB_PAT: PAT, OCTOPUS_SETTING_UPDATE_CHECK_URL: latestUrl("/repos/o/octopus/releases/latest") } });
    token = await o.login();
  });
  afterAll(() => o.close());

  test("needs a panel token", async () => {
    expect((await o.api("GET", "/api/v1/update")).status).toBe(401);
  });

  test("reports the running version and the newer latest release, sending the PAT as a bearer; asked again within the hour, answers from memory", async () => {
    const before = seen.length;
    const { status: code, body } = await o.api("GET", "/api/v1/update", { token });
    expect(code).toBe(200);
    expect(body).toMatchObject({
      current: { version, platform: `${process.platform}-${process.arch}` },
      latest: { version: "99.0.0", name: "Octopus v99.0.0", url: "https://github.com/o/octopus/releases/tag/v99.0.0", published_at: "2026-01-02T03:04:05Z" },
      update_available: true,
      error: null,
    });
    expect(typeof body.checked_at).toBe("number");
    expect(seen.slice(before)).toEqual([{ path: "/repos/o/octopus/releases/latest", authorization: `Bearer ${PAT}`, accept: "application/vnd.github+json" }]);
    expect((await o.api("GET", "/api/v1/update", { token })).body).toEqual(body);
    expect(seen.length).toBe(before + 1);
  });

  test("a refusal (rate limit) fails soft, without the token in the answer", async () => {
    const url = latestUrl("/limited");
    status = 403;
    try {
      // Another Octopus: this one's answer is remembered for the hour.
      const other = await startTestOctopus({ env: { OCTOPUS_GITHUB_PAT: PAT, OCTOPUS_SETTING_UPDATE_CHECK_URL: url } });
      try {
        const { status: code, body } = await other.api("GET", "/api/v1/update", { token: await other.login() });
        expect(code).toBe(200);
        expect(body).toMatchObject({ current: { version }, latest: null, update_available: false, error: "could not check: the release server answered HTTP 403" });
        expect(JSON.stringify(body)).not.toContain(PAT);
      } finally {
        await other.close();
      }
    } finally {
      status = 200;
    }
  });
});

test("offline (nothing listens at the URL): 200 with \"could not check\" and the reason", async () => {
  const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const url = `http://127.0.0.1:${closed.port}/releases/latest`;
  closed.stop(true);
  const o = await startTestOctopus({ env: { OCTOPUS_SETTING_UPDATE_CHECK_URL: url } });
  try {
    const { status: code, body } = await o.api("GET", "/api/v1/update", { token: await o.login() });
    expect(code).toBe(200);
    expect(body).toMatchObject({ latest: null, update_available: false, error: expect.stringMatching(/^could not check: network error \(\w+\)$/) });
  } finally {
    await o.close();
  }
});

test("with update_check_url empty (a build that knows no repository, or turned off) it says checks are off", async () => {
  const o = await startTestOctopus({ env: { OCTOPUS_SETTING_UPDATE_CHECK_URL: "" } });
  try {
    const { body } = await o.api("GET", "/api/v1/update", { token: await o.login() });
    expect(body).toMatchObject({ latest: null, update_available: false, checked_at: null, error: "could not check: update_check_url is empty (checks are off)" });
  } finally {
    await o.close();
  }
});

test("the answer is kept an hour, a failure five minutes", async () => {
  let now = 1_000_000;
  const checker = new UpdateChecker(undefined, () => now);
  const url = latestUrl("/cache");
  const hits = () => seen.filter((s) => s.path === "/cache").length;
  tag = "v0.0.1";
  try {
    expect(await checker.status(url)).toMatchObject({ latest: { version: "0.0.1" }, update_available: false });
    now += 59 * 60 * 1000;
    await checker.status(url);
    expect(hits()).toBe(1);
    now += 2 * 60 * 1000;
    status = 500;
    expect((await checker.status(url)).error).toBe("could not check: the release server answered HTTP 500");
    expect(hits()).toBe(2);
    status = 200;
    now += 4 * 60 * 1000;
    expect((await checker.status(url)).error).not.toBeNull();
    now += 2 * 60 * 1000;
    expect((await checker.status(url)).error).toBeNull();
    expect(hits()).toBe(3);
  } finally {
    tag = "v99.0.0";
    status = 200;
  }
});

test("isNewer compares versions by number, a release above its own pre-release", () => {
  expect(isNewer("v0.2.0", "0.1.9")).toBe(true);
  expect(isNewer("0.10.0", "0.9.0")).toBe(true);
  expect(isNewer("v1.0.0", "1.0.0")).toBe(false);
  expect(isNewer("1.0.0", "1.0.0-rc.1")).toBe(true);
  expect(isNewer("1.0.0-rc.2", "1.0.0")).toBe(false);
  expect(isNewer("0.9.9", "1.0.0")).toBe(false);
  expect(isNewer("nightly", "1.0.0")).toBe(false);
});
