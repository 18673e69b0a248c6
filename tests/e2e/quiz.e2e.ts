/**
 * Taking a quiz as a student would: by keyboard, with feedback, across a
 * reload; and the page's answers checked against the generators run here,
 * in the test process, from the seed the page put in its address.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser.ts";
import { axeViolations, guardOrigin, newProblems, watchPage, type PageProblems } from "./support/audit.ts";
import { generateQuiz } from "../../src/quiz/quiz.ts";
import { answerText, promptText, type QuizStrings } from "../../src/quiz/text.ts";
import { progressKey } from "../../src/quiz/progress.ts";
import { runConversation } from "../../src/quiz/runs.ts";
import { seqAdd } from "../../src/sim/seq.ts";
import type { Question } from "../../src/quiz/types.ts";
import stringsJson from "../../content/_strings/en/quiz.json";

const strings = stringsJson as unknown as QuizStrings;
const origin = inject("origin");
const PATH = "/quizzes/handshake/";

let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => ({ browser, close: closeBrowser } = await launchBrowser()));
afterAll(async () => closeBrowser?.());

async function open(
  query: string,
  javaScriptEnabled = true,
  context?: BrowserContext,
): Promise<{ page: Page; context: BrowserContext; problems: PageProblems }> {
  const ctx = context ?? (await browser.newContext({ javaScriptEnabled }));
  const problems = newProblems();
  if (!context) await guardOrigin(ctx, origin, problems.foreignRequests);
  const page = await ctx.newPage();
  watchPage(page, problems);
  await page.goto(origin + PATH + query, { waitUntil: "load" });
  if (javaScriptEnabled) await page.locator("tcp-quiz .quiz-settings-box:not([hidden])").waitFor();
  return { page, context: ctx, problems };
}

const seedOf = (page: Page) => Number(new URL(page.url()).searchParams.get("seed"));

/** The answer as a student would type it, for questions answered with text. */
function typed(q: Question): string {
  if (q.answer.kind === "order") return q.answer.correct.split("").join(" ");
  return answerText(q, strings);
}

