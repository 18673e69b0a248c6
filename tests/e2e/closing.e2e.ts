/**
 * The close and TIME_WAIT lab, driven by mouse and keyboard; its outcome,
 * timeline and events are checked against independent runs of the core.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import { DEFAULT_LAB, scenarioCall, type LabSettings } from "../../src/lessons/closing/lab-model.ts";
import strings from "../../content/_strings/en/close-lab.json";

const origin = inject("origin");
const PATH = "/closing/time-wait/";

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

function core(s: Partial<LabSettings>) {
  const call = scenarioCall({ ...DEFAULT_LAB, ...s });
  return runScenario(call.name, call.options).summary;
}

async function open(
  query = "",
  javaScriptEnabled = true,
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + PATH + query, { javaScriptEnabled });
  if (javaScriptEnabled) await page.locator("tcp-close-lab .cl-settings:not([hidden])").waitFor();
  return { page, context, problems };
}

const lab = (page: Page) => page.locator("tcp-close-lab");
/**
 * The lab loads its engine (the core, the renderers) on the reader's first
 * intent and then handles the events that came first: wait for it after a
 * first interaction. Later events are handled synchronously.
 */
const engineReady = (page: Page) => page.locator('tcp-close-lab[data-engine="ready"]').waitFor();
const result = (page: Page) => lab(page).locator("[data-result]").textContent();
const markers = (page: Page) =>
  lab(page)
    .locator("[data-events] li")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-marker")));

describe("close lab", () => {
  test("without JavaScript the first frame shows the client's 60 s TIME_WAIT", async () => {
    const { page, context } = await open("", false);
    const summary = core({});
    expect(await result(page)).toContain(`${summary["timeWaitSeconds"]} s`);
    expect(await lab(page).locator('.cl-timeline-wide rect[data-state="TIME_WAIT"]').count()).toBe(1);
    expect(await lab(page).locator(".seq-row").count()).toBeGreaterThan(3);
    expect(await lab(page).locator(".cl-settings").isHidden()).toBe(true);
    await context.close();
  });

  test("who closes first decides who holds TIME_WAIT", async () => {
    const { page, context, problems } = await open();
    await page.getByLabel(strings["closer-server"]).check();
    await engineReady(page);
    expect(await result(page)).toContain(strings["closed-server"]);
    expect(await result(page)).toContain(`the ${core({ closer: "server" })["timeWaitOn"]} for`);
    await page.getByLabel(strings["closer-simultaneous"]).check();
    expect(await lab(page).locator('.cl-timeline-wide rect[data-state="CLOSING"]').count()).toBe(2);
    expect(await lab(page).locator('.cl-timeline-wide rect[data-state="TIME_WAIT"]').count()).toBe(2);
    expect(page.url()).toContain("cl.closer=simultaneous");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a lost final ACK is re-ACKed from TIME_WAIT, and answered with RST without it (keyboard)", async () => {
    const { page, context, problems } = await open();
    await page.getByLabel(strings["fault-lost-ack"]).check();
    await engineReady(page);
    const kept = core({ fault: "lost-ack" });
    expect(await result(page)).toContain(`its FIN ${kept["serverFinTransmissions"]} times`);
    expect(await result(page)).toContain(`an ${kept["clientAnswerToResentFin"]}`);
    expect(await markers(page)).toEqual(["lost", "finAgain", "twRestart"]);
    expect(await page.getByLabel(strings["closer-server"]).isDisabled()).toBe(true);

    // Arrow keys move between radio buttons, as in any radio group.
    await page.getByLabel(strings["tw-60"]).focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.getByLabel(strings["tw-0"]).isChecked()).toBe(true);
    const shortened = core({ fault: "lost-ack", timeWait: false });
    expect(shortened["clientAnswerToResentFin"]).toBe("RST");
    expect(await result(page)).toContain(`a ${shortened["clientAnswerToResentFin"]}`);
    expect(await markers(page)).toEqual(["lost", "finAgain", "rst"]);
    expect(await lab(page).locator('.cl-timeline-wide rect[data-state="TIME_WAIT"]').count()).toBe(0);
    expect(await lab(page).locator("[data-live]").textContent()).toContain("RST");
    expect(page.url()).toContain("cl.fault=lost-ack");
    expect(page.url()).toContain("cl.tw=0");
    expect(problems).toEqual(newProblems());
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("an old duplicate corrupts the new incarnation only without TIME_WAIT; the URL keeps the setup", async () => {
    const { page, context, problems } = await open("?cl.fault=old-dup&cl.tw=0");
    const corrupted = core({ fault: "old-dup", timeWait: false });
    expect(corrupted["staleBytesAccepted"]).toBe(true);
    const text = await result(page);
    expect(text).toContain(`at ${corrupted["reconnectSucceededAtSec"]} s`);
    expect(text).toContain(`its ${corrupted["staleBytes"]} bytes`);
    expect(await markers(page)).toContain("oldArrives");
    expect(await page.getByLabel(strings["fault-old-dup"]).isChecked()).toBe(true);

    await page.getByLabel(strings["tw-60"]).check();
    const safe = core({ fault: "old-dup" });
    expect(await result(page)).toContain(`only started at ${safe["reconnectSucceededAtSec"]} s`);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a malformed link falls back to defaults with a message", async () => {
    const { page, context } = await open("?cl.fault=meteor");
    expect(await lab(page).locator("[data-error]").textContent()).toContain("cl.fault");
    expect(await page.getByLabel(strings["fault-none"]).isChecked()).toBe(true);
    await context.close();
  });
});
