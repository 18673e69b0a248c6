/**
 * The instructor page: build an assignment, read one student's answer key,
 * open the per-student link as that student and check the variant matches
 * the key; download an export; and the printable exam.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { XMLParser } from "fast-xml-parser";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, newProblems, watchPage } from "./support/audit.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { studentSeed } from "../../src/quiz/seeded.ts";
import { answerText, promptText, type QuizStrings } from "../../src/quiz/text.ts";
import stringsJson from "../../content/_strings/en/quiz.json";

const strings = stringsJson as unknown as QuizStrings;
const origin = inject("origin");

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

describe("instructor page", () => {
  test("builds a per-student link whose variant matches that student's answer key", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const problems = newProblems();
    await guardOrigin(context, origin, problems.foreignRequests);
    const page = await context.newPage();
    watchPage(page, problems);
    await page.goto(origin + "/instructors/", { waitUntil: "load" });
    const builder = page.locator("tcp-assignment-builder");
    await builder.locator(".builder-links:not([hidden])").waitFor();

    for (const topic of ["TCP states", "TIME_WAIT and ports", "sysctl myths"])
      await builder.getByLabel(topic).uncheck();
    await builder.getByLabel("Questions").fill("4");
    await builder.getByLabel("Level").selectOption("hard");
    await builder.getByLabel(/Assignment code/).fill("NET-7");
    await builder.getByRole("button", { name: "Build the links" }).click();

    const spec = { topics: ["handshake" as const], count: 4, level: "hard" as const, seed: 1 };
    const classLink = (await builder.locator(".builder-class-link").getAttribute("href")) ?? "";
    expect(new URL(classLink).pathname).toBe("/quizzes/assignment/");
    expect(Object.fromEntries(new URL(classLink).searchParams)).toEqual({
      seed: "1",
      n: "4",
      level: "hard",
      topics: "handshake",
    });
    const studentLink = (await builder.locator(".builder-student-link").getAttribute("href")) ?? "";
    expect(new URL(studentLink).searchParams.get("code")).toBe("NET-7");
    expect(new URL(studentLink).searchParams.get("seed")).toBeNull();

    // The key for student "Alice Martin".
    await builder.getByLabel(/^Student identifier \(/).fill("Alice Martin");
    await builder.getByRole("button", { name: "Show the key" }).click();
    const seed = studentSeed("NET-7", "Alice Martin");
    await expect.poll(() => builder.locator(".builder-key-caption").textContent()).toContain(String(seed));
    const key = await builder.locator(".builder-key .key-answer").allTextContents();
    const expected = generateQuiz({ ...spec, seed });
    // Order questions list every accepted order (segments crossing in flight may come either way).
    expect(key).toEqual(
      expected.map((q) => (q.answer.kind === "order" ? q.answer.accepted.join(" / ") : answerText(q, strings))),
    );

    // An export, downloaded from a same-origin Blob URL, parsed here.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      builder.getByRole("button", { name: "Moodle XML" }).click(),
    ]);
    const xml = readFileSync((await download.path()) ?? "", "utf8");
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "question" }).parse(xml) as {
      quiz: { question: unknown[] };
    };
    expect(parsed.quiz.question).toHaveLength(1 + 4);
    // The QTI 2.1 package: a zip (stored entries) with the manifest and one item file per question.
    const [zipDownload] = await Promise.all([
      page.waitForEvent("download"),
      builder.getByRole("button", { name: "QTI 2.1 package (zip)" }).click(),
    ]);
    expect(zipDownload.suggestedFilename()).toMatch(/\.qti21\.zip$/);
    const zip = readFileSync((await zipDownload.path()) ?? "");
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const names = zip.toString("latin1");
    expect(names).toContain("imsmanifest.xml");
    for (let i = 1; i <= 4; i++) expect(names).toContain(`items/q${i}.xml`);
    expect.soft(await axeViolations(page)).toEqual([]);

    // The student opens the link and types their identifier (differently spaced and cased).
    const student = await context.newPage();
    watchPage(student, problems);
    await student.goto(studentLink, { waitUntil: "load" });
    await student.locator(".quiz-student:not([hidden])").waitFor();
    expect(await student.locator("form.quiz-q").count()).toBe(0);
    await student.getByLabel(/Your student identifier/).fill("  alice   MARTIN ");
    await student.getByLabel(/Your student identifier/).press("Enter");
    await student.locator("form.quiz-q").first().waitFor();
    expect(await student.locator(".quiz-prompt").allTextContents()).toEqual(
      expected.map((q) => promptText(q, strings)),
    );
    // The key's first answer is accepted on the student's page.
    const first = expected[0];
    if (first?.answer.kind === "number") await student.locator("#q1-input").fill(key[0] ?? "");
    else if (first?.answer.kind === "order") await student.locator("#q1-input").fill(key[0] ?? "");
    else if (first?.answer.kind === "choice")
      await student.locator(`input[name="q1"][value="${first.answer.correct}"]`).check();
    await student.locator('form.quiz-q[data-qid="q1"] button[data-action="check"]').click();
    await expect.poll(() => student.locator(".quiz-feedback").first().textContent()).toBe(strings.ui["correct"]);
    // Stable across reloads: the identifier is in the link now.
    await student.reload({ waitUntil: "load" });
    await student.locator("form.quiz-q").first().waitFor();
    expect(await student.locator(".quiz-prompt").allTextContents()).toEqual(
      expected.map((q) => promptText(q, strings)),
    );
    await expect.poll(() => student.locator(".quiz-feedback").first().textContent()).toBe(strings.ui["correct"]);

    // The printable exam for this variant shows the same questions and key.
    const printHref = (await builder.locator(".builder-print-link").getAttribute("href")) ?? "";
    const exam = await context.newPage();
    watchPage(exam, problems);
    await exam.goto(printHref, { waitUntil: "load" });
    await exam.locator(".exam-controls:not([hidden])").waitFor();
    expect(await exam.locator(".exam-questions .quiz-prompt").allTextContents()).toEqual(
      expected.map((q) => promptText(q, strings)),
    );
    expect(
      (await exam.locator(".exam-key .key-answer").allTextContents()).map((t) => t.replace(/^[a-z]\) /, "")),
    ).toEqual(key.map((t) => t.replace(/^[a-z]\) /, "")));
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("bad settings get a clear message", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin + "/instructors/", { waitUntil: "load" });
    const builder = page.locator("tcp-assignment-builder");
    await builder.locator(".builder-links:not([hidden])").waitFor();
    await builder.getByLabel(/Seed/).fill("abc");
    await builder.getByRole("button", { name: "Build the links" }).click();
    await expect
      .poll(() => builder.locator(".builder-error").textContent())
      .toBe("The seed must be a whole number from 0 to 4294967295.");
    await context.close();
  });

  test("without JavaScript the exam page shows a sample exam and key", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(origin + "/instructors/exam/", { waitUntil: "load" });
    const sample = generateQuiz({
      topics: ["handshake", "states", "timewait", "sysctl"],
      count: 10,
      level: "medium",
      seed: 1,
    });
    expect(await page.locator(".exam-questions .quiz-prompt").allTextContents()).toEqual(
      sample.map((q) => promptText(q, strings)),
    );
    expect(await page.locator(".exam-key .key-answer").count()).toBe(10);
    await context.close();
  });
});
