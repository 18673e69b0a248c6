/**
 * The port exhaustion lab, driven by the keyboard: the figures it shows are
 * checked against an independent run of the core in this process, the URL
 * carries the setup, bad URL state is reported, and the first frame is
 * there without JavaScript. It also prints how long a slider redraw takes
 * (a measurement, not an assertion).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import {
  DEFAULT_SETTINGS,
  PORT_RANGES,
  RATES,
  scenarioOptions,
  type PortLabSettings,
} from "../../src/lessons/ports/settings.ts";
import strings from "../../content/_strings/en/port-lab.json";

const origin = inject("origin");
const PATH = "/short-connections/port-exhaustion/";

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

const fmt = (n: number, digits = 0) => new Intl.NumberFormat("en", { maximumFractionDigits: digits }).format(n);
const core = (s: PortLabSettings) => runScenario("port-exhaustion", scenarioOptions(s)).summary;

async function open(
  query = "",
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + PATH + query, options);
  if (options.javaScriptEnabled !== false)
    await page.locator("tcp-port-lab fieldset.pl-controls:not([hidden])").waitFor();
  return { page, context, problems };
}

const lab = (page: Page) => page.locator("tcp-port-lab");
const fig = async (page: Page, name: string) => (await lab(page).locator(`[data-fig="${name}"]`).textContent())?.trim();
const slider = (page: Page, label: string) => page.getByRole("slider", { name: label, exact: true });
/**
 * The lab loads its engine (the model, the charts, the worker) on the reader's
 * first intent and then handles the moves that came first: wait for it after
 * a first interaction. Later moves are handled synchronously.
 */
const engineReady = (page: Page) => page.locator('tcp-port-lab[data-engine="ready"]').waitFor();
const waitExact = (page: Page) => page.locator('tcp-port-lab[data-exact="true"]').waitFor({ timeout: 60_000 });

async function expectFiguresMatchCore(page: Page, s: PortLabSettings): Promise<void> {
  const summary = core(s);
  // A missing summary key would format as "NaN" on both sides and still match.
  for (const key of ["attempted", "succeeded", "failedEaddrnotavail", "peakTimeWait", "twRecycled"])
    expect(Number.isFinite(summary[key]), key).toBe(true);
  expect(await fig(page, "attempted")).toBe(fmt(Number(summary["attempted"])));
  expect(await fig(page, "succeeded")).toBe(fmt(Number(summary["succeeded"])));
  expect(await fig(page, "failed")).toBe(fmt(Number(summary["failedEaddrnotavail"])));
  expect(await fig(page, "peakTimeWait")).toBe(fmt(Number(summary["peakTimeWait"])));
  expect(await fig(page, "twRecycled")).toBe(fmt(Number(summary["twRecycled"])));
}

describe("port exhaustion lab", () => {
  test("without JavaScript the first frame shows the core's default run", async () => {
    const { page, context } = await open("", { javaScriptEnabled: false });
    await expectFiguresMatchCore(page, DEFAULT_SETTINGS);
    expect(await lab(page).locator("svg.tcp-chart-wide").count()).toBe(2);
    expect(await lab(page).locator("fieldset.pl-controls").isHidden()).toBe(true);
    expect(await lab(page).locator("[data-summary]").textContent()).toContain("EADDRNOTAVAIL");
    await context.close();
  });

  test("keyboard moves sliders; the exact figures match the core; the URL keeps the setup", async () => {
    const { page, context, problems } = await open();
    // A small range and a low rate keep the core run short.
    expect(await lab(page).getAttribute("data-engine")).toBeNull();
    await slider(page, strings.range).focus();
    await page.keyboard.press("Home");
    await engineReady(page);
    await slider(page, strings.rate).focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    const s1: PortLabSettings = { ...DEFAULT_SETTINGS, portRange: 0, rate: RATES[1] };
    expect(await slider(page, strings.rate).getAttribute("aria-valuetext")).toBe(`${fmt(RATES[1])} per second`);
    expect(await lab(page).locator('[data-value="range"]').textContent()).toContain(fmt(1000));
    await waitExact(page);
    await expectFiguresMatchCore(page, s1);
    expect(await lab(page).locator("[data-summary]").getAttribute("aria-live")).toBe("polite");
    const url = new URL(page.url());
    expect(url.searchParams.get("pl.rate")).toBe(String(RATES[1]));
    expect(url.searchParams.get("pl.range")).toBe(`${PORT_RANGES[0][0]}-${PORT_RANGES[0][1]}`);

    // tcp_tw_reuse=1: from the checked radio button ("2", the default), one step back with the keyboard.
    await lab(page).getByRole("radio", { name: strings["reuse-2"] }).focus();
    await page.keyboard.press("ArrowLeft");
    const s2 = { ...s1, twReuse: 1 };
    await waitExact(page);
    await expectFiguresMatchCore(page, s2);
    expect(new URL(page.url()).searchParams.get("pl.reuse")).toBe("1");

    // Reload with the URL: the same setup and figures come back.
    await page.reload({ waitUntil: "load" });
    await waitExact(page);
    expect(await lab(page).getByRole("radio", { name: strings["reuse-1"] }).isChecked()).toBe(true);
    await expectFiguresMatchCore(page, s2);
    expect(problems).toEqual(newProblems());
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("a malformed URL falls back to defaults with a message", async () => {
    const { page, context, problems } = await open("?pl.rate=lots&pl.range=1-2&pl.ips=3");
    expect(await lab(page).locator("[data-error]").textContent()).toContain("pl.rate");
    expect(await lab(page).locator("[data-error]").textContent()).toContain("pl.range");
    expect(await slider(page, strings.rate).getAttribute("aria-valuetext")).toBe(
      `${fmt(DEFAULT_SETTINGS.rate)} per second`,
    );
    expect(await slider(page, strings.ips).getAttribute("aria-valuetext")).toBe("3");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("measures the redraw time of a slider move (printed, not asserted)", async () => {
    const { page, context } = await open();
    await lab(page).hover();
    await engineReady(page);
    const times = await page.evaluate(() => {
      const el = document.querySelector("tcp-port-lab") as HTMLElement;
      const rate = el.querySelector('input[name="rate"]') as HTMLInputElement;
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        rate.value = String(i % Number(rate.max));
        const t0 = performance.now();
        rate.dispatchEvent(new Event("input", { bubbles: true }));
        void document.body.offsetHeight; // style and layout of the new charts
        out.push(performance.now() - t0);
      }
      return out;
    });
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    const max = sorted[sorted.length - 1] as number;
    console.log(
      `port lab redraw (input → model → SVG → layout): median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${times.length} moves`,
    );
    expect(times.length).toBe(40);
    await context.close();
  });
});
