/**
 * The quiz and instructor pages ship only their wiring before any interaction
 * (scripts/size-budget.json): the build draws the questions, and the
 * generators, the core and the checker load on the reader's first intent.
 * These tests hold that code back to check that what a reader does first is
 * not lost, and switch JavaScript off to check that the pages still read as a
 * quiz, an answer key and an exam.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { guardOrigin, newProblems, watchPage } from "./support/audit.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { progressKey } from "../../src/quiz/progress.ts";
import { answerText, promptText, type QuizStrings } from "../../src/quiz/text.ts";
import { TOPICS, type Level, type Question, type Topic } from "../../src/quiz/types.ts";
import enJson from "../../content/_strings/en/quiz.json";
import zhJson from "../../content/_strings/zh-cn/quiz.json";

const en = enJson as unknown as QuizStrings;
const zh = zhJson as unknown as QuizStrings;
const origin = inject("origin");
const QUIZ_PAGES = ["handshake", "states", "sysctl-myths", "time-wait-and-ports", "assignment"];
const ENGINE = /\/_astro\/quiz\.engine\.[\w-]+\.js$/;

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

/** The answer as a student would type it. */
function typed(q: Question, s: QuizStrings): string {
  if (q.answer.kind === "order") return q.answer.correct.split("").join(" ");
  return answerText(q, s);
}

describe("quiz code loads on first intent", () => {
  test("an answer typed and checked before the quiz code has loaded is kept and graded", async () => {
    const context = await browser.newContext();
    const problems = newProblems();
    await guardOrigin(context, origin, problems.foreignRequests);
    // Hold the engine's file back until the reader has typed and checked an answer.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let requested = false;
    await context.route(ENGINE, async (route) => {
      requested = true;
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    watchPage(page, problems);
    await page.goto(origin + "/quizzes/handshake/", { waitUntil: "load" });
    const quiz = page.locator("tcp-quiz");
    await quiz.locator(".quiz-settings-box:not([hidden])").waitFor();
    // Nothing beyond the wiring before the reader does anything; the link now names the build's quiz.
    expect(await quiz.getAttribute("data-engine")).toBeNull();
    expect(requested).toBe(false);
    const spec = { topics: ["handshake" as Topic], count: 8, level: "medium" as Level, seed: 1 };
    expect(new URL(page.url()).searchParams.get("seed")).toBe("1");

    // The first question answered by typing (not a choice), answered right.
    const sample = generateQuiz(spec);
    const q = sample.find((x) => x.answer.kind !== "choice") as Question;
    const form = page.locator(`form.quiz-q[data-qid="${q.id}"]`);
    await page.locator(`#${q.id}-input`).fill(typed(q, en));
    await form.locator('button[data-action="check"]').click();
    await expect.poll(() => quiz.getAttribute("data-engine")).toBe("loading");
    expect(requested).toBe(true);
    expect(await form.locator(".quiz-feedback").textContent()).toBe("");

    release();
    await expect.poll(() => form.locator(".quiz-feedback").textContent()).toBe(en.ui["correct"]);
    expect(await quiz.getAttribute("data-engine")).toBe("ready");
    expect(await page.locator(`#${q.id}-input`).inputValue()).toBe(typed(q, en));
    const saved = await page.evaluate((key) => localStorage.getItem(key), progressKey("handshake", spec));
    expect(JSON.parse(saved ?? "{}").answers[q.id].status).toBe("correct");
    await expect.poll(() => quiz.locator(".quiz-score").textContent()).toBe("Score: 1 of 8 correct (1 answered).");
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});

describe("without JavaScript the pages read as static text", () => {
  for (const lang of ["", "/zh-cn"]) {
    const s = lang === "" ? en : zh;
    for (const slug of QUIZ_PAGES) {
      test(`${lang}/quizzes/${slug}/ shows its questions`, async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await page.goto(`${origin}${lang}/quizzes/${slug}/`, { waitUntil: "load" });
        const quiz = page.locator("tcp-quiz");
        const data = (name: string) => quiz.getAttribute(`data-${name}`).then((v) => v ?? "");
        const spec = {
          topics: (await data("topics")).split(",") as Topic[],
          count: Number(await data("count")),
          level: (await data("level")) as Level,
          seed: Number(await data("sample-seed")),
        };
        const expected = generateQuiz(spec);
        expect(expected.length).toBeGreaterThan(0);
        const prompts = quiz.locator(".quiz-prompt");
        expect(await prompts.allTextContents()).toEqual(expected.map((q) => promptText(q, s)));
        for (let i = 0; i < expected.length; i++) expect(await prompts.nth(i).isVisible()).toBe(true);
        // The note says which quiz this is; the controls that need the script stay out of the way.
        expect(await quiz.locator(".quiz-sample-note").isVisible()).toBe(true);
        expect(await quiz.locator(".quiz-sample-note").textContent()).toContain(String(spec.seed));
        expect(await quiz.locator(".quiz-settings-box").isVisible()).toBe(false);
        await context.close();
      });
    }
    test(`${lang}/instructors/ shows the default answer key and ${lang}/instructors/exam/ the sample exam`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const expected = generateQuiz({ topics: [...TOPICS], count: 10, level: "medium", seed: 1 });
      await page.goto(`${origin}${lang}/instructors/`, { waitUntil: "load" });
      const key = page.locator(".builder-key .key-answer");
      expect(await key.count()).toBe(10);
      expect(await key.first().isVisible()).toBe(true);
      expect(await key.allTextContents()).toEqual(
        expected.map((q) =>
          q.answer.kind === "order"
            ? q.answer.accepted.join(" / ")
            : (q.answer.kind === "choice" ? `${String.fromCharCode(97 + q.answer.correct)}) ` : "") + answerText(q, s),
        ),
      );
      await page.goto(`${origin}${lang}/instructors/exam/`, { waitUntil: "load" });
      const prompts = page.locator(".exam-questions .quiz-prompt");
      expect(await prompts.allTextContents()).toEqual(expected.map((q) => promptText(q, s)));
      expect(await prompts.first().isVisible()).toBe(true);
      await context.close();
    });
  }
});
