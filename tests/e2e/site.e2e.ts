/**
 * The whole site, page by page: loads with no console error, no failed
 * request and no request to another origin; zero axe violations in light and
 * dark themes; and every internal link and #anchor points at something real.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, newProblems, watchPage } from "./support/audit.ts";
import { sitemapPaths } from "./support/site.ts";

const origin = inject("origin");
const pages = sitemapPaths();
const linksByPage = new Map<string, string[]>();
const idsByPage = new Map<string, Set<string>>();

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
      const context = await browser.newContext({ colorScheme });
      const problems = newProblems();
      await guardOrigin(context, origin, problems.foreignRequests);
      const page = await context.newPage();
      watchPage(page, problems);
      const response = await page.goto(origin + path, { waitUntil: "load" });
      expect(response?.status(), `HTTP status of ${path}`).toBe(200);
      // Starlight applies the theme from a script; make sure the one we asked for is active.
      expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe(colorScheme);
      if (colorScheme === "light") {
        linksByPage.set(
          path,
          await page.$$eval("a[href]", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href)),
        );
        idsByPage.set(path, new Set(await page.$$eval("[id]", (els) => els.map((el) => el.id))));
      }
      expect(problems, `problems on ${path} (${colorScheme})`).toEqual(newProblems());
      expect(await axeViolations(page), `axe on ${path} (${colorScheme})`).toEqual([]);
      await context.close();
    }
  });

  test("every internal link and anchor resolves", async () => {
    expect(linksByPage.size, "the page tests must run first").toBe(pages.length);
    const broken: string[] = [];
    const fetched = new Map<string, Set<string> | null>();
    for (const [from, links] of linksByPage) {
      for (const link of links) {
        const url = new URL(link);
        if (url.origin !== origin) continue;
        let ids = idsByPage.get(url.pathname) ?? fetched.get(url.pathname);
        if (ids === undefined) {
          const response = await fetch(origin + url.pathname);
          const body = response.ok ? await response.text() : "";
          ids = response.ok ? new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? "")) : null;
          fetched.set(url.pathname, ids);
        }
        if (ids === null) broken.push(`${from} → ${url.pathname} (missing page)`);
        else if (url.hash && !ids.has(decodeURIComponent(url.hash.slice(1))))
          broken.push(`${from} → ${url.pathname}${url.hash} (missing anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
