/**
 * The sysctl reference in a real browser: every knob page's experiment
 * changes its observable when its control changes (checked against an
 * independent run of the core in this process), the reviewer judges the
 * source article's block line by line, survives a 1 MB paste while staying
 * responsive, produces the corrected file, and every first frame is there
 * without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { launchBrowser } from "./support/browser.ts";
import { guardOrigin, newProblems, watchPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import type { ScenarioOptions } from "../../src/sim/scenarios/types.ts";

const origin = inject("origin");
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

async function open(
  path: string,
  javaScriptEnabled = true,
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const context = await browser.newContext({ javaScriptEnabled });
  const problems = newProblems();
  await guardOrigin(context, origin, problems.foreignRequests);
  const page = await context.newPage();
  watchPage(page, problems);
  await page.goto(origin + path, { waitUntil: "load" });
  return { page, context, problems };
}

const en = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const en1 = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The text a value of the core shows as: a number formatted like the widget does, or the text itself. */
function shown(options: ScenarioOptions, scenario: string, key: string, fmt = en, unit = ""): string {
  const v = runScenario(scenario, options).summary[key];
  if (typeof v === "number") return fmt.format(v) + unit;
  return String(v);
}

function valueOf(page: Page, widget: string, source: string) {
  return page.locator(`#sx-${widget} .sx-value[data-source="${source}"] dd`);
}

interface Case {
  path: string;
  widget: string;
  /** Accessible name of the control and the value to pick or type. */
  control: string;
  value: string;
  source: string;
  before: string;
  after: string;
  urlKey: string;
}

const SYN = (p: Record<string, number | string | boolean>) => ({ params: { spoofedSyns: 50, backlog: 8, ...p } });
const PORTS = (p: Record<string, number | string | boolean>, profile?: "linux" | "linux-pre-4.12") => ({
  ...(profile && { profile }),
  params: { portLow: 40000, portHigh: 40299, rate: 20, durationSec: 90, ...p },
});

const cases: Case[] = [
  {
    path: "/sysctl/tcp_syncookies/",
    widget: "cookies",
    control: "net.ipv4.tcp_syncookies",
    value: "0",
    source: "floodReqQFullDrop",
    before: shown(SYN({ syncookies: 1 }), "syn-flood", "floodReqQFullDrop"),
    after: shown(SYN({ syncookies: 0 }), "syn-flood", "floodReqQFullDrop"),
    urlKey: "sx.cookies.cookies=0",
  },
];

describe("each sysctl page's experiment reacts to its control", () => {
  test.each(cases)("$path: $control = $value changes $source", async (c) => {
    expect(c.before, "the control must change the observable in the core itself").not.toBe(c.after);
    const { page, context, problems } = await open(c.path);
    const cell = valueOf(page, c.widget, c.source);
    await expect.poll(() => cell.textContent()).toBe(c.before);
    const control = page.locator(`#sx-${c.widget}`).getByLabel(c.control, { exact: false });
    if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(c.value);
    else {
      await control.fill(c.value);
      await control.press("Enter");
      await control.blur();
    }
    await expect.poll(() => cell.textContent(), { timeout: 15_000 }).toBe(c.after);
    expect(page.url()).toContain(c.urlKey);
    // The setup survives a reload from the URL.
    await page.reload({ waitUntil: "load" });
    await expect.poll(() => valueOf(page, c.widget, c.source).textContent(), { timeout: 15_000 }).toBe(c.after);
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});
