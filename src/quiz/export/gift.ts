/**
 * GIFT (docs.moodle.org "GIFT format"): one question per paragraph,
 * `::title::[html]text{answers}`. The characters ~ = # { } : and \ are
 * escaped with a backslash; newlines become <br> so a question never
 * contains the blank line that ends it.
 */
import type { Question } from "../types.ts";
import { choiceText, explanationText, mistakeText, orderSpellings, type QuizStrings } from "../text.ts";
import { questionBodyHtml } from "../render.ts";

export function giftEscape(text: string): string {
  return text.replace(/([~=#{}:\\])/g, "\\$1").replace(/\r?\n/g, "<br>");
}

function answers(q: Question, s: QuizStrings): string {
  const feedback = `####${giftEscape(explanationText(q, s))}`;
  const a = q.answer;
  switch (a.kind) {
    case "number": {
      const wrong = q.distractors.map((d) => ` =%0%${d.value}:0#${giftEscape(mistakeText(d.mistake, s))}`).join("");
      return `{#=${a.value}:${a.tolerance}#${giftEscape(s.ui["correct"] ?? "")}${wrong}${feedback}}`;
    }
    case "choice":
      return `{${a.options
        .map((o, i) => {
          const literal = "literal" in o ? o.literal : undefined;
          const hint = q.distractors.find((d) => String(d.value) === literal)?.mistake;
          const note = i === a.correct ? (s.ui["correct"] ?? "") : mistakeText(hint, s) || (s.ui["wrong"] ?? "");
          return ` ${i === a.correct ? "=" : "~"}${giftEscape(choiceText(o, s))}#${giftEscape(note)}`;
        })
        .join("")}${feedback}}`;
    case "order":
      return `{${orderSpellings(a.accepted)
        .map((o) => ` =${giftEscape(o)}#${giftEscape(s.ui["correct"] ?? "")}`)
        .join("")}${feedback}}`;
  }
}

export function toGift(questions: readonly Question[], s: QuizStrings, category: string): string {
  const out = [`// tcp-lab quiz: ${category}`, `$CATEGORY: $course$/${category}`, ""];
  for (const q of questions) {
    out.push(`::${giftEscape(`${q.id} ${q.kind}`)}::[html]${giftEscape(questionBodyHtml(q, s))}${answers(q, s)}`, "");
  }
  return out.join("\n");
}
