/**
 * The panel in a real browser (Debian's Chromium through playwright-core) against a fresh real
 * Octopus and a mock OpenAI upstream, at desktop and phone size: a user's first session end to
 * end — sign in, change the password, add a channel, test it, make a group and an API key, call
 * the group with the official SDK, watch it arrive in the logs and on the dashboard. Every page
 * and every drawer or dialog opened is checked for console errors, sideways scroll and axe's
 * serious or critical findings.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import type { Browser, Page } from "playwright-core";
import { createOpenaiChatMock } from "../mocks/openai-chat";
import { SCENARIO } from "../mocks/scenario";
import { startTestOctopus, type TestOctopus } from "../octopus";
import { accessibilityViolations, DESKTOP, launchBrowser, openPage, PHONE, scrollsSideways, type PanelPage } from "./browser";
import { startDemo, type Demo } from "./demo";
import { TOTAL_CAP } from "../../src/db/stores/logs";
import { logEntry } from "../log-rows";

const UPSTREAM_KEY = "sk-mock-upstream-3b8e1f";
/** A second key the mock refuses, as it would a revoked one. */
const REFUSED_KEY = "sk-mock-revoked-9c2d4a";
const UPSTREAM_MODELS = ["gpt-4o-mini", "gpt-4o", "o4-mini"];
const NEW_PASSWORD = "octopus-e2e-pass";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The checks every page, drawer and dialog must pass: no console errors, no sideways scroll, no serious a11y issue. */
async function checkPage(p: PanelPage, what: string) {
  await p.page.waitForFunction(() => document.querySelectorAll(".skeleton").length === 0);
  // Mid-animation (a drawer sliding in, a toast fading in) colours are part transparent: judge them settled
  // (an animation cut short by its element going away rejects, which is as good).
  await p.page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => {}))));
  expect(await scrollsSideways(p.page), `${what} scrolls sideways`).toBe(false);
  expect(await accessibilityViolations(p.page), `${what} accessibility`).toEqual([]);
  expect(p.errors, `${what} console errors`).toEqual([]);
}

/** The toast saying `text`. */
const toast = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text }).waitFor();

