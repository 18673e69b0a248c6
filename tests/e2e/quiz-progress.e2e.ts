/**
 * Quiz progress is never lost: a damaged saved answer is dropped on its own
 * with a notice, a long answer followed by "Show answer" survives a reload,
 * a full storage is reported while answers stay on the page, and answers go
 * out to a file and come back (a malformed file changes nothing).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { newProblems, openGuardedPage } from "./support/audit.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { answerText, fill, type QuizStrings } from "../../src/quiz/text.ts";
import { MAX_INPUT_LENGTH, PROGRESS_VERSION, progressKey } from "../../src/quiz/progress.ts";
import type { Question } from "../../src/quiz/types.ts";
import stringsJson from "../../content/_strings/en/quiz.json";

const strings = stringsJson as unknown as QuizStrings;
const origin = inject("origin");
const SEED = 777;
const QUERY = `?seed=${SEED}&n=4&level=medium`;
const URL_ = `${origin}/quizzes/handshake/${QUERY}`;
const KEY = progressKey("handshake", { topics: ["handshake"], count: 4, level: "medium", seed: SEED });
const quiz = generateQuiz({ topics: ["handshake"], count: 4, level: "medium", seed: SEED });
const dir = mkdtempSync(join(tmpdir(), "quiz-progress-"));

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

async function ready(page: Page): Promise<void> {
  await page.locator("tcp-quiz .quiz-settings-box:not([hidden])").waitFor();
}

const form = (page: Page, id: string) => page.locator(`form.quiz-q[data-qid="${id}"]`);
const feedback = (page: Page, id: string) => form(page, id).locator(".quiz-feedback").textContent();
const notice = (page: Page) => page.locator(".quiz-notice").textContent();
const saved = (page: Page) => page.evaluate((k) => localStorage.getItem(k), KEY);

/** Answer question `q` correctly by typing or choosing, as a person would. */
async function answerRight(page: Page, q: Question): Promise<void> {
  if (q.answer.kind === "choice") {
    await form(page, q.id).locator(`input[value="${q.answer.correct}"]`).check();
    await form(page, q.id).locator('button[data-action="check"]').click();
  } else {
    const text = q.answer.kind === "order" ? q.answer.correct.split("").join(" ") : answerText(q, strings);
    await page.locator(`#${q.id}-input`).click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }
  await expect.poll(() => feedback(page, q.id)).toBe(strings.ui["correct"]);
}

