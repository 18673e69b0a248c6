/**
 * Grading a class's results codes without a server: each code is decoded,
 * its questions are generated again from the settings it carries (the same
 * generator the student's page used), and its answers are graded with the
 * site's own checkAnswer. A line that is not a good code is reported on its
 * own with its line number; every other line is still graded. The gradebook
 * is a CSV (UTF-8 with a byte order mark) with one row per student.
 */
import { checkAnswer } from "./answer.ts";
import { csvField } from "./export/csv.ts";
import { generateQuiz } from "./quiz.ts";
import { answerInput, decodeResults, type Results, type ResultsProblem } from "./results-code.ts";
import { normaliseStudentId, studentSeed } from "./seeded.ts";
import type { QuizSpec } from "./types.ts";

/** One question's mark: right, wrong, not answered, or answer shown before answering (no credit). */
export type Mark = "correct" | "wrong" | "none" | "revealed";

export interface GradedRow {
  /** 1-based line of the pasted text. */
  readonly line: number;
  readonly results: Results;
  readonly marks: readonly Mark[];
  readonly score: number;
  readonly total: number;
}

export type LineProblem =
  | { readonly line: number; readonly problem: ResultsProblem; readonly character?: string }
  /** A later line has a code for the same student and assignment: that one is kept. */
  | { readonly line: number; readonly problem: "replaced"; readonly by: number };

/** The quiz a results code was made for. */
export function resultsSpec(r: Results): QuizSpec {
  const seed = r.code !== undefined ? studentSeed(r.code, r.student) : (r.seed ?? 0);
  return { topics: r.topics, count: r.count, level: r.level, seed: seed >>> 0 };
}

/** How the gradebook names a code's assignment: its code, or "seed N" for a class-wide link. */
export function assignmentName(r: Results): string {
  return r.code ?? `seed ${r.seed ?? 0}`;
}

export function gradeResults(r: Results): { readonly marks: Mark[]; readonly score: number; readonly total: number } {
  const questions = generateQuiz(resultsSpec(r));
  const marks = questions.map((q, i): Mark => {
    const a = r.answers[i] ?? { kind: "none" };
    if (a.kind === "revealed") return "revealed";
    const input = answerInput(a);
    if (input === undefined) return "none";
    return checkAnswer(q, input).status === "correct" ? "correct" : "wrong";
  });
  return { marks, score: marks.filter((m) => m === "correct").length, total: questions.length };
}

/**
 * Grade every non-empty line of `text` (one code a line). Two codes for the
 * same student and assignment: the later line is kept and the earlier one is
 * reported as replaced.
 */
export function gradeCodes(text: string): { readonly rows: GradedRow[]; readonly problems: LineProblem[] } {
  const rows: GradedRow[] = [];
  const problems: LineProblem[] = [];
  const byKey = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const d = decodeResults(raw);
    if (!d.ok) {
      problems.push(
        d.character !== undefined ? { line, problem: d.problem, character: d.character } : { line, problem: d.problem },
      );
      return;
    }
    const key = JSON.stringify([assignmentName(d.results), normaliseStudentId(d.results.student)]);
    const earlier = byKey.get(key);
    if (earlier !== undefined) {
      const at = rows.findIndex((r) => r.line === earlier);
      rows.splice(at, 1);
      problems.push({ line: earlier, problem: "replaced", by: line });
    }
    byKey.set(key, line);
    rows.push({ line, results: d.results, ...gradeResults(d.results) });
  });
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}

/** UTF-8 byte order mark (as in export/formats.ts, not imported from there to keep the grader small). */
const UTF8_BOM = "\ufeff";

/** Column titles of the gradebook (the page's language). */
export interface GradebookLabels {
  readonly student: string;
  readonly assignment: string;
  readonly score: string;
  readonly total: string;
  /** Title of question n's column, with `{n}`. */
  readonly question: string;
  readonly note: string;
  /** Note for a code made while the page was showing answers. */
  readonly answersVisible: string;
}

/** A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with '. */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The gradebook: a header row, then one row per student (identifier,
 * assignment, score, total, 1 or 0 per question, a note). RFC 4180 with CRLF,
 * UTF-8 byte order mark first so spreadsheet programs read Chinese names.
 */
export function gradebookCsv(rows: readonly GradedRow[], labels: GradebookLabels): string {
  const width = Math.max(0, ...rows.map((r) => r.marks.length));
  const q = Array.from({ length: width }, (_, i) => labels.question.replace("{n}", String(i + 1)));
  const lines: (string | number)[][] = [
    [labels.student, labels.assignment, labels.score, labels.total, ...q, labels.note],
  ];
  for (const r of rows) {
    const marks = Array.from({ length: width }, (_, i) => {
      const m = r.marks[i];
      return m === undefined ? "" : m === "correct" ? 1 : 0;
    });
    lines.push([
      safeCell(r.results.student),
      safeCell(assignmentName(r.results)),
      r.score,
      r.total,
      ...marks,
      r.results.answersVisible ? labels.answersVisible : "",
    ]);
  }
  return UTF8_BOM + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}
