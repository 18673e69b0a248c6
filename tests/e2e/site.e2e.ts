/**
 * The whole site, page by page: loads with no console error, no failed
 * request and no request to another origin; zero axe violations (every WCAG A/AA rule in the
 * light theme, the colour rules in the dark one); and every internal link and #anchor on it points at something real.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage } from "./support/audit.ts";
import { brokenLinks } from "./support/links.ts";
import { sitemapPaths } from "./support/site.ts";

const origin = inject("origin");
/** The axe rules whose outcome depends on the theme's colours. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];
const pages = sitemapPaths();

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

describe("every page in the sitemap", () => {
  test("the sitemap lists the whole information architecture", () => {
    for (const path of [
      "/",
      "/start-here/",
      "/sysctl/tcp_tw_recycle/",
      "/quizzes/",
      "/instructors/",
      "/playground/",
      "/zh-cn/",
    ]) {
      expect(pages).toContain(path);
    }
  });

  test.each(pages)("%s", async (path) => {
    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page, problems, response } = await openGuardedPage(browser, origin + path, { colorScheme });
      expect(response?.status(), `HTTP status of ${path}`).toBe(200);
      // Starlight applies the theme from a script; make sure the one we asked for is active.
      expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe(colorScheme);
      if (colorScheme === "light") {
        const links = await page.$$eval("a[href]", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
        expect.soft(await brokenLinks(origin, links), `broken links on ${path}`).toEqual([]);
      }
      expect.soft(problems, `problems on ${path} (${colorScheme})`).toEqual(newProblems());
      // Structure, names and roles are the same in both themes: the full WCAG set runs once (light),
      // and the dark theme is judged on what the theme changes, its colours.
      const rules = colorScheme === "dark" ? COLOUR_RULES : undefined;
      expect.soft(await axeViolations(page, rules), `axe on ${path} (${colorScheme})`).toEqual([]);
      await context.close();
    }
  });
});