describe("quiz progress is never lost", () => {
  test("a damaged saved answer (tries 1.5) is dropped with a notice; the others stay", async () => {
    const { page, context, problems } = await openGuardedPage(browser, URL_);
    await ready(page);
    const q1 = quiz[0] as Question;
    const good = { input: answerText(q1, strings), status: "correct", tries: 1 };
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [
      KEY,
      JSON.stringify({
        version: PROGRESS_VERSION,
        answers: { q1: good, q2: { input: "5", status: "wrong", tries: 1.5 } },
      }),
    ] as const);
    await page.reload({ waitUntil: "load" });
    await ready(page);
    await expect.poll(() => notice(page)).toContain(fill(strings.progressProblems["entriesDropped"], { count: 1 }));
    expect(await page.locator(".quiz-notice").isVisible()).toBe(true);
    expect(await feedback(page, "q1")).toBe(strings.ui["correct"]);
    expect(await page.locator("#q1-input").inputValue()).toBe(good.input);
    expect(await feedback(page, "q2")).toBe("");
    // What is stored now is the cleaned record: the good answer, not the bad one.
    expect(JSON.parse((await saved(page)) ?? "{}").answers).toEqual({ q1: good });
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test('a long answer followed by "Show answer" keeps every record across a reload', async () => {
    const { page, context, problems } = await openGuardedPage(browser, URL_);
    await ready(page);
    await answerRight(page, quiz[2] as Question);
    const long = "1234567890 ".repeat(30); // 330 characters
    await page.locator("#q1-input").click();
    await page.keyboard.type(long);
    await form(page, "q1").locator('button[data-action="reveal"]').click();
    await expect.poll(() => feedback(page, "q1")).toContain(answerText(quiz[0] as Question, strings));
    await page.reload({ waitUntil: "load" });
    await ready(page);
    expect(await notice(page)).toBe("");
    expect(await feedback(page, "q3")).toBe(strings.ui["correct"]);
    expect(await feedback(page, "q1")).toContain(answerText(quiz[0] as Question, strings));
    expect(await page.locator("#q1-input").inputValue()).toBe(long.slice(0, MAX_INPUT_LENGTH));
    await expect.poll(() => page.locator(".quiz-score").textContent()).toBe("Score: 1 of 4 correct (2 answered).");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("storage full: the page says so and keeps the answers in memory", async () => {
    const { page, context, problems } = await openGuardedPage(browser, URL_);
    await ready(page);
    // Fill this origin's localStorage for real until the browser refuses more.
    const filled = await page.evaluate(() => {
      let last = "never full";
      let n = 0;
      for (const size of [256 * 1024, 16 * 1024, 1024, 64, 1]) {
        const chunk = "x".repeat(size);
        for (let i = 0; i < 1000; i++) {
          try {
            localStorage.setItem(`filler-${n++}`, chunk);
          } catch (e) {
            last = (e as DOMException).name;
            break;
          }
        }
      }
      return last;
    });
    expect(filled).toBe("QuotaExceededError");
    await answerRight(page, quiz[2] as Question);
    await expect.poll(() => notice(page)).toBe(strings.ui["storageFull"]);
    expect(await page.locator(".quiz-notice").isVisible()).toBe(true);
    expect(await saved(page)).toBeNull();
    // Still on the page: the score counts it, and it can be exported.
    await expect.poll(() => page.locator(".quiz-score").textContent()).toBe("Score: 1 of 4 correct (1 answered).");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('button[data-action="export"]').click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path()) ?? "", "utf8"));
    expect(Object.keys(file.answers)).toEqual(["q3"]);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("export to a file, reset, import it back; a malformed file changes nothing", async () => {
    const { page, context, problems } = await openGuardedPage(browser, URL_);
    await ready(page);
    await answerRight(page, quiz[0] as Question);
    await form(page, "q2").locator('button[data-action="reveal"]').click();
    await expect.poll(() => feedback(page, "q2")).toContain(answerText(quiz[1] as Question, strings));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('button[data-action="export"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`tcp-lab-handshake-${SEED}.json`);
    const exported = join(dir, "mine.json");
    await download.saveAs(exported);
    const before = await saved(page);
    expect(JSON.parse(readFileSync(exported, "utf8")).answers).toEqual(JSON.parse(before ?? "{}").answers);

    // Malformed files: each shows its message, and nothing changes.
    const bad: [string, string, string][] = [
      ["notjson.json", "{ this is not json", "notJson"],
      ["other.json", readFileSync(exported, "utf8").replace(`:${SEED}"`, `:${SEED + 1}"`), "otherQuiz"],
      ["tries.json", readFileSync(exported, "utf8").replace('"tries": 1', '"tries": 1.5'), "badEntry"],
    ];
    for (const [name, text, problem] of bad) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator(".quiz-import").click()]);
      await chooser.setFiles(path);
      await expect.poll(() => notice(page), { message: name }).toBe(strings.importProblems[problem as "notJson"]);
      expect(await saved(page), name).toBe(before);
      expect(await feedback(page, "q1"), name).toBe(strings.ui["correct"]);
    }

    // Reset, then import the good file: everything comes back, and is saved again.
    await page.locator('button[data-action="reset"]').click();
    await expect.poll(() => feedback(page, "q1")).toBe("");
    expect(JSON.parse((await saved(page)) ?? "{}").answers).toEqual({});
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator(".quiz-import").click()]);
    await chooser.setFiles(exported);
    await expect.poll(() => notice(page)).toBe(fill(strings.ui["importDone"] ?? "", { file: "mine.json" }));
    expect(await feedback(page, "q1")).toBe(strings.ui["correct"]);
    expect(await feedback(page, "q2")).toContain(answerText(quiz[1] as Question, strings));
    expect(JSON.parse((await saved(page)) ?? "{}")).toEqual(JSON.parse(before ?? "{}"));
    expect(problems).toEqual(newProblems());
    await context.close();
  });
});
