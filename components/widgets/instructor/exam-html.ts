/**
 * Markup of a printable exam and its answer key, shared by the build-time
 * frame (Exam.astro) and the browser (exam.client.ts).
 */
import { escapeHtml, questionBodyHtml } from "../../../src/quiz/render.ts";
import { answerText, choiceText, type QuizStrings } from "../../../src/quiz/text.ts";
import type { Question } from "../../../src/quiz/types.ts";

export type InstructorStrings = Readonly<Record<string, string>>;

export function examHtml(questions: readonly Question[], s: QuizStrings, t: InstructorStrings): string {
  return questions
    .map((q) => {
      const options =
        q.answer.kind === "choice"
          ? `<ol class="exam-options" type="a">${q.answer.options.map((o) => `<li>${escapeHtml(choiceText(o, s))}</li>`).join("")}</ol>`
          : `<p class="exam-answer-line">${escapeHtml(t["answerLine"] ?? "")} <span aria-hidden="true">________________________</span></p>`;
      return `<li class="exam-question">${questionBodyHtml(q, s)}${options}</li>`;
    })
    .join("");
}

export function keyHtml(questions: readonly Question[], s: QuizStrings): string {
  return questions
    .map((q) => {
      const letter = q.answer.kind === "choice" ? `${String.fromCharCode(97 + q.answer.correct)}) ` : "";
      // An order question may have more than one right order (segments crossing in flight): the key lists each.
      const text = q.answer.kind === "order" ? q.answer.accepted.join(" / ") : answerText(q, s);
      return `<li data-qid="${escapeHtml(q.id)}"><span class="key-answer">${escapeHtml(letter + text)}</span></li>`;
    })
    .join("");
}
