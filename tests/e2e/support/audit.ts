/**
 * Watches a page the way the site's quality bar demands: console errors,
 * failed or non-2xx requests, and any request to another origin (which is
 * recorded and aborted, so a leak fails the test even on an offline machine).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from "playwright-core";

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
}

/** Blocks and records every request that leaves the site's origin. */
export async function guardOrigin(context: BrowserContext, origin: string, foreign: string[]): Promise<void> {
  await context.route(
    (url) => url.protocol.startsWith("http") && url.origin !== origin,
    async (route) => {
      foreign.push(route.request().url());
      await route.abort("blockedbyclient");
    },
  );
}

export function watchPage(page: Page, problems: PageProblems): void {
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  // A request still loading when the page navigates away (a link click; Starlight's
  // search UI fetched on idle, the favicon) is cancelled by the browser with
  // net::ERR_ABORTED: that is leaving a page, not a failure of the page it belonged to.
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  page.on("request", (request) => {
    // A new document request for the main frame starts leaving the current page.
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations++;
    startedAt.set(request, navigations);
  });
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText.includes("BLOCKED_BY_CLIENT")) return; // already in foreignRequests
    const leftBehind = (startedAt.get(request) ?? navigations) < navigations;
    if (leftBehind && request.failure()?.errorText.includes("ERR_ABORTED")) return;
    problems.failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? "failed"})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
}

/**
 * Leaves the current page for about:blank and forgets its problems. A page
 * reused across a list of paths would otherwise report, on the next path, the
 * requests the browser cancels when it leaves the last one (a lazily loaded
 * script, the favicon: net::ERR_ABORTED).
 */
export async function leavePage(page: Page, problems: PageProblems): Promise<void> {
  await page.goto("about:blank");
  for (const list of Object.values(problems) as string[][]) list.length = 0;
}

export function newProblems(): PageProblems {
  return { consoleErrors: [], failedRequests: [], foreignRequests: [] };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.0–2.2 levels A and AA. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Violations we accept, each scoped to one rule AND one element that we do not
 * render ourselves. Anything else fails the suite.
 */
const AXE_ALLOWED: readonly { id: string; target: string; why: string }[] = [
  {
    id: "label-content-name-mismatch",
    target: 'button[data-open-modal=""]',
    why:
      "Upstream Starlight 0.42: the header search button in @astrojs/starlight/components/Search.astro has " +
      'aria-label="Search" but also shows the keyboard hint "Ctrl K" as text inside the button, so the visible ' +
      "text is not contained in the accessible name (WCAG 2.5.3). The markup is Starlight's, not ours.",
  },
];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Expressive Code makes a code block that overflows keyboard-scrollable
 * (tabindex="0", role="region") from a script that waits for a ResizeObserver,
 * 250 ms and an idle callback. Wait until every block agrees with its width,
 * so axe judges the page the reader gets, not the first 250 ms. If a block
 * never settles, axe runs anyway and reports it.
 */
async function codeBlocksSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll(".expressive-code pre")].every(
          (pre) => pre.scrollWidth > pre.clientWidth === pre.hasAttribute("tabindex"),
        ),
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => undefined);
}

/** WCAG A/AA violations on the page, or (with `rules`) only those rules' violations. */
export async function axeViolations(page: Page, rules?: readonly string[]): Promise<AxeViolation[]> {
  await codeBlocksSettled(page);
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an inline <script> tag would be refused).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async ({ tags, rules }) => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{
              violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
            }>;
          };
        }
      ).axe;
      const runOnly = rules ? { type: "rule", values: rules } : { type: "tag", values: tags };
      const result = await axe.run(document, { runOnly });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(" ")),
      }));
    },
    { tags: AXE_TAGS, rules },
  );
  return violations
    .map((v) => ({
      ...v,
      targets: v.targets.filter((t) => !AXE_ALLOWED.some((allowed) => allowed.id === v.id && allowed.target === t)),
    }))
    .filter((v) => v.targets.length > 0);
}

export interface GuardedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: PageProblems;
  readonly response: Response | null;
}

/**
 * A fresh context whose requests to other origins are blocked and recorded,
 * with a page that records console errors and failed requests, at `url`.
 */
export async function openGuardedPage(
  browser: Browser,
  url: string,
  contextOptions: BrowserContextOptions = {},
): Promise<GuardedPage> {
  const context = await browser.newContext(contextOptions);
  const problems = newProblems();
  await guardOrigin(context, new URL(url).origin, problems.foreignRequests);
  const page = await context.newPage();
  watchPage(page, problems);
  const response = await page.goto(url, { waitUntil: "load" });
  return { context, page, problems, response };
}
