/**
 * `bun run screenshots`: every page of the panel at desktop and phone size, light and dark, with
 * a year of demo traffic, into docs/screenshots/ (the README shows them). Builds the panel when
 * its sources changed (scripts/panel-assets.ts); needs Debian's chromium.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { $ } from "bun";
import { DESKTOP, launchBrowser, openPage, PHONE, type Scheme, type Viewport } from "../test/panel/browser";

export const PAGES = [
  { name: "sign-in", path: "/sign-in", signedIn: false },
  { name: "dashboard", path: "/", signedIn: true },
  { name: "channels", path: "/channels", signedIn: true },
  { name: "groups", path: "/groups", signedIn: true },
  { name: "prices", path: "/prices", signedIn: true },
  { name: "logs", path: "/logs", signedIn: true },
  { name: "api-keys", path: "/api-keys", signedIn: true },
  { name: "settings", path: "/settings", signedIn: true },
];

const root = join(import.meta.dir, "..");
const outDir = join(root, "docs", "screenshots");

await $`${process.execPath} scripts/panel-assets.ts`.cwd(root).quiet();
// Imported after the build: the server reads the panel's file list when its module loads.
const { startDemo } = await import("../test/panel/demo");
mkdirSync(outDir, { recursive: true });
const demo = await startDemo();
// A panel in use has its password changed: no default-password banner on every picture.
const PASSWORD = "correct horse battery staple";
await demo.octopus.api("POST", "/api/v1/user/change-password", { token: demo.token, body: { old_password: "admin", new_password: PASSWORD } });
const browser = await launchBrowser();
try {
  // Send a few real requests so the live parts (health, latest logs) are real too.
  for (const model of ["gpt-4.1", "claude-sonnet-4-5", "gemini-2.5-pro"])
    await fetch(`${demo.octopus.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }] }),
    });
  const sizes: [string, Viewport][] = [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ];
  for (const [size, viewport] of sizes)
    for (const scheme of ["light", "dark"] as Scheme[]) {
      const { context, page, errors } = await openPage(browser, viewport, scheme);
      await context.addInitScript(() => localStorage.setItem("octopus.locale", "en"));
      for (const p of PAGES) {
        // Sign-in comes first, before the session cookie is set.
        if (p.signedIn && !(await context.cookies()).length)
          await page.request.post(`${demo.octopus.url}/api/v1/user/login`, { data: { username: "admin", password: PASSWORD } });
        await page.goto(demo.octopus.url + p.path, { waitUntil: "load" });
        await page.waitForFunction(() => document.querySelectorAll(".skeleton").length === 0 && (document.querySelector("#root")?.childElementCount ?? 0) > 0, undefined, { timeout: 15_000 });
        await page.waitForTimeout(500);
        const file = join(outDir, `${p.name}-${size}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(`wrote ${file.slice(root.length + 1)}`);
      }
      if (errors.length) console.warn(`console errors (${size}, ${scheme}):\n  ${errors.join("\n  ")}`);
      await context.close();
    }
} finally {
  await browser.close();
  await demo.close();
}