for (const [size, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  describe(`panel at ${size} size`, () => {
    let octopus: TestOctopus;
    let upstream: ReturnType<typeof Bun.serve>;
    let p: PanelPage;
    let page: Page;
    let apiKey = "";

    beforeAll(async () => {
      const mock = createOpenaiChatMock({ apiKey: UPSTREAM_KEY, models: UPSTREAM_MODELS });
      upstream = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: mock.fetch });
      octopus = await startTestOctopus();
      p = await openPage(browser, viewport);
      page = p.page;
    });
    afterAll(async () => {
      await p?.context.close();
      await octopus?.close();
      upstream?.stop(true);
    });

    /** Goes to a page through the main navigation (the menu drawer on a phone). */
    async function go(name: string) {
      if (size === "phone") await page.getByRole("button", { name: /^(Menu|菜单)$/ }).click();
      await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
    }
    const dialog = (name: string | RegExp) => page.getByRole("dialog", { name });
    /** A test of the story: once one fails, those after it say so at once instead of timing out. */
    let failed: string | undefined;
    const step = (name: string, fn: () => Promise<void>) =>
      test(name, async () => {
        if (failed) throw new Error(`not run: the step "${failed}" failed`);
        try {
          await fn();
        } catch (e) {
          failed = name;
          // Where the browser was and what it said: the assertion alone rarely tells why.
          const body = await page.locator("body").innerText({ timeout: 1000 }).catch(() => "(no body)");
          throw new Error(`${(e as Error).message}\n  at ${page.url()}\n  console errors: ${JSON.stringify(p.errors)}\n  page text: ${body.slice(0, 400)}`);
        }
      });

    step("a signed-out visit goes to sign-in, a wrong password says so, the right one returns to the page asked for", async () => {
      await page.goto(`${octopus.url}/groups`);
      // A new context's first page starts a renderer and parses the app: slow on a loaded machine.
      await page.waitForURL(/\/sign-in\?next=%2Fgroups$/, { timeout: 25_000 });
      await checkPage(p, "sign-in");
      await page.getByLabel("Username", { exact: true }).fill("admin");
      await page.getByLabel("Password", { exact: true }).fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "Wrong username or password." }).waitFor();
      await page.getByLabel("Password", { exact: true }).fill("admin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/groups$/);
      await page.getByRole("heading", { level: 1, name: "Groups" }).waitFor();
    });

    step("the default password is called out until it is changed in Settings", async () => {
      const banner = page.getByRole("alert").filter({ hasText: "default password" });
      await banner.getByRole("link").click();
      await page.waitForURL(/\/settings#account$/);
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      await checkPage(p, "settings");
      const form = page.getByRole("form", { name: "Change password" });
      await form.getByLabel("Current password", { exact: true }).fill("admin");
      await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await form.getByLabel("Repeat the new password", { exact: true }).fill(NEW_PASSWORD);
      await form.getByRole("button", { name: "Change password" }).click();
      await toast(page, "Password changed");
      await banner.waitFor({ state: "detached" });
      expect(await form.getByLabel("Current password", { exact: true }).inputValue()).toBe("");
      expect((await octopus.api("POST", "/api/v1/user/login", { body: { username: "admin", password: NEW_PASSWORD } })).status).toBe(200);
    });

    step("a channel with two keys is made through the drawer, its models fetched from the provider", async () => {
      await go("Channels");
      await page.getByRole("button", { name: "Add channel" }).first().click();
      const drawer = dialog("New channel");
      await drawer.waitFor();
      await checkPage(p, "new channel drawer");
      await drawer.getByLabel("Name", { exact: true }).fill("Mock OpenAI");
      await drawer.getByLabel("Type", { exact: true }).selectOption({ label: "Anthropic" });
      expect(await drawer.getByLabel("Base URL 1", { exact: true }).inputValue()).toBe("https://api.anthropic.com/v1");
      await drawer.getByLabel("Type", { exact: true }).selectOption({ label: "OpenAI Chat" });
      await drawer.getByLabel("Base URL 1", { exact: true }).fill(`http://127.0.0.1:${upstream.port}/v1`);
      const key1 = drawer.getByRole("group", { name: "Key 1" });
      await key1.getByLabel("Key 1", { exact: true }).fill(UPSTREAM_KEY);
      await key1.getByLabel("Remark", { exact: true }).fill("personal");
      await drawer.getByRole("button", { name: "Add key" }).click();
      const key2 = drawer.getByRole("group", { name: "Key 2" });
      await key2.getByLabel("Key 2", { exact: true }).fill(REFUSED_KEY);
      await key2.getByLabel("Remark", { exact: true }).fill("team (revoked)");

      await drawer.getByRole("button", { name: "Fetch models" }).click();
      await toast(page, "3 models listed");
      const models = drawer.getByRole("group", { name: "Models" });
      for (const m of UPSTREAM_MODELS) expect(await models.getByRole("button", { name: m, exact: true }).getAttribute("aria-pressed")).toBe("true");
      await models.getByRole("button", { name: "o4-mini", exact: true }).click();
      await drawer.getByText("2 of 3 selected").waitFor();
      await checkPage(p, "new channel drawer, filled in");
      await drawer.getByRole("button", { name: "Create" }).click();
      await toast(page, "“Mock OpenAI” created");
      await drawer.waitFor({ state: "detached" });

      const row = page.getByRole("row").filter({ hasText: "Mock OpenAI" });
      await row.getByText("2 models").waitFor();
      await row.getByText("2/2 keys usable").waitFor();
      await row.getByText(`127.0.0.1:${upstream.port}/v1`).waitFor();
      await checkPage(p, "channels");

      // Both keys are stored, shown masked with their remarks.
      await page.getByRole("button", { name: "Edit Mock OpenAI" }).click();
      const edit = dialog("Edit “Mock OpenAI”");
      for (const [n, remark] of [
        [1, "personal"],
        [2, "team (revoked)"],
      ] as const) {
        const key = edit.getByRole("group", { name: `Key ${n}` });
        expect(await key.getByLabel("Remark", { exact: true }).inputValue()).toBe(remark);
        // The input is empty (typing replaces the key); its label shows the stored key masked.
        expect(await key.getByLabel(new RegExp(`^Key ${n} `)).inputValue()).toBe("");
        expect(await key.getByTitle("Stored key").innerText()).toEndWith((n === 1 ? UPSTREAM_KEY : REFUSED_KEY).slice(-4));
      }
      expect(await edit.innerText()).not.toContain(UPSTREAM_KEY);
      await edit.getByRole("button", { name: "Cancel" }).click();
      await edit.waitFor({ state: "detached" });
    });

    step("the Test dialog asks the provider with each key and shows the answer and its latency", async () => {
      await page.getByRole("button", { name: "Test Mock OpenAI" }).click();
      const testDialog = dialog("Test “Mock OpenAI”");
      await testDialog.waitFor();
      await checkPage(p, "test dialog");
      expect(await testDialog.getByLabel("Model", { exact: true }).inputValue()).toBe("gpt-4o-mini");

      await testDialog.getByLabel("Key", { exact: true }).selectOption({ label: "Key 2 · team (revoked)" });
      await testDialog.getByRole("button", { name: "Run test" }).click();
      await testDialog.getByText("Failed", { exact: true }).waitFor();
      await testDialog.getByText("Incorrect API key provided").waitFor();
      expect(await testDialog.innerText()).toMatch(/HTTP status\s*401/);

      await testDialog.getByLabel("Key", { exact: true }).selectOption({ label: "Key 1 · personal" });
      await testDialog.getByRole("button", { name: "Run test" }).click();
      await testDialog.getByText("Answered", { exact: true }).waitFor();
      await testDialog.getByText(SCENARIO.text).waitFor();
      expect(await testDialog.innerText()).toMatch(/Latency\s*\d+ ms/);
      await checkPage(p, "test dialog with an answer");
      await testDialog.getByRole("button", { name: "Close" }).first().click();
      await testDialog.waitFor({ state: "detached" });
    });

    step("a group is made of every channel that offers a model", async () => {
      await go("Groups");
      await page.getByRole("button", { name: "New group" }).first().click();
      const drawer = dialog("New group");
      await drawer.waitFor();
      await checkPage(p, "new group drawer");
      await drawer.getByLabel("Name", { exact: true }).fill("smart");
      await drawer.getByLabel("Add every channel that offers", { exact: true }).selectOption("gpt-4o-mini");
      await drawer.getByRole("button", { name: "Add 1 channel" }).click();
      expect(await drawer.getByLabel("Channel", { exact: true }).inputValue()).not.toBe("0");
      expect(await drawer.getByLabel("Upstream model", { exact: true }).inputValue()).toBe("gpt-4o-mini");
      await checkPage(p, "new group drawer, filled in");
      await drawer.getByRole("button", { name: "Create" }).click();
      await toast(page, "“smart” created");
      await drawer.waitFor({ state: "detached" });
      const row = page.getByRole("row").filter({ hasText: "smart" });
      await row.getByText("1 item").waitFor();
      await row.getByText("Next: Mock OpenAI · gpt-4o-mini").waitFor();
      await checkPage(p, "groups");
    });

    step("an API key is shown once, and its copy button puts it on the clipboard", async () => {
      await go("API keys");
      await page.getByRole("button", { name: "Create key" }).first().click();
      const drawer = dialog("Create an API key");
      await drawer.waitFor();
      await checkPage(p, "new API key drawer");
      await drawer.getByLabel("Name", { exact: true }).fill("e2e laptop");
      await drawer.getByRole("button", { name: "Create" }).click();
      const created = dialog("Your new API key");
      await created.waitFor();
      await checkPage(p, "new API key dialog");
      const shown = await created.getByRole("code").first().innerText();
      await created.getByRole("button", { name: "Copy key" }).click();
      await created.getByRole("button", { name: "Copied", exact: true }).waitFor();
      apiKey = await page.evaluate(() => navigator.clipboard.readText());
      expect(apiKey).toStartWith("sk-octopus-");
      expect(apiKey).toBe(shown);
      await created.getByRole("button", { name: "I have copied it" }).click();
      await created.waitFor({ state: "detached" });
      await page.getByRole("row").filter({ hasText: "e2e laptop" }).waitFor();
      expect(await page.locator("body").innerText()).not.toContain(apiKey);
      await checkPage(p, "API keys");
    });

    step("the logs page, open before the SDK calls the group with that key, shows the request as it arrives", async () => {
      await go("Logs");
      await page.getByRole("status").filter({ hasText: /^Live$/ }).waitFor();
      await checkPage(p, "logs");
      const entry = page.getByRole("row", { name: /^smart, status 200,/ });
      expect(await entry.count()).toBe(0);
      // Gone if the page were reloaded: the entry must come through the live feed.
      await page.evaluate(() => Object.assign(window, { notReloaded: true }));

      const client = new OpenAI({ apiKey, baseURL: `${octopus.url}/v1`, maxRetries: 0 });
      const answer = await client.chat.completions.create({ model: "smart", messages: [{ role: "user", content: "Hello?" }] });
      expect(answer.choices[0].message.content).toBe(SCENARIO.text);

      await entry.waitFor();
      expect(await entry.innerText()).toContain("Mock OpenAI");
      expect(await entry.innerText()).toContain("e2e laptop");
      expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);

      // A live row opens once the list has fetched its id (within a second): try until it does.
      const drawer = dialog(/^Request #\d+$/);
      for (let tries = 0; tries < 20 && !(await drawer.isVisible()); tries++) {
        await entry.click();
        await drawer.waitFor({ timeout: 250 }).catch(() => {});
      }
      await drawer.getByText("key “personal”").waitFor();
      await checkPage(p, "log drawer");
      await drawer.getByRole("button", { name: "Close" }).click();
      await drawer.waitFor({ state: "detached" });
    });

    step("the dashboard counts the request, and the channel shows the latency it measured", async () => {
      await go("Dashboard");
      const requests = page.getByRole("tabpanel").getByRole("group", { name: "Requests" });
      expect((await requests.innerText()).split("\n")).toContain("1");
      await checkPage(p, "dashboard");
      await go("Channels");
      const row = page.getByRole("row").filter({ hasText: "Mock OpenAI" });
      await row.getByText("1 request", { exact: true }).waitFor();
      await row.getByText(/^\d+ ms$/).waitFor();
      await go("Prices");
      await checkPage(p, "prices");
    });

    step("language and theme switch, and stay switched after a reload", async () => {
      const menu = () => (size === "phone" ? page.getByRole("button", { name: /^(Menu|菜单)$/ }).click() : Promise.resolve());
      await menu();
      await page.getByLabel("Language", { exact: true }).selectOption("zh");
      await page.getByRole("navigation").getByRole("link", { name: "仪表盘" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
      // The theme button cycles system → light → dark.
      const themeButton = page.getByRole("button", { name: /^主题/ });
      await themeButton.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
      await themeButton.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      await page.reload();
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      await go("仪表盘");
      await checkPage(p, "dashboard in Chinese, dark");
      await menu();
      await page.getByLabel("语言", { exact: true }).selectOption("en");
      await page.getByRole("button", { name: /^Theme/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
      await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).waitFor();
    });

    step("an ended session sends the user to sign in, then back to where they were", async () => {
      await p.context.clearCookies();
      await page.goto(`${octopus.url}/api-keys`);
      await page.waitForURL(/\/sign-in\?next=%2Fapi-keys$/);
      await page.getByLabel("Username", { exact: true }).fill("admin");
      await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/api-keys$/);
      await page.getByRole("row").filter({ hasText: "e2e laptop" }).waitFor();
    });
  });
}

describe("logs page over a long history", () => {
  let demo: Demo;
  let p: PanelPage;
  beforeAll(async () => {
    demo = await startDemo({ history: false });
    const start = Date.now() - 86_400_000;
    await demo.octopus.octopus.stores.logs.insert(
      Array.from({ length: TOTAL_CAP + 50 }, (_, i) => logEntry({ time: start + i * 1000, model: `model-${i}` })),
    );
    p = await openPage(browser, DESKTOP);
  });
  afterAll(async () => {
    await p?.context.close();
    await demo?.close();
  });

  test("the total says more than 10,000; Next and Previous page by cursor and keep the place in the URL", async () => {
    const { page } = p;
    await page.goto(`${demo.octopus.url}/logs`);
    await page.waitForURL(/\/sign-in\?next=%2Flogs$/);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("admin");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/logs$/);
    const pager = page.getByRole("navigation", { name: "Pages" });
    await pager.getByText("1–20 of more than 10,000").waitFor();
    await page.getByText(`model-${TOTAL_CAP + 49}`, { exact: true }).first().waitFor();
    await pager.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(/\/logs\?before=\d+$/);
    await pager.getByText("21–40 of more than 10,000").waitFor();
    await page.getByText(`model-${TOTAL_CAP + 29}`, { exact: true }).first().waitFor();
    // A reload lands on the same rows.
    await page.reload();
    await page.getByText(`model-${TOTAL_CAP + 29}`, { exact: true }).first().waitFor();
    await pager.getByRole("button", { name: "Previous" }).click();
    await page.waitForURL(/\/logs$/);
    await pager.getByText("1–20 of more than 10,000").waitFor();
    expect(p.errors).toEqual([]);
  });
});
