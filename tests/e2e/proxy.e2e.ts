/**
 * The proxy lab, driven by keyboard and clicks: load figures are checked
 * against an independent run of the core in this process, the single-SYN
 * switches show the matching diagram, the URL carries the setup, bad URL
 * state is reported, and the first frame is there without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import { DEFAULT_PROXY, PROXY_RATES, proxyOptions, type ProxyLabSettings } from "../../src/lessons/proxy/settings.ts";
import strings from "../../content/_strings/en/proxy-lab.json";

const origin = inject("origin");
const PATH = "/short-connections/proxies/";

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

const fmt = (n: number) => new Intl.NumberFormat("en").format(n);

async function open(
  query = "",
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + PATH + query, options);
  if (options.javaScriptEnabled !== false)
    await page.locator("tcp-proxy-lab fieldset.px-controls:not([hidden])").waitFor();
  return { page, context, problems };
}

const lab = (page: Page) => page.locator("tcp-proxy-lab");
const fig = async (page: Page, name: string) => (await lab(page).locator(`[data-fig="${name}"]`).textContent())?.trim();
const visibleStory = async (page: Page) =>
  (await lab(page).locator("[data-syn-case]:not([hidden]) [data-syn-story]").textContent())?.trim();

async function expectFiguresMatchCore(page: Page, s: ProxyLabSettings): Promise<void> {
  const summary = runScenario("proxy-backend", proxyOptions(s)).summary;
  for (const key of [
    "attempted",
    "failedEaddrnotavail",
    "backendPeakTimeWait",
    "proxyPeakTimeWait",
    "acceptedFromTimeWait",
  ]) {
    // A missing summary key would format as "NaN" on both sides and still match.
    expect(Number.isFinite(summary[key]), key).toBe(true);
    expect(await fig(page, key), key).toBe(fmt(Number(summary[key])));
  }
}

describe("proxy lab", () => {
  test("without JavaScript: topology, figures of the core's default run, one diagram", async () => {
    const { page, context } = await open("", { javaScriptEnabled: false });
    await expectFiguresMatchCore(page, DEFAULT_PROXY);
    expect(await lab(page).locator("svg.px-topology-wide title").textContent()).toBe(strings.topoTitle);
    expect(await lab(page).locator("[data-syn-case]:not([hidden])").count()).toBe(1);
    await expect.poll(() => visibleStory(page)).toBe(strings["syn-accepted-at-once"]);
    expect(await lab(page).locator("[data-examples] tbody tr").count()).toBeGreaterThan(0);
    await context.close();
  });

  test("switches and sliders by keyboard; figures match the core; URL round trip", async () => {
    const { page, context, problems } = await open();
    // The single SYN: timestamps off + old sequence → ACK, RST, SYN again.
    await page.getByRole("checkbox", { name: strings.timestamps }).press("Space");
    await page.getByRole("checkbox", { name: strings.oldSeq }).press("Space");
    await expect.poll(() => visibleStory(page)).toContain("ACK, not a reset");
    expect(await lab(page).locator("[data-syn-live]").textContent()).toContain("ACK, not a reset");
    await page.getByRole("checkbox", { name: strings.rfc1337 }).press("Space");
    await expect.poll(() => visibleStory(page)).toContain("tcp_rfc1337=1");

    // The load: lowest rate, proxy closes first.
    const rate = page.getByRole("slider", { name: strings.rate });
    await rate.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.getByRole("radio", { name: strings["closer-proxy"] }).check();
    const s: ProxyLabSettings = {
      ...DEFAULT_PROXY,
      rate: PROXY_RATES[1],
      closer: "proxy",
      timestamps: false,
      oldSeq: true,
      rfc1337: true,
    };
    expect(await rate.getAttribute("aria-valuetext")).toBe(`${fmt(PROXY_RATES[1])} per second`);
    await page.locator('tcp-proxy-lab[data-exact="true"]').waitFor({ timeout: 60_000 });
    await expectFiguresMatchCore(page, s);
    const url = new URL(page.url());
    expect(url.searchParams.get("px.rate")).toBe(String(PROXY_RATES[1]));
    expect(url.searchParams.get("px.closer")).toBe("proxy");
    expect(url.searchParams.get("px.ts")).toBe("0");

    await page.reload({ waitUntil: "load" });
    await page.locator('tcp-proxy-lab[data-exact="true"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole("checkbox", { name: strings.rfc1337 }).isChecked()).toBe(true);
    await expect.poll(() => visibleStory(page)).toContain("tcp_rfc1337=1");
    await expectFiguresMatchCore(page, s);
    expect(problems).toEqual(newProblems());
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("a malformed URL falls back to defaults with a message", async () => {
    const { page, context, problems } = await open("?px.ips=7&px.rfc1337=yes&px.closer=proxy");
    const error = await lab(page).locator("[data-error]").textContent();
    expect(error).toContain("px.ips");
    expect(error).toContain("px.rfc1337");
    expect(await page.getByRole("radio", { name: strings["closer-proxy"] }).isChecked()).toBe(true);
    expect(await page.getByRole("slider", { name: strings.ips }).getAttribute("aria-valuetext")).toBe("1");
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});
