/**
 * The handshake stepper, driven by keyboard and mouse; every number it shows
 * is checked against an independent run of the core in this process.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, newProblems, openGuardedPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import { traceToPcap } from "../../src/sim/export/pcap.ts";
import {
  DEFAULT_SETTINGS,
  diagramTrace,
  formatSeconds,
  scenarioParams,
  type HandshakeSettings,
} from "../../src/lessons/handshake/stepper-model.ts";
import strings from "../../content/_strings/en/handshake-stepper.json";

const origin = inject("origin");
const PATH = "/handshake/three-way-handshake/";

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

const core = (s: Partial<HandshakeSettings>) =>
  runScenario("handshake", { params: scenarioParams({ ...DEFAULT_SETTINGS, ...s }) });

async function open(
  query = "",
  options: { javaScriptEnabled?: boolean; reducedMotion?: "reduce" | "no-preference" } = {},
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + PATH + query, {
    acceptDownloads: true,
    ...options,
  });
  if (options.javaScriptEnabled !== false) await page.locator("tcp-handshake-stepper fieldset:not([hidden])").waitFor();
  return { page, context, problems };
}

const widget = (page: Page) => page.locator("tcp-handshake-stepper");
const field = (page: Page, label: string) => widget(page).locator(`[data-fields] tr[data-field="${label}"] td`);
const side = (page: Page, host: string) => widget(page).locator(`[data-states] tr[data-side="${host}"] td`);
const status = (page: Page) => widget(page).locator("[data-step-status]");
/**
 * The stepper loads its engine (the core, the renderer) on the reader's first
 * intent and then handles the events that came first: wait for it after a
 * first interaction. Later events are handled synchronously.
 */
const engineReady = (page: Page) => page.locator('tcp-handshake-stepper[data-engine="ready"]').waitFor();

