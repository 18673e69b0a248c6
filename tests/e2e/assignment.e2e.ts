/**
 * Grading without a server, end to end as people do it: the instructor
 * builds a per-student link with answers hidden until a date; two students
 * open it, answer (some right, some wrong, one left out), see no marks, and
 * copy their results codes; the instructor pastes the codes with one
 * mistyped, sees the grades and the bad line, and downloads the gradebook.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, newProblems, watchPage, type PageProblems } from "./support/audit.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { studentSeed } from "../../src/quiz/seeded.ts";
import type { Question, QuizSpec } from "../../src/quiz/types.ts";

const origin = inject("origin");
const settings = { topics: ["handshake" as const, "timewait" as const], count: 4, level: "medium" as const };

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

/** Answer question `q` on the student's page: right (typed the way a student might) or wrong. */
async function answer(page: Page, q: Question, right: boolean): Promise<void> {
  const a = q.answer;
  const form = page.locator(`form.quiz-q[data-qid="${q.id}"]`);
  if (a.kind === "choice") {
    const index = right ? a.correct : (a.correct + 1) % a.options.length;
    await form.locator(`input[value="${index}"]`).check();
  } else if (a.kind === "order") {
    const wrong = a.accepted.includes([...a.correct].reverse().join("")) ? null : [...a.correct].reverse().join("");
    await form.locator("input[type=text]").fill(right ? [...a.correct].join(", ").toLowerCase() : (wrong ?? "A"));
  } else {
    // Full-width digits with spaces around, as a Chinese input method types them.
    const typed = right
      ? ` ${String(a.value).replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `
      : String(a.value + 1000);
    await form.locator("input[type=text]").fill(typed);
  }
  await form.getByRole("button", { name: "Save answer" }).click();
  await expect.poll(() => form.locator(".quiz-feedback").getAttribute("data-status")).toBe("saved");
}

/** A student opens the link, types their identifier, answers, and copies the results code. */
async function student(
  context: BrowserContext,
  link: string,
  id: string,
  rights: readonly (boolean | undefined)[],
  problems: PageProblems,
): Promise<string> {
  const page = await context.newPage();
  watchPage(page, problems);
  await page.goto(link, { waitUntil: "load" });
  await page.getByLabel(/Your student identifier/).fill(id);
  await page.getByRole("button", { name: "Get my questions" }).click();
  await page.locator("form.quiz-q").first().waitFor();
  await expect.poll(() => page.locator(".quiz-mode-text").textContent()).toMatch(/^Answers are hidden until .*2099/);
  // Nothing tells the student what is right.
  expect(await page.getByRole("button", { name: "Show answer" }).count()).toBe(0);
  const questions = generateQuiz({ ...settings, seed: studentSeed("NET-9", id) });
  for (const [i, q] of questions.entries()) {
    const right = rights[i];
    if (right !== undefined) await answer(page, q, right);
  }
  expect(await page.locator(".quiz-explain:not([hidden])").count()).toBe(0);
  expect(await page.locator('.quiz-feedback[data-status="correct"], .quiz-feedback[data-status="wrong"]').count()).toBe(
    0,
  );
  const saved = rights.filter((r) => r !== undefined).length;
  expect(await page.locator(".quiz-score").textContent()).toBe(`${saved} of 4 answers saved.`);

  await page.getByRole("button", { name: "Make my results code" }).click();
  const box = page.getByLabel("Your results code");
  await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/);
  await page.getByRole("button", { name: "Copy the code" }).click();
  await expect.poll(() => page.locator(".quiz-results-status").textContent()).toBe("Copied. Paste it into your LMS.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await box.inputValue());
  expect.soft(await axeViolations(page)).toEqual([]);
  await page.close();
  return copied;
}

