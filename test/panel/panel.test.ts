/**
 * The panel in a real browser (Debian's Chromium through playwright-core) against a real Octopus
 * with mock upstreams, at desktop and phone size: what a user does on first use, end to end.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { accessibilityViolations, DESKTOP, launchBrowser, openPage, PHONE, scrollsSideways, type PanelPage } from "./browser";
import { startDemo, type Demo } from "./demo";
import { TOTAL_CAP } from "../../src/db/stores/logs";
import { logEntry } from "../log-rows";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The checks every page must pass: no console errors, no sideways scroll, no serious a11y issue. */
async function checkPage(p: PanelPage, what: string) {
  expect(await scrollsSideways(p.page), `${what} scrolls sideways`).toBe(false);
  expect(await accessibilityViolations(p.page), `${what} accessibility`).toEqual([]);
  expect(p.errors, `${what} console errors`).toEqual([]);
}

const settled = (page: Page) => page.waitForFunction(() => document.querySelectorAll(".skeleton").length === 0, undefined, { timeout: 10_000 });

for (const [size, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  describe(`panel at ${size} size`, () => {
    let demo: Demo;
    let p: PanelPage;
    beforeAll(async () => {
      demo = await startDemo({ history: false });
      p = await openPage(browser, viewport);
    });
    afterAll(async () => {
      await p?.context.close();
      await demo?.close();
    });

    test("a signed-out visit goes to sign-in, a wrong password says so, the right one returns to the page asked for", async () => {
      const { page } = p;
      await page.goto(`${demo.octopus.url}/logs`);
      await page.waitForURL(/\/sign-in\?next=%2Flogs$/);
      await checkPage(p, "sign-in");
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password").fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "Wrong username or password." }).waitFor();
      await page.getByLabel("Password").fill("admin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/logs$/);
    });

    test("the default password is called out, with a link to where it is changed", async () => {
      const { page } = p;
      await page.goto(`${demo.octopus.url}/`);
      const banner = page.getByRole("alert").filter({ hasText: "default password" });
      await banner.waitFor();
      await banner.getByRole("link").click();
      await page.waitForURL(/\/settings#account$/);
    });

    test("language and theme switch, and stay switched after a reload", async () => {
      const { page } = p;
      await page.goto(`${demo.octopus.url}/`);
      if (size === "phone") await page.getByRole("button", { name: "Menu" }).click();
      await page.getByLabel("Language").selectOption("zh");
      await page.getByRole("navigation").getByRole("link", { name: "仪表盘" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
      // The theme button cycles system → light → dark.
      const themeButton = page.getByRole("button", { name: /^主题/ });
      await themeButton.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
      await themeButton.click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      if (size === "phone") await page.getByRole("button", { name: "菜单" }).click();
      await page.getByRole("navigation").getByRole("link", { name: "渠道" }).waitFor();
      await page.getByLabel("语言").selectOption("en");
      await page.getByRole("button", { name: /^Theme/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
      await checkPage(p, "dashboard");
    });

    test("an ended session sends the user to sign in, then back to where they were", async () => {
      const { page, context } = p;
      await page.goto(`${demo.octopus.url}/api-keys`);
      await settled(page);
      await context.clearCookies();
      await page.goto(`${demo.octopus.url}/groups`);
      await page.waitForURL(/\/sign-in\?next=%2Fgroups$/);
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password").fill("admin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/groups$/);
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
