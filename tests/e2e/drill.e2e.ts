/**
 * The packetdrill page: the first frame without JavaScript, then a reader
 * edits the script with the keyboard and runs it; the result line, the
 * expected-vs-actual pair and the diagram are checked against the core.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage } from "./support/audit.ts";
import { runDrill } from "../../src/sim/index.ts";
import { DEFAULT_DRILL_SCRIPT } from "../../src/lessons/drill/drill-view.ts";
import strings from "../../content/_strings/en/drill-lab.json";
import zh from "../../content/_strings/zh-cn/drill-lab.json";

const origin = inject("origin");

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

describe("packetdrill page", { timeout: 120_000 }, () => {
  test("without JavaScript: the default script's result and diagram, no editor", async () => {
    const { page, context } = await openGuardedPage(browser, `${origin}/playground/packetdrill/`, {
      javaScriptEnabled: false,
    });
    const lab = page.locator("tcp-drill-lab");
    const events = runDrill(DEFAULT_DRILL_SCRIPT).eventsRun;
    expect(await lab.locator("[data-result]").textContent()).toBe(strings.pass.replace("{events}", String(events)));
    expect(await lab.locator(".dl-editor").isHidden()).toBe(true);
    const segments = runDrill(DEFAULT_DRILL_SCRIPT).sim.trace.filter((e) => e.kind === "send").length;
    expect(await lab.locator(".seq-text li").count()).toBeGreaterThanOrEqual(segments);
    await context.close();
  });

  test("on a phone, a reader breaks one line, runs it, and sees the mismatch; Reset restores the script", async () => {
    const { page, context, problems } = await openGuardedPage(browser, `${origin}/playground/packetdrill/`, {
      viewport: { width: 360, height: 800 },
    });
    const lab = page.locator("tcp-drill-lab");
    await lab.locator(".dl-editor:not([hidden])").waitFor();
    const ta = lab.getByLabel(strings.scriptLabel);
    const broken = DEFAULT_DRILL_SCRIPT.replace("> . 1:1(0) ack 12", "> . 1:1(0) ack 13");
    await ta.fill(broken);
    await ta.press("Control+Enter");
    const want = runDrill(broken).failure;
    expect(want?.line).toBe(18);
    await expect
      .poll(() => lab.locator("[data-result]").textContent(), { timeout: 20_000 })
      .toContain(`line ${want?.line}`);
    expect(await lab.locator("[data-expected]").textContent()).toBe(want?.expected);
    expect(await lab.locator("[data-actual]").textContent()).toBe(want?.actual);
    expect(await lab.locator("[data-result]").getAttribute("data-ok")).toBe("false");
    // A syntax error names line and column.
    await ta.fill("0 < S 0:0(0) win 1 <mss 1460,bogus>");
    await lab.getByRole("button", { name: strings.run }).click();
    await expect.poll(() => lab.locator("[data-result]").textContent()).toContain("line 1, column 30");
    await lab.getByRole("button", { name: strings.reset }).click();
    expect(await ta.inputValue()).toBe(DEFAULT_DRILL_SCRIPT);
    await expect.poll(() => lab.locator("[data-result]").getAttribute("data-ok")).toBe("true");
    expect(await lab.locator("[data-diff]").isHidden()).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual(newProblems());
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("the Chinese page runs the same widget with Chinese strings", async () => {
    const { page, context } = await openGuardedPage(browser, `${origin}/zh-cn/playground/packetdrill/`);
    const lab = page.locator("tcp-drill-lab");
    await lab.locator(".dl-editor:not([hidden])").waitFor();
    await lab.getByRole("button", { name: zh.run }).click();
    const events = runDrill(DEFAULT_DRILL_SCRIPT).eventsRun;
    await expect
      .poll(() => lab.locator("[data-result]").textContent())
      .toBe(zh.pass.replace("{events}", String(events)));
    await context.close();
  });
});
