/**
 * Headless Chromium (Debian's package, never a downloaded browser) driven by playwright-core, with
 * the checks every panel test makes: console errors, sideways scrolling and axe-core's
 * accessibility rules.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
export type Viewport = typeof DESKTOP;
export type Scheme = "light" | "dark";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium is not installed: scripts/test.sh installs Debian's chromium package");
  return chromium.launch({
    executablePath,
    // Root in CI needs --no-sandbox; the rest keeps Chromium from calling out of a closed network.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

export interface PanelPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, viewport: Viewport, scheme: Scheme = "light", locale = "en-US"): Promise<PanelPage> {
  const context = await browser.newContext({
    viewport,
    colorScheme: scheme,
    locale,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
    deviceScaleFactor: 1,
    // axe-core is injected as an inline script, which the panel's CSP rightly refuses.
    bypassCSP: true,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]).catch(() => {});
  const page = await context.newPage();
  // Well under bun's per-test timeout: a step that waits in vain fails naming what it waited for,
  // instead of bun ending the test and killing the browser with it.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("console", (m) => {
    // A 401 is how the panel learns a session has ended (or a password was wrong): not a fault.
    if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Whether the page is wider than its viewport (something makes a phone scroll sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}
