/**
 * The sysctl reference in a real browser: every knob page's experiment
 * changes its observable when its control changes (checked against an
 * independent run of the core in this process), the reviewer judges the
 * source article's block line by line, survives a 1 MB paste while staying
 * responsive, produces the corrected file, and every first frame is there
 * without JavaScript.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { guardOrigin, newProblems, openGuardedPage, type PageProblems } from "./support/audit.ts";
import { runScenario } from "../../src/sim/scenarios/index.ts";
import type { ScenarioOptions } from "../../src/sim/scenarios/types.ts";

const origin = inject("origin");
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());
// Contexts a failed test left open would slow every later test down.
const openContexts: BrowserContext[] = [];
afterEach(async () => {
  for (const c of openContexts.splice(0)) await c.close().catch(() => undefined);
});

async function open(
  path: string,
  javaScriptEnabled = true,
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const { context, page, problems } = await openGuardedPage(browser, origin + path, { javaScriptEnabled });
  openContexts.push(context);
  return { page, context, problems };
}

const en = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const en1 = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The text a value of the core shows as: a number formatted like the widget does, or the text itself. */
function shown(options: ScenarioOptions, scenario: string, key: string, fmt = en, unit = ""): string {
  const v = runScenario(scenario, options).summary[key];
  // A missing key or NaN would print as "undefined"/"NaN" here and perhaps on the page too, and still match.
  expect(["number", "string", "boolean"], `${scenario} summary ${key}`).toContain(typeof v);
  if (typeof v === "number") expect(Number.isFinite(v), `${scenario} summary ${key}`).toBe(true);
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
const PORTS = (p: Record<string, number | string | boolean>) => ({
  params: { portLow: 40000, portHigh: 40299, rate: 20, durationSec: 90, ...p },
});
const NAT = (profile: "linux" | "linux-pre-4.12") => ({
  profile,
  params: { clients: 4, connectionsPerClient: 3, twRecycle: true },
});
const KA = (p: Record<string, number | string>) => ({
  params: { keepaliveTime: 7200, keepaliveIntvl: 75, keepaliveProbes: 9, peer: "dead", ...p },
});
const RANGE = (portLow: number, portHigh: number) => ({ params: { durationSec: 90, portLow, portHigh, rate: 20 } });
const SYNQ = (p: Record<string, number | string | boolean>) => ({
  params: { spoofedSyns: 50, legitClient: false, syncookies: 0, backlog: 8, maxSynBacklog: 8192, ...p },
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
  {
    path: "/sysctl/tcp_tw_reuse/",
    widget: "reuse",
    control: "net.ipv4.tcp_tw_reuse",
    value: "1",
    source: "steadySuccessRatePerSec",
    before: shown(PORTS({ twReuse: -1, loopback: false }), "port-exhaustion", "steadySuccessRatePerSec", en1),
    after: shown(PORTS({ twReuse: 1, loopback: false }), "port-exhaustion", "steadySuccessRatePerSec", en1),
    urlKey: "sx.reuse.reuse=1",
  },
  {
    path: "/sysctl/tcp_tw_recycle/",
    widget: "recycle",
    control: "Kernel",
    value: "linux",
    source: "synsDroppedByTwRecycle",
    before: shown(NAT("linux-pre-4.12"), "tw-recycle-nat", "synsDroppedByTwRecycle"),
    after: shown(NAT("linux"), "tw-recycle-nat", "synsDroppedByTwRecycle"),
    urlKey: "sx.recycle.kernel=linux",
  },
  {
    path: "/sysctl/tcp_fin_timeout/",
    widget: "fin",
    control: "net.ipv4.tcp_fin_timeout (s)",
    value: "30",
    source: "finWait2Seconds",
    before: shown({ params: { finTimeout: 60, mode: "close" } }, "fin-wait2-timeout", "finWait2Seconds", en1, " s"),
    after: shown({ params: { finTimeout: 30, mode: "close" } }, "fin-wait2-timeout", "finWait2Seconds", en1, " s"),
    urlKey: "sx.fin.timeout=30",
  },
  {
    path: "/sysctl/tcp_keepalive_time/",
    widget: "ka",
    control: "net.ipv4.tcp_keepalive_time (s)",
    value: "1200",
    source: "detectedAtSec",
    before: shown(KA({ keepaliveTime: 7200 }), "keepalive", "detectedAtSec", en, " s"),
    after: shown(KA({ keepaliveTime: 1200 }), "keepalive", "detectedAtSec", en, " s"),
    urlKey: "sx.ka.time=1200",
  },
  {
    path: "/sysctl/ip_local_port_range/",
    widget: "ports",
    control: "Low end",
    value: "60000",
    source: "failedEaddrnotavail",
    before: shown(RANGE(32768, 60999), "port-exhaustion", "failedEaddrnotavail"),
    after: shown(RANGE(60000, 60999), "port-exhaustion", "failedEaddrnotavail"),
    urlKey: "sx.ports.low=60000",
  },
  {
    path: "/sysctl/tcp_max_syn_backlog/",
    widget: "synq",
    control: "listen() backlog",
    value: "4096",
    source: "requestSocketsAfterFlood",
    before: shown(SYNQ({ backlog: 8 }), "syn-flood", "requestSocketsAfterFlood"),
    after: shown(SYNQ({ backlog: 4096 }), "syn-flood", "requestSocketsAfterFlood"),
    urlKey: "sx.synq.listen=4096",
  },
  {
    path: "/sysctl/tcp_max_syn_backlog/",
    widget: "acceptq",
    control: "net.core.somaxconn",
    value: "4096",
    source: "clientsEstablished",
    before: shown({ params: { clients: 10, backlog: 100, somaxconn: 5 } }, "accept-queue", "clientsEstablished"),
    after: shown({ params: { clients: 10, backlog: 100, somaxconn: 4096 } }, "accept-queue", "clientsEstablished"),
    urlKey: "sx.acceptq.somaxconn=4096",
  },
  {
    path: "/sysctl/tcp_max_tw_buckets/",
    widget: "tw",
    control: "net.ipv4.tcp_max_tw_buckets",
    value: "131072",
    source: "tcpTimeWaitOverflow",
    before: shown({ params: { maxTwBuckets: 5, connections: 12 } }, "tw-buckets-overflow", "tcpTimeWaitOverflow"),
    after: shown({ params: { maxTwBuckets: 131072, connections: 12 } }, "tw-buckets-overflow", "tcpTimeWaitOverflow"),
    urlKey: "sx.tw.max=131072",
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

describe("experiment details", () => {
  test("port range: the kernel's parity warning, service ports in range, and a refused write", async () => {
    const { page, context, problems } = await open("/sysctl/ip_local_port_range/");
    const w = page.locator("#sx-ports");
    await w.getByLabel("Low end").fill("1024");
    await w.getByLabel("High end").fill("65000");
    await w.getByLabel("High end").blur();
    const said = valueOf(page, "ports", "sysctl:net.ipv4.ip_local_port_range");
    await expect.poll(() => said.textContent(), { timeout: 15_000 }).toContain("prefer different parity");
    expect(await valueOf(page, "ports", "inRange:low,high").textContent()).toBe("3306, 6379, 8080");
    await expect
      .poll(() => valueOf(page, "ports", "theoreticalCeilingPerSec").textContent(), { timeout: 15_000 })
      .toBe(shown(RANGE(1024, 65000), "port-exhaustion", "theoreticalCeilingPerSec", en1, "/s"));
    await w.getByLabel("Low end").fill("1000");
    await w.getByLabel("Low end").blur();
    await expect
      .poll(() => w.locator(".sx-refused").textContent(), { timeout: 15_000 })
      .toContain('sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument');
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("tw_recycle on current Linux: the write is refused with sysctl's words", async () => {
    const { page, context } = await open("/sysctl/tcp_tw_recycle/?sx.recycle.kernel=linux");
    await expect
      .poll(() => valueOf(page, "recycle", "twRecycle").textContent(), { timeout: 15_000 })
      .toBe("sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No such file or directory");
    await context.close();
  });

  test("a malformed link falls back to the default with a visible message", async () => {
    const { page, context } = await open("/sysctl/tcp_syncookies/?sx.cookies.cookies=7");
    await expect.poll(() => page.locator("#sx-cookies [data-msg]").textContent()).toContain("sx.cookies.cookies");
    expect(await page.locator("#sx-cookies").getByLabel("net.ipv4.tcp_syncookies").inputValue()).toBe("1");
    await context.close();
  });

  test("keyboard: a select changes with arrow keys and the result is announced", async () => {
    const { page, context } = await open("/sysctl/tcp_syncookies/");
    const select = page.locator("#sx-cookies").getByLabel("net.ipv4.tcp_syncookies");
    await select.focus();
    await page.keyboard.press("ArrowUp");
    const live = page.locator("#sx-cookies [data-live]");
    await expect
      .poll(() => live.textContent(), { timeout: 15_000 })
      .toContain(
        `SYNs dropped, queue full (TcpExtTCPReqQFullDrop): ${shown(SYN({ syncookies: 0 }), "syn-flood", "floodReqQFullDrop")}`,
      );
    await context.close();
  });
});

describe("first frames without JavaScript", () => {
  test.each(cases.filter((c, i) => cases.findIndex((d) => d.widget === c.widget) === i))(
    "$path ($widget)",
    async (c) => {
      const { page, context } = await open(c.path, false);
      expect(await valueOf(page, c.widget, c.source).textContent()).toBe(c.before);
      expect(await page.locator(`#sx-${c.widget} .sx-controls`).isHidden()).toBe(true);
      await context.close();
    },
  );
});

// The source article's block (lab/experiments/blog-sysctl.conf) and the verdict the lab supports for each line.
const BLOG: readonly [string, string][] = [
  ["net.ipv4.tcp_syncookies = 1", "fine"],
  ["net.ipv4.tcp_tw_reuse = 1", "fine"],
  ["net.ipv4.tcp_tw_recycle = 1", "removed"],
  ["net.ipv4.tcp_fin_timeout = 30", "fine"],
  ["net.ipv4.tcp_keepalive_time = 1200", "fine"],
  ["net.ipv4.ip_local_port_range = 1024 65000", "risky"],
  ["net.ipv4.tcp_max_syn_backlog = 8192", "no-effect"],
  ["net.ipv4.tcp_max_tw_buckets = 5000", "risky"],
];

async function verdictRows(page: Page): Promise<[string, string][]> {
  return page.$$eval(".sr-table tbody tr", (rows) =>
    rows.map(
      (r) => [r.querySelector("code")?.textContent ?? "", r.getAttribute("data-verdict") ?? ""] as [string, string],
    ),
  );
}

describe("sysctl.conf reviewer", () => {
  test("without JavaScript the built-in example is judged line by line", async () => {
    const { page, context } = await open("/sysctl/reviewer/", false);
    expect(await verdictRows(page)).toEqual(BLOG);
    await context.close();
  });

  test("typing the article's block gives the verdicts, sysctl's error, links and the corrected file", async () => {
    const { page, context, problems } = await open("/sysctl/reviewer/");
    const input = page.getByRole("textbox", { name: "Your sysctl.conf" });
    await page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => page.locator(".sr-table").count()).toBe(0);
    await input.fill(BLOG.map(([l]) => l).join("\n") + "\n");
    await expect.poll(() => verdictRows(page)).toEqual(BLOG);
    const recycle = page.locator('.sr-table tr[data-verdict="removed"]');
    expect(await recycle.textContent()).toContain(
      "sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No such file or directory",
    );
    expect(await recycle.getByRole("link", { name: "Read the page on this setting" }).getAttribute("href")).toBe(
      "/sysctl/tcp_tw_recycle/",
    );
    // Each verdict cites its evidence: the experiment page and the kernel documentation.
    expect(await recycle.getByRole("link", { name: "Measured on Linux" }).getAttribute("href")).toBe(
      "/evidence/sysctl-p-blog/",
    );
    expect(await recycle.getByRole("link", { name: "Kernel documentation" }).getAttribute("href")).toContain(
      "ip-sysctl.rst",
    );
    const corrected = await page.getByLabel("Corrected file").inputValue();
    expect(corrected.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toEqual([
      "net.ipv4.tcp_syncookies = 1",
      "net.ipv4.tcp_tw_reuse = 1",
      "net.ipv4.tcp_fin_timeout = 30",
      "net.ipv4.tcp_keepalive_time = 1200",
    ]);
    expect(corrected).toContain("# removed from Linux: net.ipv4.tcp_tw_recycle = 1");
    // The built-in example is the default, so the link stays short.
    expect(page.url()).not.toContain("sr.text");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("odd input: duplicates, CRLF, '-' prefix and slashes get line-numbered verdicts", async () => {
    const { page, context } = await open("/sysctl/reviewer/");
    await page
      .getByRole("textbox", { name: "Your sysctl.conf" })
      .fill("-net/ipv4/tcp_fin_timeout=30\r\nnet.ipv4.tcp_fin_timeout = 60\r\ngarbage\r\n");
    await expect
      .poll(() =>
        page.$$eval(".sr-table tbody tr", (rows) =>
          rows.map((r) => `${r.getAttribute("data-line")}:${r.getAttribute("data-verdict")}`),
        ),
      )
      .toEqual(["1:duplicate", "2:fine", "3:syntax"]);
    // (A textarea normalises CRLF to LF, so the CRLF note is covered by the unit tests, not here.)
    expect(await page.locator(".sr-summary").innerHTML()).toContain("<code>sysctl -p</code>");
    // A line without "=" is skipped by procps (status 0) but fails systemd-sysctl (status 1): legend and summary agree.
    expect(await page.locator(".sr-summary").textContent()).toContain(
      "sysctl -p would exit with status 0, and systemd-sysctl with status 1.",
    );
    // Short files are kept in the link.
    expect(new URL(page.url()).searchParams.get("sr.text")).toContain("-net/ipv4/tcp_fin_timeout=30");
    await context.close();
  });

  test("a 1 MB paste is judged in part, says so, and the page keeps responding", async () => {
    const { page, context, problems } = await open("/sysctl/reviewer/");
    const line = "net.ipv4.tcp_fin_timeout = 30\n";
    const big = line.repeat(Math.ceil(1_048_576 / line.length));
    await page.getByRole("textbox", { name: "Your sysctl.conf" }).evaluate((el, text) => {
      // What a paste does: the browser sets the value and fires one input event.
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, big);
    await expect
      .poll(() => page.locator(".sr-results").textContent(), { timeout: 20_000 })
      .toContain("Only the first 2000 of");
    // Another control still works right after.
    await page.getByRole("button", { name: "Load the article's block" }).click();
    await expect.poll(() => verdictRows(page), { timeout: 20_000 }).toEqual(BLOG);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("copy: the corrected file goes to the clipboard", async () => {
    const { page, context } = await open("/sysctl/reviewer/");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    await page.getByRole("button", { name: "Copy corrected file" }).click();
    await expect
      .poll(() => page.locator("[data-copy-status]").textContent())
      .toBe("Corrected file copied to the clipboard.");
    const output = await page.getByLabel("Corrected file").inputValue();
    expect(output).toContain("net.ipv4.tcp_tw_reuse = 1");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(output);
    await context.close();
  });

  test("copy without a clipboard: the corrected text is selected and the page says how to copy it", async () => {
    const context = await browser.newContext();
    const foreign: string[] = [];
    await guardOrigin(context, origin, foreign);
    await context.addInitScript(() => {
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: () => Promise.reject(new Error("no clipboard here")) },
      });
    });
    const page = await context.newPage();
    await page.goto(origin + "/sysctl/reviewer/", { waitUntil: "load" });
    await page.getByRole("button", { name: "Copy corrected file" }).click();
    await expect.poll(() => page.locator("[data-copy-status]").textContent()).toContain("press Ctrl+C");
    const selected = await page.evaluate(() => {
      const t = document.activeElement as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toBe(await page.getByLabel("Corrected file").inputValue());
    expect(foreign).toEqual([]);
    await context.close();
  });
});
