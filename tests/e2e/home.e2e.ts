/**
 * The home page: on a phone the splash template has no menu, so the page
 * carries its own language link and theme select; the handshake miniature
 * reads without JavaScript and steps by keyboard.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, openGuardedPage } from "./support/audit.ts";
import en from "../../content/_strings/en/home.json";

const origin = inject("origin");
const PHONE = { viewport: { width: 360, height: 800 } };

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

describe("home page", () => {
  test("at 360×800 the language link is visible and leads to /zh-cn/, and back", async () => {
    const { page, context, problems } = await openGuardedPage(browser, origin + "/", PHONE);
    const link = page.locator(".home-bar a[hreflang='zh-CN']");
    expect(await link.isVisible()).toBe(true);
    expect(await link.textContent()).toBe("简体中文");
    const box = await link.boundingBox();
    expect(box !== null && box.y + box.height <= 800, "in the first screen").toBe(true);
    expect(await page.locator(".home-bar starlight-theme-select select").isVisible()).toBe(true);
    await link.click();
    await page.waitForURL(origin + "/zh-cn/");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    const back = page.locator(".home-bar a[hreflang='en']");
    expect(await back.isVisible()).toBe(true);
    expect(await back.getAttribute("href")).toBe("/");
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  test("the theme select on a phone switches the theme", async () => {
    const { page, context } = await openGuardedPage(browser, origin + "/", PHONE);
    await page.locator(".home-bar starlight-theme-select select").selectOption("dark");
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.locator(".home-bar starlight-theme-select select").selectOption("light");
    expect(await page.locator("html").getAttribute("data-theme")).toBe("light");
    await context.close();
  });

  test("without JavaScript the miniature shows its first frame with its text", async () => {
    const { page, context } = await openGuardedPage(browser, origin + "/", { ...PHONE, javaScriptEnabled: false });
    const mini = page.locator("tcp-handshake-mini");
    const visible = mini.locator("[data-frame]:not([hidden])");
    expect(await visible.count()).toBe(1);
    expect(await visible.getAttribute("data-frame")).toBe("1");
    expect(await visible.locator("svg").count()).toBeGreaterThan(0);
    expect(await visible.locator(".hm-caption").textContent()).toContain("SYN");
    expect(await mini.locator(".hm-steps").isHidden()).toBe(true);
    await context.close();
  });

  test("the miniature steps by keyboard: buttons and arrow keys", async () => {
    const { page, context, problems } = await openGuardedPage(browser, origin + "/", PHONE);
    const mini = page.locator("tcp-handshake-mini");
    await mini.locator(".hm-steps:not([hidden])").waitFor();
    const current = () => mini.locator("[data-frame]:not([hidden])").getAttribute("data-frame");
    const total = Number(await mini.getAttribute("data-total"));
    expect(total).toBeGreaterThanOrEqual(3);
    expect(await current()).toBe("1");
    expect(await mini.locator('button[data-action="back"]').isDisabled()).toBe(true);

    await mini.locator('button[data-action="forward"]').focus();
    await page.keyboard.press("Enter");
    expect(await current()).toBe("2");
    expect(await mini.locator("[data-live]").textContent()).toContain("SYN-ACK");
    await page.keyboard.press("Space");
    expect(await current()).toBe("3");

    await mini.locator("[data-frames]").focus();
    await page.keyboard.press("Home");
    expect(await current()).toBe("1");
    await page.keyboard.press("ArrowRight");
    expect(await current()).toBe("2");
    expect(await mini.locator("[data-frames]").getAttribute("aria-label")).toContain(`2`);
    await page.keyboard.press("ArrowLeft");
    expect(await current()).toBe("1");
    await page.keyboard.press("End");
    expect(await current()).toBe(String(total));
    expect(await mini.locator('button[data-action="forward"]').isDisabled()).toBe(true);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  test("with reduced motion, Play shows the finished handshake at once", async () => {
    const { page, context } = await openGuardedPage(browser, origin + "/", { ...PHONE, reducedMotion: "reduce" });
    const mini = page.locator("tcp-handshake-mini");
    await mini.locator(".hm-steps:not([hidden])").waitFor();
    await mini.locator('button[data-action="play"]').click();
    expect(await mini.locator("[data-frame]:not([hidden])").getAttribute("data-frame")).toBe(
      await mini.getAttribute("data-total"),
    );
    expect(await mini.locator('button[data-action="play"]').textContent()).toBe(en.play);
    await context.close();
  });

  for (const path of ["/", "/zh-cn/"]) {
    for (const theme of ["light", "dark"] as const) {
      test(`axe finds nothing on ${path} (${theme}, 360×800 and 1280×900)`, async () => {
        for (const viewport of [PHONE.viewport, { width: 1280, height: 900 }]) {
          const { page, context, problems } = await openGuardedPage(browser, origin + path, {
            viewport,
            colorScheme: theme,
          });
          await page.locator("tcp-handshake-mini .hm-steps:not([hidden])").waitFor();
          expect(await axeViolations(page)).toEqual([]);
          expect(problems.foreignRequests).toEqual([]);
          expect(problems.consoleErrors).toEqual([]);
          await context.close();
        }
      });
    }
  }
});
