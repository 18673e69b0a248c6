/**
 * The notebook sandbox against the real network. A TCP listener on a second
 * loopback port (another origin than the site) records every connection the
 * browser opens — including WebSocket, WebSocketStream and font loads, which
 * Playwright's request routing does not see. Notebook cells aimed at it must
 * be refused with the clear message and the listener must see nothing; a
 * worker that skips the allow-list (as an escape would) must still be
 * stopped by the page's Content-Security-Policy; and loading every page of
 * the sitemap must open no connection to it and carry the CSP.
 *
 * Also: error reporting that never lies (functions, odd throws, unhandled
 * rejections, oversized captures).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { newProblems, openGuardedPage } from "./support/audit.ts";
import { sitemapPaths } from "./support/site.ts";
import { fill, type NotebookStrings } from "../../src/notebook/strings.ts";

const strings = JSON.parse(readFileSync("content/_strings/en/notebook.json", "utf8")) as NotebookStrings;
const origin = inject("origin");
const PLAYGROUND = `${origin}/playground/`;

let browser: Browser;
let closeBrowser: () => Promise<void>;
let listener: Server;
let port = 0;
const connections: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  listener = createServer((socket) => {
    sockets.add(socket);
    // Record the request line and hang up at once, so a request that got through fails fast instead of hanging.
    socket.once("data", (chunk: Buffer) => {
      connections.push(chunk.toString("latin1").split("\r\n")[0] ?? "?");
      socket.destroy();
    });
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
    connections.push(`connection from ${socket.remoteAddress}:${socket.remotePort}`);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  port = typeof address === "object" && address ? address.port : 0;
  expect(port).toBeGreaterThan(0);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => listener.close(resolve));
  await closeBrowser?.();
});

/** Waits long enough for a late connection attempt to reach the listener, then returns what it saw. */
async function seen(page: Page): Promise<string[]> {
  await page.waitForTimeout(500);
  return [...connections];
}

function cell(page: Page, id: string): Locator {
  return page.locator(`tcp-notebook-cell[data-cell-id="${id}"]`);
}

async function runCell(page: Page, code: string): Promise<{ out: string; status: string }> {
  const c = cell(page, "scratch");
  if ((await c.locator(".cm-editor").count()) === 0) {
    await c.getByRole("button", { name: strings.edit }).click();
  }
  await c.locator(".cm-content").click();
  await c.locator(".cm-editor.cm-focused").waitFor();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
  await c.getByRole("button", { name: strings.run, exact: true }).click();
  const status = c.locator("[data-status]");
  await expect
    .poll(async () => (await status.textContent()) ?? "", { timeout: 30_000 })
    .toMatch(/Finished|Stopped|could not start/);
  return { out: (await c.locator("[data-output]").innerText()).trim(), status: (await status.textContent()) ?? "" };
}

const refused = (name: string): string => fill(strings.refused, { name });

