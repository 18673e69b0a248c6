/**
 * The HTML of a quiz: one form per question (a fieldset with a legend, the
 * prompt, the input, Check / Try again / Show answer, and polite live regions
 * for feedback). Built as a string so the build renders the first frame and
 * the browser rebuilds the same markup after choosing the seed.
 */
import type { Question } from "./types.ts";
import { escapeHtml, questionBodyHtml } from "./render.ts";
import { choiceText, fill, type QuizStrings } from "./text.ts";

function attr(text: string): string {
  return escapeHtml(text);
}

function inputHtml(q: Question, s: QuizStrings): string {
  const id = `${q.id}-input`;
  const describedBy = `${q.id}-feedback`;
  if (q.answer.kind === "choice") {
    return (
      `<div class="quiz-options">` +
      q.answer.options
        .map(
          (o, i) =>
            `<label class="quiz-option"><input type="radio" name="${q.id}" value="${i}" aria-describedby="${describedBy}"> ` +
            `<span>${escapeHtml(choiceText(o, s))}</span></label>`,
        )
        .join("") +
      `</div>`
    );
  }
  const label = q.answer.kind === "order" ? (s.ui["orderLabel"] ?? "") : (s.ui["answerLabel"] ?? "");
  return (
    `<p class="quiz-answer"><label for="${id}">${escapeHtml(label)}</label> ` +
    `<input id="${id}" name="${q.id}" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" ` +
    `inputmode="text" aria-describedby="${describedBy}"></p>`
  );
}

export function questionHtml(q: Question, index: number, total: number, s: QuizStrings): string {
  const legend = fill(s.ui["question"] ?? "", { n: index + 1, total });
  return (
    `<li class="quiz-item"><form class="quiz-q" data-qid="${attr(q.id)}" novalidate>` +
    `<fieldset><legend>${escapeHtml(legend)}</legend>` +
    questionBodyHtml(q, s) +
    inputHtml(q, s) +
    `<p class="quiz-buttons">` +
    `<button type="submit" data-action="check">${escapeHtml(s.ui["check"] ?? "")}</button> ` +
    `<button type="button" data-action="retry" hidden>${escapeHtml(s.ui["retry"] ?? "")}</button> ` +
    `<button type="button" data-action="reveal">${escapeHtml(s.ui["reveal"] ?? "")}</button></p>` +
    `<div class="quiz-feedback" id="${attr(q.id)}-feedback" role="status" aria-live="polite"></div>` +
    `<div class="quiz-explain" hidden></div>` +
    `</fieldset></form></li>`
  );
}

export function questionsHtml(questions: readonly Question[], s: QuizStrings): string {
  return questions.map((q, i) => questionHtml(q, i, questions.length, s)).join("");
}
