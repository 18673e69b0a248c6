/**
 * What <tcp-quiz> does only on request, loaded on first use so the quiz
 * pages do not ship it up front: save the answers to a file, load them from
 * one, and make and copy the assignment's results code.
 */
import type { WritableAtom } from "nanostores";
import type { QuizQuery } from "../../../src/quiz/params.ts";
import { progressKey, type Progress } from "../../../src/quiz/progress.ts";
import { exportProgress, importProgress } from "../../../src/quiz/progress-file.ts";
import { encodeResults, recordAnswer } from "../../../src/quiz/results-code.ts";
import { fill, type QuizStrings } from "../../../src/quiz/text.ts";
import type { Question, QuizSpec } from "../../../src/quiz/types.ts";

/** The quiz as these functions see it (the widget builds it for each call). */
export interface QuizHost {
  readonly el: HTMLElement;
  readonly strings: QuizStrings;
  readonly quizId: string;
  readonly spec: QuizSpec;
  readonly query: QuizQuery;
  readonly questions: readonly Question[];
  readonly progress: WritableAtom<Progress>;
  /** Answers are hidden on the page now. */
  readonly hide: boolean;
  readonly storageFull: boolean;
  render(): void;
  notice(lines: readonly string[]): void;
}

const ui = (h: QuizHost, key: string): string => h.strings.ui[key] ?? "";

/** Download this quiz's answers as a JSON file. */
export function exportFile(h: QuizHost): void {
  if (h.questions.length === 0) return;
  const key = progressKey(h.quizId, h.spec);
  const blob = new Blob([exportProgress(h.progress.get(), key)], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `tcp-lab-${h.quizId}-${h.spec.seed}.json`;
  a.hidden = true;
  h.el.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Replace this quiz's answers with a file's, or change nothing and say why. */
export async function importFile(h: QuizHost, file: File): Promise<void> {
  if (h.questions.length === 0) return;
  let text: string;
  try {
    text = await file.text();
  } catch {
    h.notice([h.strings.importProblems.notJson]);
    return;
  }
  const r = importProgress(
    text,
    progressKey(h.quizId, h.spec),
    h.questions.map((q) => q.id),
  );
  if ("problem" in r) {
    h.notice([h.strings.importProblems[r.problem]]);
    return;
  }
  h.progress.set(r.progress);
  h.render();
  h.notice([fill(ui(h, "importDone"), { file: file.name }), ...(h.storageFull ? [ui(h, "storageFull")] : [])]);
}

/**
 * Make (or, when `focus` is false, refresh) the results code: the
 * assignment, the identifier and the saved answers, for the student to paste
 * into the LMS.
 */
export function showResults(h: QuizHost, focus: boolean): void {
  const status = h.el.querySelector<HTMLElement>(".quiz-results-status");
  const input = h.el.querySelector<HTMLInputElement>('input[name="results-student"]');
  const student = (h.query.student ?? input?.value ?? "").trim().replace(/\s+/g, " ");
  if (student === "" || student.length > 128) {
    if (status) status.textContent = ui(h, "resultsNeedId");
    input?.focus();
    return;
  }
  const p = h.progress.get();
  const code = encodeResults({
    topics: h.spec.topics,
    count: h.spec.count,
    level: h.spec.level,
    ...(h.query.code !== undefined && h.query.student !== undefined ? { code: h.query.code } : { seed: h.spec.seed }),
    student,
    answersVisible: !h.hide,
    answers: h.questions.map((q) => recordAnswer(q, p.answers[q.id])),
  });
  const box = h.el.querySelector<HTMLTextAreaElement>(".quiz-results-code");
  const out = h.el.querySelector<HTMLElement>(".quiz-results-out");
  if (!box || !out) return;
  box.value = code;
  out.hidden = false;
  if (focus) {
    if (status) status.textContent = ui(h, "resultsReady");
    box.focus();
    box.select();
  }
}

/** Copy the code; where the browser refuses, select it and say how to copy it by hand. */
export async function copyResults(h: QuizHost): Promise<void> {
  const box = h.el.querySelector<HTMLTextAreaElement>(".quiz-results-code");
  const status = h.el.querySelector<HTMLElement>(".quiz-results-status");
  if (!box || !status) return;
  try {
    await navigator.clipboard.writeText(box.value);
    status.textContent = ui(h, "resultsCopied");
  } catch {
    box.focus();
    box.select();
    status.textContent = ui(h, "resultsCopyManual");
  }
}
