/**
 * Offline once visited (public/sw.js, scripts/offline.ts): a reader opens a
 * lesson, loses the network, reloads and still steps through the widget; a
 * lesson they never opened was saved on that first visit too. Back online,
 * the next visit gets the updated page (network first), and a new build's
 * worker replaces the old saved copies.
 *
 * The suite serves dist/ itself, from a server it can take offline (every
 * request then fails at the socket, as with no network) and whose page and
 * worker it can change, on an origin of its own so no other test shares the
 * worker. Service workers need a secure context: http://127.0.0.1 is one.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { guardOrigin } from "./support/audit.ts";
import { contentType, resolveFile } from "./support/static-server.ts";
import type { OfflineManifest } from "../../scripts/offline.ts";
import strings from "../../content/_strings/en/handshake-stepper.json";
import labStrings from "../../content/_strings/en/close-lab.json";

const LESSON = "/handshake/three-way-handshake/";
const UNVISITED = "/closing/time-wait/";
const manifest = JSON.parse(readFileSync("dist/offline-manifest.json", "utf8")) as OfflineManifest;
const filesOf = (page: string): string[] => (manifest.pages[page] ?? []).map((i) => manifest.files[i] ?? "");

/** What the test server does: answer from dist/, or fail every request; optionally change pages and the worker. */
const site = {
  offline: false,
  /** Requests that reached the server while it was offline. */
  hitsWhileOffline: [] as string[],
  marker: "",
  swVersion: "",
};

let server: Server;
let origin: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (site.offline) {
        site.hitsWhileOffline.push(path);
        req.socket.destroy();
        return;
      }
      const file = await resolveFile("dist", path);
      if (file === undefined) {
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("Not Found\n");
        return;
      }
      let body: Buffer | string = await readFile(file);
      if (file.endsWith(".html") && site.marker !== "") {
        body = body.toString("utf8").replace("<title>", `<title>${site.marker} `);
      }
      if (path === "/sw.js" && site.swVersion !== "") {
        body = body.toString("utf8").replace(JSON.stringify(manifest.version), JSON.stringify(site.swVersion));
      }
      res.writeHead(200, { "Content-Type": contentType(file), "Cache-Control": "no-store" });
      res.end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  origin = `http://127.0.0.1:${address.port}`;
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** Resolves when every URL is in the page's Cache Storage (polled: the worker saves in the background). */
async function saved(page: Page, urls: readonly string[]): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          async (list) => (await Promise.all(list.map((u) => caches.match(u)))).filter((r) => r === undefined).length,
          urls,
        ),
      { timeout: 30_000, interval: 250 },
    )
    .toBe(0);
}

async function goOffline(context: BrowserContext): Promise<void> {
  site.offline = true;
  await context.setOffline(true);
}

async function goOnline(context: BrowserContext): Promise<void> {
  site.offline = false;
  await context.setOffline(false);
}

const stepper = (page: Page) => page.locator("tcp-handshake-stepper");

describe("offline once visited", { timeout: 120_000 }, () => {
  let context: BrowserContext;
  let page: Page;
  const foreign: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ serviceWorkers: "allow" });
    await guardOrigin(context, origin, foreign);
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
  });
  afterAll(async () => context?.close());

  test("the first visit saves the lesson, its files and the other lessons in its language", async () => {
    await page.goto(origin + LESSON, { waitUntil: "load" });
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(
      origin + "/sw.js",
    );
    // The engine (the core and the renderer) is among the files, though the page has not loaded it yet.
    expect(filesOf(LESSON).some((f) => /handshake-stepper\.engine\.[\w-]+\.js$/.test(f))).toBe(true);
    expect(await stepper(page).getAttribute("data-engine")).toBeNull();
    for (const lesson of manifest.lessons) await saved(page, [lesson, ...filesOf(lesson)]);
    // Only the visitor's language.
    expect(await page.evaluate(() => caches.match("/zh-cn/closing/time-wait/"))).toBeUndefined();
    expect(manifest.lessonBytes[""]).toBeLessThanOrEqual(manifest.lessonCapBytes);
  });

  test("offline, the lesson reloads and its widget still steps", async () => {
    await goOffline(context);
    const response = await page.reload({ waitUntil: "load" });
    expect(response?.fromServiceWorker()).toBe(true);
    await stepper(page).locator("fieldset:not([hidden])").waitFor();
    const status = stepper(page).locator("[data-step-status]");
    expect(await status.textContent()).toBe("Step 3 of 3");
    await stepper(page)
      .getByRole("button", { name: new RegExp(strings.first) })
      .click();
    await page.locator('tcp-handshake-stepper[data-engine="ready"]').waitFor();
    expect(await status.textContent()).toBe("Step 0 of 3");
    const rows = stepper(page).locator(".seq-wide .seq-row:not([hidden])");
    expect(await rows.count()).toBe(0);
    await stepper(page)
      .getByRole("button", { name: new RegExp(strings.forward) })
      .click();
    expect(await status.textContent()).toBe("Step 1 of 3");
    expect(await rows.count()).toBe(1);
    expect(await stepper(page).locator('[data-states] tr[data-side="client"] td').textContent()).toBe("SYN_SENT");
  });

  test("offline, a lesson never opened was saved on the first visit and runs too", async () => {
    await page.goto(origin + UNVISITED, { waitUntil: "load" });
    const lab = page.locator("tcp-close-lab");
    await lab.locator(".cl-settings:not([hidden])").waitFor();
    await page.getByLabel(labStrings["closer-server"]).check();
    await page.locator('tcp-close-lab[data-engine="ready"]').waitFor();
    expect(await lab.locator("[data-result]").textContent()).toContain(labStrings["closed-server"]);
    // A page neither visited nor a lesson is not there.
    await expect(page.goto(origin + "/glossary/")).rejects.toThrow();
    expect(site.hitsWhileOffline.filter((p) => p !== "/sw.js")).toEqual([]);
  });

  test("back online, the next visit gets the updated page, and a new build's worker replaces the saved copies", async () => {
    site.marker = "UPDATED";
    site.swVersion = "next-build";
    await goOnline(context);
    await page.goto(origin + LESSON, { waitUntil: "load" });
    expect(await page.title()).toMatch(/^UPDATED /);
    // The new worker saves again what the old one had, then the old copies go.
    await expect
      .poll(() => page.evaluate(() => caches.keys()), { timeout: 30_000, interval: 250 })
      .toEqual(["tcp-lab-next-build"]);
    await saved(page, [LESSON, UNVISITED, ...filesOf(LESSON), ...filesOf(UNVISITED)]);

    // Offline again: the saved copy is now the updated page.
    await goOffline(context);
    await page.reload({ waitUntil: "load" });
    expect(await page.title()).toMatch(/^UPDATED /);
    await goOnline(context);
    site.marker = "";
    await page.reload({ waitUntil: "load" });
    expect(await page.title()).not.toMatch(/UPDATED/);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
