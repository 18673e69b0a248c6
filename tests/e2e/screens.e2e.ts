/**
 * Layout and legibility on a phone and a laptop, in light and dark themes,
 * for every page in the sitemap (prose-only pages in two of the four combinations,
 * see `pagesFor`): nothing overflows horizontally, every
 * widget is a block box, no visible SVG text renders below 11 CSS px, the
 * heading order is valid (axe `heading-order`), and (with SCREENSHOTS=1,
 * `npm run screens`) each widget is saved as a screenshot under
 * test-artifacts/screens/ (gitignored) for a reviewer.
 * Then: moving each control of the port and proxy labs changes something
 * that is inside the viewport, on a phone and on a laptop.
 *
 * One browser for the file, one context per viewport and theme, one page
 * reused across the sitemap: the suite runs on a loaded two-core machine.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, leavePage, newProblems, watchPage } from "./support/audit.ts";
import { sitemapPaths } from "./support/site.ts";

const origin = inject("origin");
const pages = sitemapPaths();
/**
 * Pages with a widget get all four sizes × themes; prose-only pages (the same
 * Starlight layout and CSS everywhere) get two, phone-light and laptop-dark, so
 * the file fits CI on a loaded two-core machine. Read from the build, not assumed.
 */
const widgetPages = pages.filter((path) => {
  const file = `dist${path}${path.endsWith("/") ? "index.html" : ""}`;
  return !existsSync(file) || readFileSync(file, "utf8").includes("data-widget");
});
const pagesFor = (screen: string, theme: string): string[] =>
  (screen === "phone") === (theme === "light") ? pages : widgetPages;
const ARTIFACTS = "test-artifacts/screens";
/**
 * Widget screenshots are for a reviewer's eyes, not an assertion, and a
 * full-page capture costs seconds on a long page: `npm run screens` saves them
 * (SCREENSHOTS=1); `npm test` measures without saving.
 */
const SAVE_SCREENSHOTS = process.env["SCREENSHOTS"] === "1";
/** Smallest SVG text we accept, in CSS px, as drawn on screen. */
const MIN_TEXT_PX = 11;

const SCREENS = [
  { name: "phone", width: 360, height: 800 },
  { name: "laptop", width: 1280, height: 900 },
] as const;
const THEMES = ["light", "dark"] as const;

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => closeBrowser?.());

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Elements wider than the viewport's right edge (a hint for what overflows). */
  wide: string[];
  /** Widget custom elements whose box is not a block box. */
  inlineWidgets: string[];
  /** Visible SVG text drawn smaller than the minimum. */
  smallText: string[];
  widgets: number;
}

