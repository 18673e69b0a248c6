/**
 * Moodle XML (docs.moodle.org "Moodle XML format"): one <question> per
 * item under <quiz>. Numbers become `numerical` questions with a tolerance and
 * a zero-credit answer per typical mistake carrying its hint as feedback;
 * choices become `multichoice`; orders become `shortanswer` with one
 * full-credit answer per accepted order and spelling (Moodle compares the
 * text exactly apart from case, so "ABC" and "A B C" are separate answers),
 * then a `*` catch-all carrying the "not quite" feedback.
 */
import type { Question } from "../types.ts";
import { choiceText, explanationText, mistakeText, orderSpellings, type QuizStrings } from "../text.ts";
import { questionBodyHtml } from "../render.ts";
import { xmlEscape } from "./xml.ts";

function text(t: string): string {
  return `<text>${xmlEscape(t)}</text>`;
}

function question(q: Question, s: QuizStrings, label: string): string {
  const head =
    `    <name>${text(`${label} ${q.id} ${q.kind}`)}</name>\n` +
    `    <questiontext format="html">${text(questionBodyHtml(q, s))}</questiontext>\n` +
    `    <generalfeedback format="html">${text(explanationText(q, s))}</generalfeedback>\n` +
    `    <defaultgrade>1</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n`;
  const a = q.answer;
  switch (a.kind) {
    case "number": {
      const wrong = q.distractors
        .map(
          (d) =>
            `    <answer fraction="0" format="moodle_auto_format">${text(String(d.value))}<tolerance>0</tolerance>` +
            `<feedback format="html">${text(mistakeText(d.mistake, s))}</feedback></answer>\n`,
        )
        .join("");
      return (
        `  <question type="numerical">\n${head}` +
        `    <answer fraction="100" format="moodle_auto_format">${text(String(a.value))}<tolerance>${a.tolerance}</tolerance>` +
        `<feedback format="html">${text(s.ui["correct"] ?? "")}</feedback></answer>\n${wrong}` +
        // Any other number: Moodle's "*" answer, with the plain "not quite" feedback.
        `    <answer fraction="0" format="moodle_auto_format">${text("*")}<tolerance>0</tolerance>` +
        `<feedback format="html">${text(s.ui["wrong"] ?? "")}</feedback></answer>\n  </question>\n`
      );
    }
    case "choice": {
      const options = a.options
        .map((o, i) => {
          const literal = "literal" in o ? o.literal : undefined;
          const hint = literal === undefined ? undefined : q.distractors.find((d) => String(d.value) === literal);
          return (
            `    <answer fraction="${i === a.correct ? 100 : 0}" format="html">${text(choiceText(o, s))}` +
            `<feedback format="html">${text(i === a.correct ? (s.ui["correct"] ?? "") : mistakeText(hint?.mistake, s))}</feedback></answer>\n`
          );
        })
        .join("");
      return (
        `  <question type="multichoice">\n${head}    <single>true</single>\n    <shuffleanswers>0</shuffleanswers>\n` +
        `    <answernumbering>abc</answernumbering>\n` +
        `    <correctfeedback format="html">${text(s.ui["correct"] ?? "")}</correctfeedback>\n` +
        `    <partiallycorrectfeedback format="html">${text("")}</partiallycorrectfeedback>\n` +
        `    <incorrectfeedback format="html">${text(s.ui["wrong"] ?? "")}</incorrectfeedback>\n${options}  </question>\n`
      );
    }
    case "order": {
      const right = orderSpellings(a.accepted)
        .map(
          (o) =>
            `    <answer fraction="100" format="moodle_auto_format">${text(o)}<feedback format="html">${text(s.ui["correct"] ?? "")}</feedback></answer>\n`,
        )
        .join("");
      return (
        `  <question type="shortanswer">\n${head}    <usecase>0</usecase>\n${right}` +
        `    <answer fraction="0" format="moodle_auto_format">${text("*")}<feedback format="html">${text(s.ui["wrong"] ?? "")}</feedback></answer>\n  </question>\n`
      );
    }
  }
}

/** A Moodle XML question bank; `category` names the category the import creates. */
export function toMoodleXml(questions: readonly Question[], s: QuizStrings, category: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n` +
    `  <question type="category">\n    <category>${text(`$course$/${category}`)}</category>\n  </question>\n` +
    questions.map((q) => question(q, s, category)).join("") +
    `</quiz>\n`
  );
}