describe("quiz page", () => {
  test("without JavaScript the sample quiz is readable", async () => {
    const { page, context } = await open("", false);
    const sample = generateQuiz({ topics: ["handshake"], count: 8, level: "medium", seed: 1 });
    const prompts = await page.locator(".quiz-prompt").allTextContents();
    expect(prompts).toEqual(sample.map((q) => promptText(q, strings)));
    expect(await page.locator("fieldset legend").first().textContent()).toBe("Question 1 of 8");
    await context.close();
  });

  test("no seed in the link: the quiz is the one the build drew (the sample seed), written to the URL", async () => {
    const { page, context, problems } = await open("");
    const seed = seedOf(page);
    expect(seed).toBe(1);
    const expected = generateQuiz({ topics: ["handshake"], count: 8, level: "medium", seed });
    expect(await page.locator(".quiz-prompt").allTextContents()).toEqual(expected.map((q) => promptText(q, strings)));
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("taken by keyboard: feedback, hint, reveal, score; progress survives a reload", async () => {
    // The first seed from 777 whose question 1 is answered with a number (the
    // steps below type numbers into it); found here, so new kinds cannot break the test.
    let seed = 777;
    while (generateQuiz({ topics: ["handshake"], count: 4, level: "medium", seed })[0]?.answer.kind !== "number")
      seed++;
    const { page, context, problems } = await open(`?seed=${seed}&n=4&level=medium`);
    const quiz = generateQuiz({ topics: ["handshake"], count: 4, level: "medium", seed });
    const first = quiz[0] as Question;
    const q1 = page.locator('form.quiz-q[data-qid="q1"]');

    // Question 1, typed wrong on purpose with separators, then right in hex: all by keyboard.
    await page.locator("#q1-input").focus();
    await page.keyboard.type("12 34");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => q1.locator(".quiz-feedback").textContent())
      .toMatch(/Separators may only split groups of three digits/);
    await page.locator("#q1-input").fill("");
    await page.keyboard.type("not a number");
    await page.keyboard.press("Enter");
    await expect.poll(() => q1.locator(".quiz-feedback").textContent()).toMatch(/0x/);
    const right = first.answer.kind === "number" ? first.answer.value : NaN;
    const wrong = first.distractors[0];
    if (wrong !== undefined) {
      await page.locator("#q1-input").fill(String(wrong.value));
      await page.keyboard.press("Enter");
      await expect
        .poll(() => q1.locator(".quiz-feedback").textContent())
        .toContain(strings.mistakes[wrong.mistake] ?? "");
      // "Try again" is reachable with Tab from the input: Check, then Try again.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset["action"])).toBe("retry");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("q1-input");
    }
    await page.locator("#q1-input").fill(Number.isInteger(right) ? `0x${right.toString(16)}` : String(right));
    await page.keyboard.press("Enter");
    await expect.poll(() => q1.locator(".quiz-feedback").textContent()).toBe(strings.ui["correct"]);
    // The explanation shows the worked answer and this variant's diagram with a text alternative.
    await expect.poll(() => q1.locator(".quiz-explain").isVisible()).toBe(true);
    expect(await q1.locator(".quiz-explain").textContent()).toContain(String(right));
    // The diagram's code loads with the first explanation that has one.
    await expect.poll(() => q1.locator(".quiz-explain svg.seq-wide").count()).toBe(1);
    expect(await q1.locator(".quiz-explain .seq-text li").count()).toBeGreaterThan(5);

    // Question 2: reveal.
    await page.locator('form.quiz-q[data-qid="q2"] button[data-action="reveal"]').press("Enter");
    const second = quiz[1] as Question;
    await expect
      .poll(() => page.locator('form.quiz-q[data-qid="q2"] .quiz-feedback').textContent())
      .toContain(answerText(second, strings));

    // Question 3 answered correctly by typing what the generator here says.
    const third = quiz[2] as Question;
    if (third.answer.kind !== "choice") {
      await page.locator("#q3-input").fill(typed(third));
      await page.locator("#q3-input").press("Enter");
    } else {
      await page.locator(`form.quiz-q[data-qid="q3"] input[value="${third.answer.correct}"]`).check();
      await page.locator(`form.quiz-q[data-qid="q3"] button[data-action="check"]`).press("Enter");
    }
    await expect
      .poll(() => page.locator('form.quiz-q[data-qid="q3"] .quiz-feedback').textContent())
      .toBe(strings.ui["correct"]);
    await expect.poll(() => page.locator(".quiz-score").textContent()).toBe("Score: 2 of 4 correct (3 answered).");
    expect.soft(await axeViolations(page)).toEqual([]);

    // Reload: the same questions, answers and score come back.
    await page.reload({ waitUntil: "load" });
    await page.locator("tcp-quiz .quiz-settings-box:not([hidden])").waitFor();
    await expect.poll(() => page.locator(".quiz-score").textContent()).toBe("Score: 2 of 4 correct (3 answered).");
    expect(await q1.locator(".quiz-feedback").textContent()).toBe(strings.ui["correct"]);
    expect(await page.locator("#q1-input").inputValue()).toBe(
      Number.isInteger(right) ? `0x${right.toString(16)}` : String(right),
    );
    expect(await page.locator('form.quiz-q[data-qid="q2"] .quiz-feedback').textContent()).toContain(
      answerText(second, strings),
    );

    // Reset clears it.
    const resetLabel = strings.ui["reset"];
    expect(resetLabel, "the reset button's label string").toBeTypeOf("string");
    await page.getByRole("button", { name: resetLabel as string }).click();
    await expect.poll(() => page.locator(".quiz-score").textContent()).toBe("Score: 0 of 4 correct (0 answered).");
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("the page's numbers agree with the core: the SYN-ACK's ack is the client ISN + 1", async () => {
    // Find a seed whose first question is synack-ack, so the check is about the page, not the generator.
    let seed = 1;
    while (generateQuiz({ topics: ["handshake"], count: 1, level: "hard", seed })[0]?.kind !== "synack-ack") seed++;
    const { page, context } = await open(`?seed=${seed}&n=1&level=hard`);
    const prompt = (await page.locator(".quiz-prompt").first().textContent()) ?? "";
    const isn = Number(/ISN\) (\d+)/.exec(prompt)?.[1]);
    const trace = runConversation({
      seed: 1,
      clientIsn: isn,
      serverIsn: 5,
      clientBytes: 0,
      serverBytes: 0,
      closer: "client",
    });
    const synAck = trace.find((e) => e.kind === "send" && e.host === "server" && e.seg.ctl.syn);
    const ack = synAck?.kind === "send" ? synAck.seg.ack : undefined;
    expect(ack).toBe(seqAdd(isn, 1));
    await page.locator("#q1-input").fill(String(ack));
    await page.locator("#q1-input").press("Enter");
    await expect.poll(() => page.locator(".quiz-feedback").first().textContent()).toBe(strings.ui["correct"]);
    await context.close();
  });

  test("an order question takes every order the numbers allow, typed in any spacing and case", async () => {
    // The first hard handshake quiz whose order question has two right orders (the server's ACK of the
    // client's data and the client's FIN cross in flight): answer with the one the simulation did NOT use.
    let found: { seed: number; q: Question; other: string } | undefined;
    for (let seed = 1; seed < 400 && found === undefined; seed++) {
      const q = generateQuiz({ topics: ["handshake"], count: 8, level: "hard", seed }).find(
        (x) => x.answer.kind === "order",
      );
      if (q?.answer.kind === "order" && q.answer.accepted.length > 1)
        found = {
          seed,
          q,
          other: q.answer.accepted.find((o) => o !== (q.answer as { correct: string }).correct) ?? "",
        };
    }
    if (found === undefined) throw new Error("no hard quiz with a two-order question");
    const { q, other } = found;
    const { page, context, problems } = await open(`?seed=${found.seed}&n=8&level=hard`);
    const form = page.locator(`form.quiz-q[data-qid="${q.id}"]`);
    await page.locator(`#${q.id}-input`).fill([...other.toLowerCase()].join(" "));
    await form.locator('button[data-action="check"]').click();
    await expect.poll(() => form.locator(".quiz-feedback").textContent()).toBe(strings.ui["correct"]);
    // The explanation names the other right order too.
    expect(await form.locator(".quiz-explain").textContent()).toContain(other);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  test("a malformed link is explained and falls back to defaults", async () => {
    const { page, context, problems } = await open("?seed=abc&n=-3&level=expert");
    const notice = page.locator(".quiz-notice");
    expect(await notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain(strings.paramProblems.seed);
    expect(text).toContain(strings.paramProblems.n);
    expect(text).toContain(strings.paramProblems.level);
    expect(await page.locator("form.quiz-q").count()).toBe(8);
    const url = new URL(page.url());
    expect(url.searchParams.get("n")).toBe("8");
    expect(Number.isInteger(Number(url.searchParams.get("seed")))).toBe(true);
    expect(problems).toEqual(newProblems());
    await context.close();
  });

  test("a corrupt saved entry is ignored with a notice, and the quiz still works", async () => {
    const context = await browser.newContext();
    const spec = { topics: ["handshake" as const], count: 3, level: "medium" as const, seed: 4242 };
    await context.addInitScript(
      ([key]) => {
        if (!sessionStorage.getItem("seeded")) {
          localStorage.setItem(key as string, '{"version":2,"answers":{"q1":{"input":42}}');
          sessionStorage.setItem("seeded", "1");
        }
      },
      [progressKey("handshake", spec)],
    );
    const { page, problems } = await open("?seed=4242&n=3&level=medium", true, context);
    await guardOrigin(context, origin, problems.foreignRequests);
    expect(await page.locator(".quiz-notice").textContent()).toContain(strings.progressProblems.corrupt);
    const quiz = generateQuiz(spec);
    const q = quiz[0] as Question;
    if (q.answer.kind === "choice")
      await page.locator(`form.quiz-q[data-qid="q1"] input[value="${q.answer.correct}"]`).check();
    else await page.locator("#q1-input").fill(typed(q));
    await page.locator('form.quiz-q[data-qid="q1"] button[data-action="check"]').click();
    await expect
      .poll(() => page.locator('form.quiz-q[data-qid="q1"] .quiz-feedback').textContent())
      .toBe(strings.ui["correct"]);
    const saved = await page.evaluate((key) => localStorage.getItem(key), progressKey("handshake", spec));
    expect(JSON.parse(saved ?? "{}").answers.q1.status).toBe("correct");
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});
