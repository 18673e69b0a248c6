/**
 * The "Diagnose your server" tools in a real browser: the ss/nstat reader
 * gets real `ss -tan` + `nstat -az` output pasted (recorded on the kernel by
 * tests/fixtures/diagnose/make-fixtures.py), the pcap explainer opens real
 * captures through its file input (pcapng, a lab experiment's pcap, a
 * truncated one), the Chinese pages word the same findings, the first frames
 * are there without JavaScript, and the layout holds at 360×800 and 1280×900
 * in light and dark (screenshots in test-artifacts/screens/).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, openGuardedPage, type PageProblems } from "./support/audit.ts";

const origin = inject("origin");
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());
const openContexts: BrowserContext[] = [];
afterEach(async () => {
  for (const c of openContexts.splice(0)) await c.close().catch(() => undefined);
});

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/diagnose/${name}`, import.meta.url));

async function open(
  path: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + path, options);
  openContexts.push(context);
  return { page, problems };
}

function clean(problems: PageProblems): void {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
}

describe("ss and nstat reader", () => {
  test("real ss -tan and nstat -az pasted: destinations, overflows, fixes with links", async () => {
    const { page, problems } = await open("/diagnose/ss-nstat/");
    const reader = page.locator("tcp-ss-reader");
    const box = reader.getByLabel(/Output of ss -tan/);
    const text = readFileSync(fixture("ss-tan.txt"), "utf8") + readFileSync(fixture("nstat-az.txt"), "utf8");
    await box.click();
    await box.press("Control+A");
    // A paste: the whole text arrives at once, as from the clipboard.
    await page.evaluate((t) => {
      const el = document.querySelector<HTMLTextAreaElement>("#ssr-input");
      if (!el) return;
      el.value = t;
      el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, text);
    const dest = reader.locator(".dg-dest tbody tr").first();
    await expect.poll(() => dest.textContent(), { timeout: 10_000 }).toContain("127.0.0.1:8080");
    expect(await dest.textContent()).toContain("3000");
    const second = await reader.locator(".dg-dest tbody tr").nth(1).textContent();
    expect(second).toContain("127.0.0.2:9090");
    await expect.poll(() => reader.locator(".dg-findings").textContent()).toContain("TcpExtListenOverflows = 80");
    expect(await reader.locator(".dg-findings").textContent()).toContain("assumed to be Linux's default 32768–60999");
    const firstFix = reader.locator(".dg-suggestions a").first();
    expect(await firstFix.getAttribute("href")).toBe("/sysctl/tcp_max_syn_backlog/");

    // Giving the port range: the note says it is the reader's, and the share changes.
    const low = reader.getByLabel("lowest port");
    await low.fill("10000");
    await expect.poll(() => reader.locator(".dg-findings").textContent()).toContain("Local port range 10000–60999");
    expect(await reader.locator(".dg-dest tbody tr").first().textContent()).toContain("(3000/51000)");

    // A cut-off line gets its number.
    await box.fill("State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 10.0.0.1:4000\n");
    await expect.poll(() => reader.locator(".dg-issues").textContent()).toContain("Line 2: this line is cut off");
    expect(await axeViolations(page)).toEqual([]);
    clean(problems);
  });

  test("the Chinese page words the same findings in Chinese", async () => {
    const { page, problems } = await open("/zh-cn/diagnose/ss-nstat/");
    const reader = page.locator("tcp-ss-reader");
    await reader.locator("textarea").fill(readFileSync(fixture("nstat-az.txt"), "utf8"));
    await expect.poll(() => reader.locator(".dg-findings").textContent()).toContain("监听队列溢出");
    expect(await reader.locator(".dg-suggestions a").first().getAttribute("href")).toBe(
      "/zh-cn/sysctl/tcp_max_syn_backlog/",
    );
    clean(problems);
  });
});

describe("pcap explainer", () => {
  test("opens a real pcapng through the file input and draws the chosen connection", async () => {
    const { page, problems } = await open("/diagnose/pcap/");
    const w = page.locator("tcp-pcap-explainer");
    await w.getByLabel(/Open a capture/).setInputFiles(fixture("lo-ether.pcapng"));
    await expect
      .poll(() => w.locator(".dg-summary").textContent(), { timeout: 10_000 })
      .toContain("pcapng capture: 35 frames, 35 TCP segments, 5 connections");
    const rows = w.locator(".dg-conns tbody tr");
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(1).textContent()).toContain("SYN to a 4-tuple whose connection #1 ended");
    expect(await rows.nth(2).textContent()).toContain("RST instead of FIN");
    // Draw connection 5 (the SYN retries): one row per packet, relative then raw numbers.
    const conn = w.getByLabel("Connection to draw");
    await conn.fill("5");
    await conn.press("Enter");
    await conn.blur();
    await expect.poll(() => w.locator(".seq-text li").count()).toBe(8);
    expect(await w.locator(".seq-text li").first().textContent()).toContain("SYN seq=0");
    await w.getByLabel("Relative sequence numbers").uncheck();
    await expect.poll(() => w.locator(".seq-text li").first().textContent()).toContain("SYN seq=4279389898");
    expect(await axeViolations(page)).toEqual([]);
    clean(problems);
  });

  test("a lab experiment's capture, and a truncated file keeps the frames before the damage", async () => {
    const { page, problems } = await open("/diagnose/pcap/");
    const w = page.locator("tcp-pcap-explainer");
    const input = w.getByLabel(/Open a capture/);
    await input.setInputFiles(fileURLToPath(new URL("../../lab/results/syn-retries.pcap", import.meta.url)));
    await expect.poll(() => w.locator(".dg-conns").textContent(), { timeout: 10_000 }).toContain("SYN retry 7");
    const full = readFileSync(fixture("lo-ether.pcap"));
    const dir = join(tmpdir(), "diagnose-e2e");
    mkdirSync(dir, { recursive: true });
    const cut = join(dir, "cut.pcap");
    writeFileSync(cut, full.subarray(0, 1000));
    await input.setInputFiles(cut);
    await expect.poll(() => w.locator(".dg-issues").textContent()).toMatch(/cut off at byte \d+, inside frame \d+/);
    expect(await w.locator(".dg-conns tbody tr").count()).toBeGreaterThan(0);
    clean(problems);
  });
});

describe("first frames and layout", () => {
  test("without JavaScript both tools show the recorded example", async () => {
    const ss = await open("/diagnose/ss-nstat/", { javaScriptEnabled: false });
    expect(await ss.page.locator(".dg-findings").textContent()).toContain("TcpExtListenOverflows = 80");
    const pc = await open("/diagnose/pcap/", { javaScriptEnabled: false });
    expect(await pc.page.locator(".dg-conns tbody tr").count()).toBe(5);
    expect(await pc.page.locator(".seq-figure svg").count()).toBeGreaterThan(0);
  });

  const shots = mkdirSync(fileURLToPath(new URL("../../test-artifacts/screens/", import.meta.url)), {
    recursive: true,
  });
  void shots;
  for (const [width, height] of [
    [360, 800],
    [1280, 900],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      for (const path of ["/diagnose/ss-nstat/", "/diagnose/pcap/", "/zh-cn/diagnose/pcap/"]) {
        test(`${path} at ${width}×${height}, ${scheme}: nothing overflows`, async () => {
          const { page } = await open(path, { viewport: { width, height }, colorScheme: scheme });
          await page.evaluate((s) => document.documentElement.setAttribute("data-theme", s), scheme);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          const name = `diagnose${path.replace(/\//g, "-")}${width}-${scheme}.png`.replace(/-+/g, "-");
          await page
            .locator("[data-widget]")
            .first()
            .screenshot({ path: fileURLToPath(new URL(`../../test-artifacts/screens/${name}`, import.meta.url)) });
        });
      }
    }
  }
});