describe("the notebook sandbox cannot reach the network", () => {
  test("every way out is refused with the clear message and the listener sees no connection", async () => {
    const url = `http://127.0.0.1:${port}`;
    const ws = `ws://127.0.0.1:${port}`;
    const cases: [expected: string, code: string][] = [
      [refused("fetch"), `fetch("${url}/fetch")`],
      [refused("XMLHttpRequest"), `const x = new XMLHttpRequest();\nx.open("GET", "${url}/xhr");\nx.send();`],
      [refused("WebSocket"), `new WebSocket("${ws}/ws")`],
      [refused("WebSocketStream"), `new WebSocketStream("${ws}/wss")`],
      [refused("EventSource"), `new EventSource("${url}/es")`],
      [refused("FontFace"), `new FontFace("x", "url(${url}/font)").load()`],
      [refused("self"), `self.fonts.load("12px x")`],
      [refused("fonts"), `globalThis.fonts.load("12px x")`],
      [refused("importScripts"), `importScripts("${url}/script.js")`],
      [fill(strings.unknownModule, { name: `${url}/module.js` }), `import("${url}/module.js")`],
      [refused("Worker"), `new Worker("${url}/worker.js")`],
      [refused("navigator"), `navigator.sendBeacon("${url}/beacon", "x")`],
      [refused("fetch"), `this.fetch("${url}/this")`],
      [refused("Function"), `[].map.constructor.constructor("return fetch")()("${url}/ctor")`],
      [refused("postMessage"), `postMessage({ type: "done", elapsedMs: 0 })`],
      [refused("caches"), `caches.open("c")`],
      [refused("indexedDB"), `indexedDB.open("db")`],
      [refused("BroadcastChannel"), `new BroadcastChannel("c").postMessage(1)`],
    ];
    const { context, page, problems } = await openGuardedPage(browser, PLAYGROUND);
    for (const [expected, code] of cases) {
      const { out, status } = await runCell(page, code);
      expect(out, code).toContain(expected);
      expect(status, code).toMatch(/^Stopped with an error/);
    }
    // The prototype chain of the global scope holds nothing either (only WebIDL's numeric constants,
    // TEMPORARY and PERSISTENT, which cannot be deleted and do nothing).
    const probe = await runCell(
      page,
      `const proto = Object.getPrototypeOf(globalThis);\n[typeof proto.fetch, typeof Object.getPrototypeOf(proto).importScripts, Object.getOwnPropertyNames(proto).filter((n) => typeof proto[n] !== "number").length].join(",")`,
    );
    expect(probe.out).toContain("'undefined,undefined,0'");
    expect(await seen(page)).toEqual([]);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a worker that skips the allow-list is still stopped by the page's CSP (the second wall)", async () => {
    const { context, page } = await openGuardedPage(browser, PLAYGROUND);
    const attempts = await page.evaluate(async (p) => {
      // Everything a cell tried above, run in a blob: worker of this page with no allow-list at all.
      const code = `
        const url = "http://127.0.0.1:${p}";
        const tried = [];
        const attempt = async (name, fn) => { try { await fn(); tried.push(name + ": ok"); } catch (e) { tried.push(name + ": " + e.name); } };
        (async () => {
          await attempt("fetch", () => fetch(url + "/f"));
          await attempt("xhr", () => { const x = new XMLHttpRequest(); x.open("GET", url + "/x", false); x.send(); });
          await attempt("ws", () => new Promise((ok, bad) => { const w = new WebSocket("ws://127.0.0.1:${p}/w"); w.onopen = ok; w.onerror = () => bad(new Error("ws")); }));
          if (self.WebSocketStream) await attempt("wss", () => new WebSocketStream("ws://127.0.0.1:${p}/s").opened);
          await attempt("font", () => new FontFace("x", "url(" + url + "/font)").load());
          await attempt("importScripts", () => importScripts(url + "/i.js"));
          await attempt("import", () => import(url + "/m.js"));
          await attempt("es", () => new Promise((ok, bad) => { const e = new EventSource(url + "/e"); e.onopen = ok; e.onerror = () => bad(new Error("es")); }));
          postMessage(tried);
        })();`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
      return await new Promise<string[]>((resolve) => {
        worker.onmessage = (event: MessageEvent<string[]>) => resolve(event.data);
      });
    }, port);
    expect(attempts.length).toBeGreaterThanOrEqual(7);
    expect(await seen(page)).toEqual([]);
    await context.close();
  });

  test("no page of the sitemap connects to the listener, and every page carries the CSP", async () => {
    const paths = sitemapPaths();
    expect(paths.length).toBeGreaterThan(20);
    const { context, page } = await openGuardedPage(browser, origin + "/");
    for (const path of paths) {
      await page.goto(origin + path, { waitUntil: "load" });
      const policy = await page.evaluate(
        () =>
          [...document.head.children]
            .find((e) => e.getAttribute("http-equiv")?.toLowerCase() === "content-security-policy")
            ?.getAttribute("content") ?? "",
      );
      for (const directive of [
        "default-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ]) {
        expect(policy, `${path}: ${directive}`).toContain(directive);
      }
      expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      // The policy is the first thing in <head> after the charset, so it covers every script.
      expect(await page.evaluate(() => document.head.children[1]?.getAttribute("http-equiv")), path).toBe(
        "content-security-policy",
      );
    }
    expect(await seen(page)).toEqual([]);
    await context.close();
  });
});

describe("notebook errors say what happened", () => {
  test("functions, odd throws, unhandled rejections and oversized captures", async () => {
    const { context, page, problems } = await openGuardedPage(browser, PLAYGROUND);
    let r = await runCell(
      page,
      `console.log(x => x);\nimport * as lab from "tcp-lab";\nconsole.log(lab.runScenario, lab.Simulation);`,
    );
    expect(r.out).toContain("[Function (anonymous)]");
    expect(r.out).toMatch(/\[Function: runScenario\] \[class Simulation\]/);
    expect(r.out).not.toContain("not available");
    expect(r.status).toMatch(/^Finished/);

    const throws: [code: string, shown: string][] = [
      [`throw "plain text"`, "Uncaught: 'plain text'"],
      [`throw 42`, "Uncaught: 42"],
      [`throw null`, "Uncaught: null"],
      [`throw { code: 7, retry() {} }`, "Uncaught: { code: 7, retry: [Function: retry] }"],
      [
        `const e = new RangeError("x");\nObject.defineProperty(e, "message", { get() { throw new Error("inner"); } });\nthrow e;`,
        "RangeError",
      ],
    ];
    for (const [code, shown] of throws) {
      r = await runCell(page, code);
      expect(r.out, code).toContain(shown);
      expect(r.out, code).not.toContain("could not start");
      expect(r.status, code).toMatch(/^Stopped with an error/);
    }

    r = await runCell(page, `console.log("before");\nPromise.reject(new TypeError("nobody caught me"));`);
    expect(r.out).toContain("Unhandled promise rejection, TypeError: nobody caught me");
    expect(r.status).toMatch(/^Stopped with an error/);

    r = await runCell(page, `queueMicrotask(() => { throw new Error("from a callback"); });`);
    expect(r.out).toContain("from a callback");
    expect(r.status).toMatch(/^Stopped with an error/);

    // Two 12 MiB captures: the second would go over the 16 MiB budget and is replaced by a note.
    r = await runCell(
      page,
      `const big = new Uint8Array(12 * 1024 * 1024);\nbig.set([0xa1, 0xb2, 0xc3, 0xd4]);\nconsole.log(big);\nconsole.log(big);`,
    );
    expect(r.out).toContain(fill(strings.pcapDownload, { bytes: 12 * 1024 * 1024 }));
    expect(r.out).toContain(fill(strings.pcapTooLarge, { bytes: 12 * 1024 * 1024, limit: 16 * 1024 * 1024 }));
    expect(await cell(page, "scratch").getByRole("link", { name: /pcap/ }).count()).toBe(1);
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});