describe("handshake stepper", () => {
  test("without JavaScript the first frame is the whole handshake", async () => {
    const { page, context } = await open("", { javaScriptEnabled: false });
    const summary = core({}).summary;
    await expect(widget(page).locator(".seq-wide .seq-row").count()).resolves.toBe(3);
    expect(await status(page).textContent()).toBe("Step 3 of 3");
    expect(await side(page, "client").textContent()).toBe("ESTABLISHED");
    expect(await side(page, "server").textContent()).toBe("ESTABLISHED");
    expect(await widget(page).locator("[data-outcome]").textContent()).toContain(
      String(summary["clientEstablishedAtSec"]),
    );
    expect(await widget(page).locator("fieldset").isHidden()).toBe(true);
    await context.close();
  });

  test("steps by keyboard and buttons; raw numbers and typed ISNs match the core", async () => {
    const { page, context, problems } = await open();
    expect(await widget(page).getAttribute("data-engine")).toBeNull();
    await page.getByRole("button", { name: /Start/ }).click();
    await engineReady(page);
    expect(await status(page).textContent()).toBe("Step 0 of 3");
    expect(await side(page, "client").textContent()).toBe("CLOSED");
    expect(await side(page, "server").textContent()).toBe("LISTEN");

    await page.getByRole("group", { name: /Handshake diagram/ }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await status(page).textContent()).toBe("Step 1 of 3");
    expect(await field(page, strings.fFlags).textContent()).toBe("SYN [S]");
    expect(await field(page, strings.fSeq).textContent()).toBe("0");
    expect(await side(page, "client").textContent()).toBe("SYN_SENT");
    expect(await widget(page).locator("[data-live]").textContent()).toContain("Step 1 of 3");
    expect(await widget(page).locator(".seq-wide .seq-row:not([hidden])").count()).toBe(1);

    await page.keyboard.press("ArrowRight");
    await page.getByLabel(strings.relativeLabel).check();
    await page.getByLabel(strings.relativeLabel).uncheck();
    const raw = core({}).summary;
    expect(await field(page, strings.fSeq).textContent()).toBe(String(raw["serverIsn"]));
    expect(await field(page, strings.fAck).textContent()).toBe(String((raw["clientIsn"] as number) + 1));

    const isn = page.getByLabel(strings.clientIsnLabel);
    await isn.fill("0x10");
    await isn.press("Tab");
    expect(await field(page, strings.fAck).textContent()).toBe("17");
    expect(page.url()).toContain("hs.cisn=16");

    await isn.fill("zz");
    await isn.press("Tab");
    const error = await widget(page).locator("[data-error]").textContent();
    expect(error).toContain("zz");
    expect(error).toContain("16");
    expect(await isn.inputValue()).toBe("16");
    expect(await field(page, strings.fAck).textContent()).toBe("17");

    await isn.fill("4294967296");
    await isn.press("Tab");
    expect(await widget(page).locator("[data-error]").textContent()).toContain("4294967295");

    await page.getByRole("button", { name: /Back/ }).press("Enter");
    expect(await status(page).textContent()).toBe("Step 1 of 3");
    expect(await field(page, strings.fSeq).textContent()).toBe("16");
    expect(problems).toEqual(newProblems());
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("lost SYNs and SYN-ACKs show the core's retry times, and the pcap is the run on screen", async () => {
    const { page, context, problems } = await open();
    await page.getByLabel(strings.dropSynLabel).fill("3");
    await page.getByLabel(strings.dropSynLabel).press("Tab");
    await page.getByLabel(strings.dropSynAckLabel).fill("2");
    await page.getByLabel(strings.dropSynAckLabel).press("Tab");
    await engineReady(page);
    const settings = { dropSyn: 3, dropSynAck: 2 };
    const run = core(settings);
    const sends = run.trace.filter((e) => e.kind === "send" && e.seg.ctl.syn);
    const synTimes = sends.filter((e) => e.kind === "send" && e.seg.ack === undefined).map((e) => formatSeconds(e.t));
    const synAckTimes = sends
      .filter((e) => e.kind === "send" && e.seg.ack !== undefined)
      .map((e) => formatSeconds(e.t));
    expect(
      await widget(page)
        .locator("[data-syn]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-syn"))),
    ).toEqual(synTimes);
    expect(
      await widget(page)
        .locator("[data-synack]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-synack"))),
    ).toEqual(synAckTimes);
    expect(await widget(page).locator("[data-syn][data-lost]").count()).toBe(3);
    expect(await widget(page).locator("[data-outcome]").textContent()).toContain(
      String(run.summary["clientEstablishedAtSec"]),
    );

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: strings.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(strings.downloadName);
    const bytes = new Uint8Array(await readFile((await download.path()) as string));
    expect(bytes).toEqual(traceToPcap(diagramTrace(run.trace)));

    // The URL carries the setup: a fresh page shows the same run.
    const url = page.url();
    expect(url).toContain("hs.dsyn=3");
    const again = await context.newPage();
    await again.goto(url, { waitUntil: "load" });
    await again.locator("tcp-handshake-stepper fieldset:not([hidden])").waitFor();
    expect(await again.getByLabel(strings.dropSynAckLabel).inputValue()).toBe("2");
    expect(await widget(again).locator("[data-syn]").count()).toBe(synTimes.length);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a malformed link falls back to defaults with a message", async () => {
    const { page, context } = await open("?hs.dsyn=banana&hs.cisn=0x1");
    expect(await widget(page).locator("[data-error]").textContent()).toContain("hs.dsyn");
    expect(await page.getByLabel(strings.dropSynLabel).inputValue()).toBe("0");
    expect(await page.getByLabel(strings.clientIsnLabel).inputValue()).toBe("1");
    await context.close();
  });

  test("Play shows the finished run at once when motion is reduced, and toggles otherwise", async () => {
    const reduced = await open("?hs.step=0", { reducedMotion: "reduce" });
    expect(await status(reduced.page).textContent()).toBe("Step 0 of 3");
    await reduced.page.getByRole("button", { name: strings.play }).click();
    expect(await status(reduced.page).textContent()).toBe("Step 3 of 3");
    await reduced.context.close();

    const normal = await open("?hs.step=0", { reducedMotion: "no-preference" });
    const play = normal.page.getByRole("button", { name: strings.play });
    await play.click();
    const pause = normal.page.getByRole("button", { name: strings.pause });
    expect(await pause.getAttribute("aria-pressed")).toBe("true");
    await pause.click();
    expect(await normal.page.getByRole("button", { name: strings.play }).getAttribute("aria-pressed")).toBe("false");
    await normal.context.close();
  });
});
