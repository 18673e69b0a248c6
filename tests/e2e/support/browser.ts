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
  return { browser, close: () => browser.close() };
}