/** Runs in the page: measures what this test checks. */
function measure(minPx: number): Layout {
  const doc = document.documentElement;
  const describe = (el: Element): string => {
    const cls =
      typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}`;
  };
  const wide: string[] = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > doc.clientWidth + 1 && wide.length < 5) {
      // Report the outermost offender only.
      const parent = el.parentElement?.getBoundingClientRect();
      if (!parent || parent.right <= doc.clientWidth + 1) wide.push(`${describe(el)} right=${Math.round(r.right)}`);
    }
  }
  const widgetEls = [...document.querySelectorAll("[data-widget]")];
  const inlineWidgets = widgetEls
    .filter((el) => !["block", "flow-root", "flex", "grid"].includes(getComputedStyle(el).display))
    .map((el) => `${describe(el)} display=${getComputedStyle(el).display}`);
  const smallText: string[] = [];
  for (const text of document.querySelectorAll("svg text")) {
    const box = text.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !text.textContent?.trim()) continue;
    const style = getComputedStyle(text);
    if (style.visibility === "hidden" || style.display === "none") continue;
    // Rendered size = the font size in user units times the SVG's scale on screen.
    const svg = (text as SVGTextElement).ownerSVGElement;
    const matrix = (text as SVGTextElement).getScreenCTM();
    if (!svg || !matrix) continue;
    const scale = Math.hypot(matrix.a, matrix.b);
    const px = parseFloat(style.fontSize) * scale;
    if (px < minPx - 0.05 && smallText.length < 5)
      smallText.push(`"${text.textContent.trim().slice(0, 30)}" ${px.toFixed(1)}px in ${describe(svg)}`);
  }
  return {
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
    wide,
    inlineWidgets,
    smallText,
    widgets: widgetEls.length,
  };
}

for (const screen of SCREENS) {
  for (const theme of THEMES) {
    describe(`${screen.name} ${screen.width}x${screen.height}, ${theme}`, () => {
      let context: BrowserContext;
      let page: Page;
      const problems = newProblems();
      beforeAll(async () => {
        context = await browser.newContext({
          viewport: { width: screen.width, height: screen.height },
          colorScheme: theme,
          reducedMotion: "reduce",
        });
        await guardOrigin(context, origin, problems.foreignRequests);
        page = await context.newPage();
        watchPage(page, problems);
      });
      afterAll(async () => context?.close());

      test.each(pagesFor(screen.name, theme))("%s", async (path) => {
        // A failed page must not leave its problems (or its cancelled requests) to the next one.
        await leavePage(page, problems);
        await page.goto(origin + path, { waitUntil: "load" });
        expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe(theme);
        // Let the custom elements hydrate (they reveal their controls) before measuring.
        await page.evaluate(() =>
          Promise.all(
            [...document.querySelectorAll("[data-widget]")]
              .map((el) => el.localName)
              .filter((name) => name.includes("-"))
              .map((name) => customElements.whenDefined(name)),
          ),
        );
        const layout = await page.evaluate(measure, MIN_TEXT_PX);
        expect
          .soft(layout.scrollWidth, `horizontal overflow on ${path}: ${layout.wide.join(", ")}`)
          .toBeLessThanOrEqual(layout.clientWidth);
        expect.soft(layout.inlineWidgets, `widgets that are not block boxes on ${path}`).toEqual([]);
        expect.soft(layout.smallText, `SVG text below ${MIN_TEXT_PX} px on ${path}`).toEqual([]);
        // The heading order is the DOM's, the same at every size and in both themes: checked once per page.
        if (screen === SCREENS[0] && theme === THEMES[0]) {
          const headings = await axeViolations(page, ["heading-order"]);
          expect.soft(headings, `heading order on ${path}`).toEqual([]);
        }
        if (SAVE_SCREENSHOTS) await saveWidgetShots(page, `${screen.name}-${theme}`, path);
        expect.soft(problems, `problems on ${path}`).toEqual(newProblems());
      });
    });
  }
}

/** Full-page captures clipped to each widget: the sticky page header stays out of the picture. */
async function saveWidgetShots(page: Page, prefix: string, path: string): Promise<void> {
  const boxes = await page.$$eval("[data-widget]", (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        name: el.getAttribute("data-widget") ?? "widget",
        clip: { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height },
      };
    }),
  );
  const slug = path.replace(/^\/|\/$/g, "").replace(/\//g, "_") || "home";
  for (const [i, box] of boxes.entries()) {
    if (box.clip.width === 0 || box.clip.height === 0) continue;
    await page.screenshot({
      path: `${ARTIFACTS}/${prefix}-${slug}-${i}-${box.name}.png`,
      fullPage: true,
      clip: box.clip,
      animations: "disabled",
      timeout: 30_000,
    });
  }
}

/**
 * What a reader sees of a widget: the text and drawings of its parts that
 * are inside the viewport, leaving out the controls themselves (a slider's
 * own value label changing does not count as an effect).
 */
function visibleEffect(selector: string): string {
  const root = document.querySelector(selector);
  if (!root) return "";
  const out: string[] = [];
  for (const el of root.querySelectorAll("p, dd, td, output, li, svg")) {
    if (el.closest("fieldset")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
    out.push(el.tagName === "svg" ? el.outerHTML : (el.textContent ?? ""));
  }
  return out.join("\n");
}

/**
 * Whether the widget says, beside the control, that moving it changes nothing
 * in the current setup: a visible note marked `data-no-effect="<name>"`,
 * inside the viewport and named by the control's aria-describedby.
 */
function saysNoEffect(selector: string, name: string): boolean {
  const root = document.querySelector(selector);
  const note = root?.querySelector<HTMLElement>(`[data-no-effect="${name}"]`);
  if (!root || !note || note.hidden || !note.id || !note.textContent?.trim()) return false;
  const r = note.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.top < 0 || r.bottom > innerHeight) return false;
  return [...root.querySelectorAll(`input[name="${name}"]`)].some((input) =>
    (input.getAttribute("aria-describedby") ?? "").split(/\s+/).includes(note.id),
  );
}

const LABS = [
  { path: "/short-connections/port-exhaustion/", tag: "tcp-port-lab" },
  { path: "/short-connections/proxies/", tag: "tcp-proxy-lab" },
] as const;

describe("moving each control of the port and proxy labs changes something inside the viewport", () => {
  for (const screen of SCREENS) {
    for (const lab of LABS) {
      test(`${lab.tag} on a ${screen.name}`, async () => {
        const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height } });
        const problems = newProblems();
        await guardOrigin(context, origin, problems.foreignRequests);
        const page = await context.newPage();
        watchPage(page, problems);
        await page.addInitScript({
          content: `globalThis.visibleEffect = ${visibleEffect.toString()}; globalThis.saysNoEffect = ${saysNoEffect.toString()};`,
        });
        await page.goto(origin + lab.path, { waitUntil: "load" });
        await page.locator(`${lab.tag} fieldset[data-needs-js]:not([hidden])`).first().waitFor();
        const inputs = page.locator(`${lab.tag} fieldset input`);
        const names = [...new Set(await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name)))];
        expect(names.length).toBeGreaterThanOrEqual(lab.tag === "tcp-port-lab" ? 7 : 6);
        const unchanged: string[] = [];
        for (const name of names) {
          const control = page.locator(`${lab.tag} input[name="${name}"]`);
          const type = await control.first().getAttribute("type");
          // Each move is tried with what a person would do; a radio group counts if any of its options shows an effect.
          const moves: (() => Promise<void>)[] = [];
          if (type === "range") {
            moves.push(async () => {
              const atMax = await control.evaluate(
                (e) => (e as HTMLInputElement).value === (e as HTMLInputElement).max,
              );
              await control.focus();
              await page.keyboard.press(atMax ? "ArrowLeft" : "ArrowRight");
            });
          } else if (type === "radio") {
            const count = await control.count();
            for (let i = 0; i < count; i++) moves.push(async () => control.nth(i).check());
          } else {
            moves.push(async () => control.click());
          }
          let changed = false;
          for (const move of moves) {
            if (type === "radio" && (await control.nth(moves.indexOf(move)).isChecked())) continue;
            // Bring the control into view as a reader would, and wait (as a reader would) for the
            // previous move's exact run to land, then look at what the screen shows.
            await control.first().scrollIntoViewIfNeeded();
            await page.waitForFunction(
              (sel) => document.querySelector(sel)?.getAttribute("aria-busy") !== "true",
              lab.tag,
              {
                timeout: 90_000,
              },
            );
            // A control that has no effect in this setup counts when the widget says so beside it.
            if (
              await page.evaluate(
                ([sel, n]) =>
                  (globalThis as unknown as { saysNoEffect: (s: string, n: string) => boolean }).saysNoEffect(sel, n),
                [lab.tag, name] as const,
              )
            ) {
              changed = true;
              break;
            }
            const before = await page.evaluate(
              (sel) => (globalThis as unknown as { visibleEffect: (s: string) => string }).visibleEffect(sel),
              lab.tag,
            );
            await move();
            changed = await page
              .waitForFunction(
                ([sel, old]) =>
                  (globalThis as unknown as { visibleEffect: (s: string) => string }).visibleEffect(sel) !== old,
                [lab.tag, before] as const,
                { timeout: 5_000 },
              )
              .then(() => true)
              .catch(() => false);
            if (changed) break;
          }
          if (!changed) unchanged.push(name);
        }
        expect(unchanged, `controls whose move showed nothing new in the viewport (${screen.name})`).toEqual([]);
        expect(problems).toEqual(newProblems());
        await context.close();
      });
    }
  }
});
