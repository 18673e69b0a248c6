/**
 * Question prose from the page's strings. A template is filled with the
 * question's variables; a variable whose value names an entry of `terms`
 * ("side.client", "fix.reuse1") is replaced by that entry, so generators never
 * carry words, only data.
 */
import type { DiagramStrings } from "../diagram/sequence.ts";
import type { ParseError } from "./answer.ts";
import type { ParamProblem } from "./params.ts";
import type { ImportProblem, ProgressProblem } from "./progress.ts";
import type { Choice, Question } from "./types.ts";
import { fill } from "../text/fill.ts";

export interface KindStrings {
  readonly prompt: string;
  readonly explain: string;
}

export interface QuizStrings {
  /** BCP 47 tag of the strings ("en", "zh-CN"): exports declare it and name their files after it. */
  readonly lang: string;
  readonly kinds: Readonly<Record<string, KindStrings>>;
  readonly terms: Readonly<Record<string, string>>;
  readonly mistakes: Readonly<Record<string, string>>;
  /** Appended to an explanation when the plain sum differs from the wrapped answer. */
  readonly wrapNote: string;
  /** Appended to an order question's explanation when more than one order is right ({orders}). */
  readonly orderAlso: string;
  readonly parseErrors: Readonly<Record<ParseError, string>>;
  readonly paramProblems: Readonly<Record<ParamProblem, string>>;
  /** Whole-file problems, plus `entriesDropped` ({count} answers that could not be read). */
  readonly progressProblems: Readonly<Record<ProgressProblem | "entriesDropped", string>>;
  readonly importProblems: Readonly<Record<ImportProblem, string>>;
  readonly table: {
    readonly caption: string;
    readonly row: string;
    readonly letter: string;
    readonly from: string;
    readonly segment: string;
    readonly seq: string;
    readonly ack: string;
    readonly len: string;
    readonly blank: string;
    readonly arrow: string;
  };
  readonly ui: Readonly<Record<string, string>>;
  readonly diagram: DiagramStrings;
  readonly topics: Readonly<Record<string, string>>;
  readonly levels: Readonly<Record<string, string>>;
  /** Column titles of the CSV answer key, by column id (student, seed, question...). */
  readonly csvHeader: Readonly<Record<string, string>>;
}

export { fill } from "../text/fill.ts";

function kindStrings(s: QuizStrings, kind: string): KindStrings {
  const k = s.kinds[kind];
  if (k === undefined) throw new Error(`quiz strings: no texts for question kind "${kind}"`);
  return k;
}

export function promptText(q: Question, s: QuizStrings): string {
  return fill(kindStrings(s, q.kind).prompt, q.vars, s.terms);
}

/** The answer as a student would write it: a number, an option's text, or the letters of an order. */
export function answerText(q: Question, s: QuizStrings): string {
  const a = q.answer;
  switch (a.kind) {
    case "number":
      return String(a.value);
    case "choice": {
      const c = a.options[a.correct];
      return c === undefined ? "" : choiceText(c, s);
    }
    case "order":
      return a.correct;
  }
}

/**
 * Every spelling of every accepted order an LMS should take as right (its
 * matching is exact apart from case): "ABCD", "A B C D", "A,B,C,D", "A, B, C, D".
 */
export function orderSpellings(accepted: readonly string[]): string[] {
  return accepted.flatMap((o) => {
    const l = [...o];
    return [o, l.join(" "), l.join(","), l.join(", ")];
  });
}

export function explanationText(q: Question, s: QuizStrings): string {
  const vars = { ...q.vars, ...q.explainVars, answer: answerText(q, s) };
  let text = fill(kindStrings(s, q.kind).explain, vars, s.terms);
  const sum = q.explainVars["sum"];
  const shown = Number(answerText(q, s));
  if (typeof sum === "number" && Number.isFinite(shown) && sum !== shown) text += " " + fill(s.wrapNote, vars, s.terms);
  const a = q.answer;
  if (a.kind === "order" && a.accepted.length > 1) {
    const orders = a.accepted.filter((o) => o !== a.correct).join(", ");
    text += " " + fill(s.orderAlso, { orders }, {});
  }
  return text;
}

export function choiceText(c: Choice, s: QuizStrings): string {
  if ("literal" in c) return c.literal;
  return fill(s.terms[c.key] ?? c.key, c.vars ?? {}, s.terms);
}

export function mistakeText(mistake: string | undefined, s: QuizStrings): string {
  return mistake === undefined ? "" : (s.mistakes[mistake] ?? "");
}
