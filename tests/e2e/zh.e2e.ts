/**
 * The Chinese edition, built and in the browser: no built zh-CN page shows
 * Starlight's "untranslated" notice and each one's main text is mostly
 * Chinese; a widget driven on a zh page; a quiz answered in full-width
 * digits; a Chinese Moodle XML exported and parsed; search in Chinese; and
 * switching language keeping the page and the widget state in the URL.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { SyntaxValidator } from "fast-xml-validator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { axeViolations, newProblems, openGuardedPage } from "./support/audit.ts";
import { launchBrowser } from "./support/browser.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { answerText, explanationText, type QuizStrings } from "../../src/quiz/text.ts";
import type { Question } from "../../src/quiz/types.ts";
import { chineseShare, englishWords, hanCount } from "../unit/i18n/text.ts";
import quizJson from "../../content/_strings/zh-cn/quiz.json";
import stepperStrings from "../../content/_strings/zh-cn/handshake-stepper.json";
import instructorStrings from "../../content/_strings/zh-cn/quiz-instructor.json";

const zh = quizJson as unknown as QuizStrings;
const origin = inject("origin");

/** Starlight's notice on a page shown in the default language because its translation is missing. */
const FALLBACK_NOTICES = ["此内容尚不支持你的语言", "This content is not available in your language yet"];
/** A zh-CN page's main text must be at least this share Chinese (Han characters against Latin words). */
const MIN_CHINESE_SHARE = 0.7;

/** Every built zh-CN page: dist/zh-cn/**\/index.html. */
function zhPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "index.html") out.push(p);
    }
  };
  walk("dist/zh-cn");
  return out.sort();
}

/**
 * The reading text of a page's <main>: without code (pre, code), scripts,
 * styles, SVG figures, attribute values, and the generated API reference
 * (sections labelled api-*), which documents code in the language of its source.
 */
function mainText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? "";
  return main
    .replace(/<(script|style|pre|code|svg|template)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<section aria-labelledby="api-[\s\S]*?<\/section>/g, " ")
    .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, " ")
    .replace(/&[a-z]+;|&#\d+;|&#x[0-9a-f]+;/gi, " ");
}

describe("built zh-CN pages", () => {
  const pages = zhPages();

  test("there is a zh-CN page for every English page in the build", () => {
    const english = readdirSync("dist", { recursive: true, encoding: "utf8" })
      .filter(
        (p) => p.endsWith("index.html") && !p.startsWith("zh-cn") && !p.startsWith("pagefind") && p !== "404.html",
      )
      .map((p) => p.replace(/\\/g, "/"));
    expect(english.length).toBeGreaterThan(20);
    const missing = english.filter((p) => !pages.includes(join("dist/zh-cn", p)));
    expect(missing).toEqual([]);
  });

  test.each(pages)("%s has no fallback notice and is mostly Chinese", (file) => {
    const html = readFileSync(file, "utf8");
    for (const notice of FALLBACK_NOTICES) expect(html.includes(notice), `fallback notice "${notice}"`).toBe(false);
    expect(html).toMatch(/<html lang="zh-CN"/);
    const text = mainText(html);
    expect(hanCount(text)).toBeGreaterThan(100);
    expect(chineseShare(text)).toBeGreaterThanOrEqual(MIN_CHINESE_SHARE);
  });

  test("the measure tells English from Chinese (an English page scores far below the bar)", () => {
    const english = mainText(readFileSync("dist/handshake/three-way-handshake/index.html", "utf8"));
    expect(chineseShare(english)).toBeLessThan(0.1);
  });
});

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

