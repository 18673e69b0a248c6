/**
 * The port lab's exact run as a reader meets it, in Debian's Chromium: the
 * production build (dist/, so run `npm run build` first) served locally, the
 * lesson page opened and pointed at (the lab's code loads), then radio
 * buttons clicked one at a time; each figure is the time from the click to the
 * worker's exact figures on screen (`tcp-port-lab[data-exact]` back to
 * "true"). Every click goes to a setup the lab has not run yet. The first is
 * tcp_tw_reuse=0, which costs what the default setup costs (the client closes
 * first and reuse cannot apply off loopback), in a worker that has run nothing
 * but its warm-up. `--each` prints every click's setup and time.
 * Run: npx node bench/widgets/port-lab.browser.ts [--repeat N] [--each]
 */
import type { Page } from "playwright-core";
import { launchBrowser } from "../../tests/e2e/support/browser.ts";
import { serveStatic } from "../../tests/e2e/support/static-server.ts";

const PATH = "/short-connections/port-exhaustion/";
const repeatAt = process.argv.indexOf("--repeat");
const repeat = repeatAt >= 0 ? Math.max(1, Number(process.argv[repeatAt + 1]) || 5) : 5;

/** Click the radio button `selector` and time until the exact figures are shown. */
async function timedMove(page: Page, selector: string): Promise<number> {
  return page.evaluate(async (sel) => {
    const lab = document.querySelector<HTMLElement>("tcp-port-lab");
    const input = document.querySelector<HTMLInputElement>(sel);
    if (lab === null || input === null) throw new Error(`no ${sel}`);
    const t0 = performance.now();
    input.click();
    // The estimate is drawn at once (data-exact="false"); the worker's reply sets it to "true".
    await new Promise<void>((done) => {
      const check = (): void => {
        if (lab.dataset["exact"] === "true") done();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    return performance.now() - t0;
  }, selector);
}

const { server, origin } = await serveStatic("dist");
const { browser, close } = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin + PATH);
  const lab = page.locator("tcp-port-lab");
  // The reader points at the lab: its code loads (and, if it does, its worker starts).
  await lab.hover();
  await page.locator('tcp-port-lab[data-engine="ready"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  // Every move goes to a setup the lab has not run yet (it keeps exact results it has): walk the
  // radio groups (tcp_tw_reuse, closer, keep-alive) one change at a time over unseen combinations.
  const groups = ["reuse", "closer", "keepalive"] as const;
  const sizes = await page.evaluate(
    (names) => names.map((n) => document.querySelectorAll(`tcp-port-lab input[name="${n}"]`).length),
    [...groups],
  );
  const checked = async (): Promise<number[]> =>
    page.evaluate(
      (names) =>
        names.map((n) =>
          Number(document.querySelector<HTMLInputElement>(`tcp-port-lab input[name="${n}"]:checked`)?.value),
        ),
      [...groups],
    );
  const seen = new Set([(await checked()).join()]);
  const times: number[] = [];
  while (times.length <= repeat) {
    const at = await checked();
    let move: [number, number] | undefined;
    for (let g = 0; g < groups.length && move === undefined; g++)
      for (let v = 0; v < (sizes[g] ?? 0) && move === undefined; v++) {
        const to = at.map((x, i) => (i === g ? v : x));
        if (!seen.has(to.join())) move = [g, v];
      }
    if (move === undefined) break;
    const [g, v] = move;
    seen.add(at.map((x, i) => (i === g ? v : x)).join());
    const ms = await timedMove(page, `tcp-port-lab input[name="${groups[g]}"][value="${v}"]`);
    times.push(ms);
    if (process.argv.includes("--each")) console.log(`  ${groups[g]}=${v} (${[...seen].at(-1)}): ${ms.toFixed(0)} ms`);
  }
  const first = times.shift() ?? NaN;
  const next = times;
  next.sort((a, b) => a - b);
  const median = next[Math.floor(next.length / 2)] ?? NaN;
  console.log(`port lab, click to exact figures on screen, Chromium:`);
  console.log(`  first click (tcp_tw_reuse=0)  ${first.toFixed(0)} ms`);
  console.log(
    `  next clicks                median ${median.toFixed(0)} ms over ${next.length} (min ${next[0]?.toFixed(0)}, max ${next.at(-1)?.toFixed(0)})`,
  );
} finally {
  await close();
  server.close();
}
