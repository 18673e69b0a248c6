/**
 * The notebook on the Playground, driven as a reader would: type into a
 * cell, run it with the button and with Ctrl+Enter, and check what the page
 * shows — including against an independent run of the core in this process.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, newProblems, watchPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/index.ts";
import type { NotebookStrings } from "../../src/notebook/strings.ts";
import { measureSite } from "../../scripts/page-js.ts";

const strings = JSON.parse(readFileSync("content/_strings/en/notebook.json", "utf8")) as NotebookStrings;
const origin = inject("origin");
const PLAYGROUND = `${origin}/playground/`;

let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
});
afterAll(async () => {
  await close();
});

interface Session {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

async function open(url = PLAYGROUND, options: { javaScriptEnabled?: boolean } = {}): Promise<Session> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const problems = newProblems();
  await guardOrigin(context, origin, problems.foreignRequests);
  const page = await context.newPage();
  watchPage(page, problems);
  await page.goto(url);
  return { context, page, problems };
}

function cell(page: Page, id: string): Locator {
  return page.locator(`tcp-notebook-cell[data-cell-id="${id}"]`);
}

/** Opens the editor of a cell and replaces its code, as a reader typing would. */
async function typeCode(page: Page, id: string, code: string): Promise<void> {
  const c = cell(page, id);
  await c.getByRole("button", { name: strings.edit }).click();
  // Edit moves focus into the editor.
  await c.locator(".cm-editor.cm-focused").waitFor();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

async function runAndWait(page: Page, id: string, how: "button" | "keys" = "button"): Promise<string> {
  const c = cell(page, id);
  const status = c.locator("[data-status]");
  if (how === "button") await c.getByRole("button", { name: strings.run, exact: true }).click();
  else await page.keyboard.press("Control+Enter");
  await expect
    .poll(async () => (await status.textContent()) ?? "", { timeout: 30_000 })
    .toMatch(/Finished|Stopped|could not start/);
  return (await c.locator("[data-output]").innerText()).trim();
}

describe("notebook cells on the Playground", () => {
  test("without JavaScript each cell is a highlighted code block and no toolbar shows", async () => {
    const { context, page } = await open(PLAYGROUND, { javaScriptEnabled: false });
    const acks = cell(page, "handshake-acks");
    await expect.poll(() => acks.locator(".expressive-code").count()).toBe(1);
    expect(await acks.locator(".expressive-code").innerText()).toContain('runScenario("handshake"');
    expect(await acks.locator("[data-toolbar]").isVisible()).toBe(false);
    await context.close();
  });

  test("typed code runs with the button and with Ctrl+Enter; output is text", async () => {
    const { context, page, problems } = await open();
    await typeCode(page, "scratch", 'console.log(1 + 2);\nconsole.log({ a: [1, "x"] });\n"<b>not html</b>"');
    const out = await runAndWait(page, "scratch");
    expect(out).toContain("3");
    expect(out).toContain("{ a: [ 1, 'x' ] }");
    expect(out).toContain("'<b>not html</b>'");
    expect(await cell(page, "scratch").locator("[data-output] b").count()).toBe(0);

    await typeCode(page, "scratch", "const xs: number[] = [4, 5];\nxs.map((x) => x * 10).join('+')");
    const viaKeys = await runAndWait(page, "scratch", "keys");
    expect(viaKeys).toContain("'40+50'");
    // Tab indents inside the editor; Escape then Tab moves on, so focus is never trapped.
    await cell(page, "scratch").locator(".cm-content").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(true);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(false);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a scenario result renders as the core's numbers and a sequence diagram", async () => {
    const { context, page, problems } = await open();
    const out = await runAndWait(page, "handshake-acks");
    const expected = runScenario("handshake", { seed: 7 });
    expect(out).toContain(String(expected.summary["clientIsn"]));
    expect(out).toContain(String(expected.summary["serverIsn"]));
    const svg = cell(page, "handshake-acks").locator("[data-output] svg.seq-wide");
    await expect.poll(() => svg.count()).toBe(1);
    const sends = expected.trace.filter((e) => e.kind === "send").length;
    expect(await svg.locator("g.seq-segment").count()).toBe(sends);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("every example cell runs in the browser without an error, and the page passes axe in both themes", async () => {
    const { context, page, problems } = await open();
    const ids = await page
      .locator("tcp-notebook-cell")
      .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell-id")));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      if (id === null || id === "scratch") continue;
      const out = await runAndWait(page, id);
      expect(await cell(page, id).locator(".nb-out-error").count(), `${id}: ${out}`).toBe(0);
      expect(await cell(page, id).locator("[data-status]").textContent()).toMatch(/^Finished in \d+ ms\.$/);
    }
    expect(await cell(page, "port-exhaustion").locator("svg.nb-chart").count()).toBeGreaterThan(0);
    expect(await cell(page, "lost-synack").locator("svg.seq-wide .seq-lost").count()).toBe(1);
    expect(await cell(page, "close-tools").getByRole("link", { name: /pcap/ }).count()).toBe(1);
    for (const theme of ["light", "dark"]) {
      await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
      expect(await axeViolations(page), theme).toEqual([]);
    }
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("an endless loop is stopped after a few seconds while the page stays responsive", async () => {
    const { context, page, problems } = await open();
    await typeCode(page, "scratch", "let n = 0;\nwhile (true) { n++; }");
    const c = cell(page, "scratch");
    await c.getByRole("button", { name: strings.run, exact: true }).click();
    await expect.poll(() => c.locator("[data-status]").textContent()).toBe(strings.running);
    // The main thread answers while the worker spins.
    const started = Date.now();
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect
      .poll(async () => (await c.locator("[data-status]").textContent()) ?? "", { timeout: 20_000 })
      .toContain("Stopped: the cell was still running after 5 s");
    // A fresh worker runs the next cell normally.
    await typeCode(page, "scratch", "'alive'");
    expect(await runAndWait(page, "scratch")).toContain("'alive'");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("the page, storage and network are refused with a clear error", async () => {
    const { context, page, problems } = await open();
    const cases: [string, string][] = [
      ["document", "document.title"],
      ["localStorage", 'localStorage.setItem("k", "v")'],
      ["fetch", 'fetch("https://example.com/")'],
      ["XMLHttpRequest", "new XMLHttpRequest()"],
      ["WebSocket", 'new WebSocket("wss://example.com/")'],
      ["importScripts", 'importScripts("https://example.com/x.js")'],
      ["indexedDB", 'indexedDB.open("db")'],
      ["caches", 'caches.open("c")'],
      ["eval", "eval(\"import('https://example.com/x.js')\")"],
      ["Function", '(() => 1).constructor("return 1")'],
    ];
    for (const [name, code] of cases) {
      await typeCode(page, "scratch", `const before = 1;\n${code};`);
      const out = await runAndWait(page, "scratch");
      expect(out, name).toContain(`${name} is not available in a notebook cell`);
      expect(out, name).toContain("line 2");
    }
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("syntax and runtime errors point at the line and column of the TypeScript", async () => {
    const { context, page } = await open();
    await typeCode(page, "scratch", "const a: number = 1;\nconst b = ;\n");
    let out = await runAndWait(page, "scratch");
    expect(out).toContain("SyntaxError at line 2, column 11");

    await typeCode(
      page,
      "scratch",
      'import { runScenario } from "tcp-lab";\ntype T = { n: number };\nconst t: T = { n: 1 };\n  runScenario("no-such-scenario");',
    );
    out = await runAndWait(page, "scratch");
    expect(out).toMatch(/Error at line 4, column 3: unknown scenario "no-such-scenario"/);

    await typeCode(page, "scratch", "interface P { x: number }\nconst p = null as unknown as P;\nconst value = p.x;");
    out = await runAndWait(page, "scratch");
    expect(out).toMatch(/TypeError at line 3, column 17/);
    await context.close();
  });

  test("a share link carries the edited code; malformed links keep the original", async () => {
    const first = await open();
    await typeCode(first.page, "scratch", "const shared = 'from a link';\nshared.toUpperCase()");
    await cell(first.page, "scratch").getByRole("button", { name: strings.share }).click();
    const link = await cell(first.page, "scratch").getByLabel(strings.shareLinkLabel).inputValue();
    expect(link).toMatch(/#nb\.scratch=1\.[A-Za-z0-9_-]+$/);
    await first.context.close();

    const second = await open(link);
    const c = cell(second.page, "scratch");
    await expect.poll(() => c.locator("[data-notice]").textContent()).toBe(strings.restoredShare);
    expect(await c.locator("[data-source]").innerText()).toContain("const shared = 'from a link';");
    expect(await runAndWait(second.page, "scratch")).toContain("'FROM A LINK'");
    await second.context.close();

    for (const bad of ["1.@@@", "1.AAAA", "2.abc", "1."]) {
      const third = await open(`${PLAYGROUND}#nb.handshake-acks=${bad}`);
      const acks = cell(third.page, "handshake-acks");
      await expect.poll(() => acks.locator("[data-notice]").textContent()).toMatch(/could not be read \(.+\)/);
      expect(await acks.locator(".expressive-code").count()).toBe(1);
      expect(third.problems).toEqual(newProblems());
      await third.context.close();
    }
  });

  test("a reload keeps edits; Reset restores the original code", async () => {
    const { context, page } = await open();
    await typeCode(page, "handshake-acks", "const kept = 'still here';\nkept");
    // Edits are saved a moment after typing stops: wait until the session store holds them, not a fixed time.
    await expect
      .poll(() =>
        page.evaluate(() =>
          Object.keys(sessionStorage)
            .filter((key) => key.endsWith(":handshake-acks"))
            .map((key) => sessionStorage.getItem(key))
            .join("\n"),
        ),
      )
      .toContain("const kept = 'still here';");
    await page.reload();
    const c = cell(page, "handshake-acks");
    await expect.poll(() => c.locator("[data-notice]").textContent()).toBe(strings.restoredSession);
    expect(await c.locator("[data-source]").innerText()).toContain("const kept = 'still here';");
    expect(await runAndWait(page, "handshake-acks")).toContain("'still here'");

    await c.getByRole("button", { name: strings.reset }).click();
    expect(await c.locator(".expressive-code").count()).toBe(1);
    await page.reload();
    expect(await c.locator(".expressive-code").count()).toBe(1);
    expect(await c.locator("[data-notice]").textContent()).toBe("");
    await context.close();
  });

  test("pcap bytes from a cell download as a capture file", async () => {
    const { context, page } = await open();
    await typeCode(
      page,
      "scratch",
      'import { runScenario } from "tcp-lab";\npcap(runScenario("handshake", { seed: 3 }))',
    );
    await runAndWait(page, "scratch");
    const link = cell(page, "scratch").getByRole("link", { name: /pcap/ });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(download.suggestedFilename()).toBe("scratch.pcap");
    await context.close();
  });

  test("the editor, compiler and core load only on interaction; pages without cells ship no notebook code", async () => {
    const pages = measureSite("dist");
    const notebookFiles = (files: readonly string[]): string[] =>
      files.filter((f) => readFileSync(join("dist", f), "utf8").includes("tcp-notebook-cell"));
    expect(pages.length).toBeGreaterThan(0);
    let withoutCells = 0;
    for (const p of pages) {
      const dir = join("dist", p.page, "index.html");
      const html = readFileSync(existsSync(dir) ? dir : join("dist", p.page.replace(/\/$/, ".html")), "utf8");
      if (!html.includes("<tcp-notebook-cell")) {
        withoutCells++;
        expect(notebookFiles(p.files), p.page).toEqual([]);
      }
    }
    // The check above must have looked at some pages (most lessons have no cell).
    expect(withoutCells).toBeGreaterThan(0);
    const playground = pages.find((p) => p.page === "/playground/");
    expect(notebookFiles(playground?.files ?? [])).toHaveLength(1);

    const { context, page } = await open();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.reload();
    await cell(page, "scratch").getByRole("button", { name: strings.edit }).waitFor();
    expect(requested.filter((p) => /editor|runtime\.worker|runner/.test(p))).toEqual([]);

    await runAndWait(page, "handshake-acks");
    expect(requested.some((p) => /runtime\.worker/.test(p))).toBe(true);
    expect(requested.some((p) => /\/editor\./.test(p))).toBe(false);

    await cell(page, "handshake-acks").getByRole("button", { name: strings.edit }).click();
    await cell(page, "handshake-acks").locator(".cm-editor").waitFor();
    expect(requested.some((p) => /\/editor\./.test(p))).toBe(true);
    await context.close();
  });
});