describe("the Chinese site in the browser", () => {
  test("the handshake stepper steps on the zh page, in Chinese", async () => {
    const url = origin + "/zh-cn/handshake/three-way-handshake/";
    const { page, context, problems } = await openGuardedPage(browser, url);
    const widget = page.locator("tcp-handshake-stepper");
    await widget.locator("fieldset:not([hidden])").waitFor();
    await widget.getByRole("button", { name: new RegExp(stepperStrings.first) }).click();
    const status = widget.locator("[data-step-status]");
    await expect.poll(() => status.textContent()).toMatch(/^第 0 步，共 3 步$/);
    await widget.getByRole("group", { name: /握手时序图/ }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => status.textContent()).toBe("第 1 步，共 3 步");
    await widget.getByRole("button", { name: new RegExp(stepperStrings.forward) }).click();
    await expect.poll(() => status.textContent()).toBe("第 2 步，共 3 步");
    // After step 2 the SYN-ACK has reached the client: it is ESTABLISHED, the server still SYN_RECV.
    expect(await widget.locator('[data-states] tr[data-side="client"] td').textContent()).toBe("ESTABLISHED");
    expect(await widget.locator('[data-states] tr[data-side="server"] td').textContent()).toBe("SYN_RECV");
    // The visible words of the widget are Chinese, except the core's host names ("client", "server"), which
    // the sequence diagram and the state table still print as identifiers (not yet localised).
    const words = englishWords((await widget.innerText()).replace(/\[[A-Z.]+\]/g, ""));
    expect(words.filter((w) => w !== "client" && w !== "server")).toEqual([]);
    // The step is kept in the URL, as on the English page.
    expect(new URL(page.url()).searchParams.get("hs.step")).toBe("2");
    expect.soft(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a quiz question answered in full-width digits is correct; Chinese words get the usual message", async () => {
    const seed = 777;
    const url = origin + `/zh-cn/quizzes/handshake/?seed=${seed}&n=4&level=medium`;
    const { page, context, problems } = await openGuardedPage(browser, url);
    await page.locator("tcp-quiz .quiz-settings-box:not([hidden])").waitFor();
    const quiz = generateQuiz({ topics: ["handshake"], count: 4, level: "medium", seed });
    const index = quiz.findIndex((q) => q.answer.kind === "number");
    expect(index).toBeGreaterThanOrEqual(0);
    const q = quiz[index] as Question;
    const id = q.id;
    const form = page.locator(`form.quiz-q[data-qid="${id}"]`);
    const input = page.locator(`#${id}-input`);
    await input.focus();
    await page.keyboard.type("三千零二十一");
    await page.keyboard.press("Enter");
    await expect.poll(() => form.locator(".quiz-feedback").textContent()).toBe(zh.parseErrors.notNumber);
    // Full-width digits grouped with full-width commas, ended with 。 as a Chinese IME types them.
    const wide = String(answerText(q, zh))
      .replace(/\B(?=(\d{3})+(?!\d))/g, "，")
      .replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    await input.fill("");
    await page.keyboard.type(`${wide}。`);
    await page.keyboard.press("Enter");
    await expect.poll(() => form.locator(".quiz-feedback").textContent()).toBe(zh.ui["correct"]);
    await expect.poll(() => page.locator(".quiz-score").textContent()).toMatch(/^得分：4 题中答对 1 题/);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("the instructor page exports a Chinese Moodle XML and links to the Chinese assignment page", async () => {
    const { page, context, problems } = await openGuardedPage(browser, origin + "/zh-cn/instructors/", {
      acceptDownloads: true,
    });
    const builder = page.locator("tcp-assignment-builder");
    await builder.locator(".builder-links:not([hidden])").waitFor();
    await builder.getByLabel(instructorStrings.countLabel).fill("5");
    await builder.getByRole("button", { name: instructorStrings.build }).click();
    const classLink = (await builder.locator(".builder-class-link").getAttribute("href")) ?? "";
    expect(new URL(classLink).pathname).toBe("/zh-cn/quizzes/assignment/");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      builder.getByRole("button", { name: instructorStrings.exportMoodle }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-zh-CN\.moodle\.xml$/);
    const bytes = readFileSync((await download.path()) ?? "");
    const xml = bytes.toString("utf8");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(SyntaxValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "question" || n === "answer" }).parse(
      xml,
    ) as { quiz: { question: { questiontext?: { text: string }; generalfeedback?: { text: string } }[] } };
    const items = parsed.quiz.question.slice(1);
    expect(items).toHaveLength(5);
    const expected = generateQuiz({
      topics: ["handshake", "states", "timewait", "sysctl"],
      count: 5,
      level: "medium",
      seed: 1,
    });
    items.forEach((item, i) => {
      const text = String(item.questiontext?.text ?? "").replace(/<[^>]+>/g, " ");
      expect(hanCount(text)).toBeGreaterThan(5);
      expect(englishWords(text)).toEqual([]);
      expect(String(item.generalfeedback?.text ?? "")).toBe(explanationText(expected[i] as Question, zh));
    });
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test.each([
    ["三次握手", "/zh-cn/handshake/three-way-handshake/"],
    ["端口耗尽", "/zh-cn/short-connections/port-exhaustion/"],
  ])("searching %s on the Chinese site finds %s", async (query, expectedPath) => {
    const { page, context, problems } = await openGuardedPage(browser, origin + "/zh-cn/");
    await page.locator("button[data-open-modal]").first().click();
    const input = page.locator("#starlight__search input[type=search], .pagefind-ui__search-input").first();
    await input.waitFor();
    await input.fill(query);
    const links = page.locator(".pagefind-ui__result-link");
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const paths = (await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) as string[];
    expect(paths.slice(0, 3)).toContain(expectedPath);
    // Results are the Chinese pages only.
    for (const p of paths) expect(p.startsWith("/zh-cn/")).toBe(true);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("switching language keeps the page and the widget state in the URL", async () => {
    const query = "?hs.cisn=1000&hs.step=1";
    const { page, context, problems } = await openGuardedPage(
      browser,
      origin + "/handshake/three-way-handshake/" + query,
    );
    const widget = page.locator("tcp-handshake-stepper");
    await widget.locator("fieldset:not([hidden])").waitFor();
    await expect.poll(() => widget.locator("[data-step-status]").textContent()).toBe("Step 1 of 3");
    const select = page.locator("starlight-lang-select select").first();
    await Promise.all([page.waitForURL(/\/zh-cn\//), select.selectOption({ label: "简体中文" })]);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/zh-cn/handshake/three-way-handshake/");
    expect(url.searchParams.get("hs.cisn")).toBe("1000");
    expect(url.searchParams.get("hs.step")).toBe("1");
    const zhWidget = page.locator("tcp-handshake-stepper");
    await zhWidget.locator("fieldset:not([hidden])").waitFor();
    await expect.poll(() => zhWidget.locator("[data-step-status]").textContent()).toBe("第 1 步，共 3 步");
    expect(await zhWidget.getByLabel(stepperStrings.clientIsnLabel).inputValue()).toBe("1000");
    // And back to English, still on step 1 with the same ISN.
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/zh-cn/")),
      page.locator("starlight-lang-select select").first().selectOption({ label: "English" }),
    ]);
    expect(new URL(page.url()).search).toContain("hs.cisn=1000");
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});
