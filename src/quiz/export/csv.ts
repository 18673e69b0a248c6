/**
 * The answer key as CSV (RFC 4180: comma-separated, CRLF line ends, fields
 * quoted when they hold a comma, quote or line break; quotes doubled).
 * One row per student and question, so a grader can sort and filter.
 * The file written (exportQuiz) starts with a UTF-8 byte order mark, which is
 * how Excel knows the file is UTF-8 (prompts hold – “ ” × and Chinese text).
 */
import type { Question } from "../types.ts";
import { answerText, choiceText, promptText, type QuizStrings } from "../text.ts";
import { tableText } from "../render.ts";

export interface KeyVariant {
  /** Student identifier, or "" for a whole-class seed. */
  readonly student: string;
  readonly seed: number;
  readonly questions: readonly Question[];
}

export function csvField(value: string | number): string {
  const t = String(value);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Column ids; the header row shows their titles from the strings' `csvHeader`. */
export const CSV_HEADER = [
  "student",
  "seed",
  "question",
  "topic",
  "kind",
  "answer",
  "tolerance",
  "prompt",
  "table",
  "options",
] as const;

/**
 * The key's answer: a choice as its letter and text ("b) FIN_WAIT2"), an
 * order as every accepted order ("ABDC | ABCD"), a number as itself.
 */
export function keyAnswer(q: Question, s: QuizStrings): string {
  const a = q.answer;
  if (a.kind === "choice") return `${String.fromCharCode(97 + a.correct)}) ${answerText(q, s)}`;
  if (a.kind === "order") return a.accepted.join(" | ");
  return answerText(q, s);
}

/** The options of a choice question, one per line: "a) …". */
function optionLines(q: Question, s: QuizStrings): string {
  if (q.answer.kind !== "choice") return "";
  return q.answer.options.map((o, i) => `${String.fromCharCode(97 + i)}) ${choiceText(o, s)}`).join("\n");
}

export function toCsvKey(variants: readonly KeyVariant[], s: QuizStrings): string {
  const rows: (string | number)[][] = [CSV_HEADER.map((id) => s.csvHeader[id] ?? id)];
  for (const v of variants) {
    for (const q of v.questions) {
      const tolerance = q.answer.kind === "number" ? q.answer.tolerance : 0;
      rows.push([
        v.student,
        v.seed,
        q.id,
        q.topic,
        q.kind,
        keyAnswer(q, s),
        tolerance,
        promptText(q, s),
        tableText(q, s),
        optionLines(q, s),
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
