/**
 * Launches Debian's Chromium through playwright-core. We never download a
 * browser: CI installs the `chromium` package, and this helper says how when
 * it is missing. `launch()` gives every run a fresh, empty profile of its own
 * (playwright-core creates and deletes a temporary user-data dir).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package: ` +
        "`sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium`, " +
        "or set CHROMIUM_PATH to another Chromium binary.",
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  // Service workers are blocked in every context unless a test asks for them
  // (offline.e2e.ts passes serviceWorkers: "allow"): the site's worker saves
  // about 2 MB of lessons on a first visit, and the suites open hundreds of
  // fresh contexts, each a first visit, on a loaded two-core machine.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ serviceWorkers: "block", ...options });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = (options) => newPage({ serviceWorkers: "block", ...options });
  return { browser, close: () => browser.close() };
}