describe("assignments graded without a server", () => {
  test("link with hidden answers → students' results codes → grades and gradebook", async () => {
    // The instructor in Shanghai: 2099-01-01 08:00 there is midnight UTC.
    const instructor = await browser.newContext({ acceptDownloads: true, timezoneId: "Asia/Shanghai" });
    const problems = newProblems();
    await guardOrigin(instructor, origin, problems.foreignRequests);
    const page = await instructor.newPage();
    watchPage(page, problems);
    await page.goto(origin + "/instructors/", { waitUntil: "load" });
    const builder = page.locator("tcp-assignment-builder");
    await builder.locator(".builder-links:not([hidden])").waitFor();
    for (const topic of ["TCP states", "sysctl myths"]) await builder.getByLabel(topic).uncheck();
    await builder.getByLabel("Questions").fill("4");
    await builder.getByLabel(/Assignment code/).fill("NET-9");
    await builder.getByLabel("Hidden until a date").check();
    // A date without which the link cannot be built is refused with a message.
    await builder.getByRole("button", { name: "Build the links" }).click();
    await expect
      .poll(() => builder.locator(".builder-error").textContent())
      .toBe("Choose the date (and optionally the time) from which answers are shown.");
    await builder.locator('input[name="showDate"]').fill("2099-01-01");
    await builder.locator('input[name="showTime"]').fill("08:00");
    await builder.getByRole("button", { name: "Build the links" }).click();
    await expect.poll(() => builder.locator(".builder-error").isHidden()).toBe(true);
    const link = (await builder.locator(".builder-student-link").getAttribute("href")) ?? "";
    expect(new URL(link).searchParams.get("show")).toBe("2099-01-01T00:00Z");
    expect(new URL(link).searchParams.get("code")).toBe("NET-9");

    const students = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    await guardOrigin(students, origin, problems.foreignRequests);
    const alice = await student(students, link, "Alice Martin", [true, false, true, undefined], problems);
    const bob = await student(students, link, "王小明", [true, true, true, true], problems);
    await students.close();

    // One code mistyped: a character changed in the middle.
    const i = 12;
    const typo = alice.slice(0, i) + (alice[i] === "7" ? "8" : "7") + alice.slice(i + 1);
    const pasted = [alice, bob.toLowerCase().replace(/-/g, " "), typo].join("\n");
    await builder.getByLabel("Results codes, one per line").fill(pasted);
    await builder.getByRole("button", { name: "Grade", exact: true }).click();
    await expect
      .poll(() => builder.locator(".builder-grade-status").textContent(), { timeout: 15_000 })
      .toBe("2 codes graded; 1 line could not be read.");
    const rows = builder.locator(".grade-table tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("th").textContent()).toBe("Alice Martin");
    expect(await rows.nth(0).locator(".grade-score").textContent()).toBe("2 / 4");
    expect(
      await rows
        .nth(0)
        .locator(".grade-mark")
        .evaluateAll((tds) => tds.map((td) => td.dataset["mark"])),
    ).toEqual(["correct", "wrong", "correct", "none"]);
    expect(await rows.nth(1).locator("th").textContent()).toBe("王小明");
    expect(await rows.nth(1).locator(".grade-score").textContent()).toBe("4 / 4");
    expect(await builder.locator(".grade-problems li").allTextContents()).toEqual([
      "Line 3: the check does not match: a character was mistyped or is missing.",
    ]);
    expect.soft(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      builder.getByRole("button", { name: "Download the gradebook (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("tcp-lab-gradebook-en.csv");
    const bytes = readFileSync((await download.path()) ?? "");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines).toEqual([
      "Student,Assignment,Score,Out of,Q1,Q2,Q3,Q4,Note",
      "Alice Martin,NET-9,2,4,1,0,1,0,",
      "王小明,NET-9,4,4,1,1,1,1,",
      "",
    ]);
    expect(problems).toEqual(newProblems());
    await instructor.close();
  });

  test("a malformed answer setting in the link says so and keeps answers hidden", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const spec: QuizSpec = { ...settings, seed: 5 };
    await page.goto(`${origin}/quizzes/assignment/?seed=5&n=4&level=medium&topics=handshake,timewait&show=next-week`, {
      waitUntil: "load",
    });
    await page.locator("form.quiz-q").first().waitFor();
    await expect
      .poll(() => page.locator(".quiz-notice").textContent())
      .toBe("The link's answer setting is not “never” or a date like 2026-12-20, so answers stay hidden.");
    expect(await page.locator(".quiz-mode-text").textContent()).toBe(
      "Answers are hidden: your instructor grades them from your results code.",
    );
    expect(await page.getByRole("button", { name: "Show answer" }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("show")).toBe("never");
    // A class-wide link asks for the identifier at the results code, and refuses to make one without it.
    expect(generateQuiz(spec)).toHaveLength(4);
    await page.getByRole("button", { name: "Make my results code" }).click();
    await expect
      .poll(() => page.locator(".quiz-results-status").textContent())
      .toBe("Type your name or student identifier first (at most 128 characters).");
    await page.getByLabel("Your name or student identifier").fill("Carol");
    await page.getByRole("button", { name: "Make my results code" }).click();
    await expect
      .poll(() => page.getByLabel("Your results code").inputValue(), { timeout: 15_000 })
      .toMatch(/^[0-9A-Z]{5}-/);
    await context.close();
  });

  test("answers show after the date", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/quizzes/assignment/?seed=5&n=4&level=medium&topics=handshake&show=2020-01-01`, {
      waitUntil: "load",
    });
    await page.locator("form.quiz-q").first().waitFor();
    await expect.poll(() => page.locator(".quiz-mode-text").textContent()).toMatch(/^Answers are shown since .*2020/);
    expect(await page.getByRole("button", { name: "Show answer" }).count()).toBe(4);
    await context.close();
  });
});
