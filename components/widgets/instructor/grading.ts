/**
 * The instructor page's grader, loaded on first use (dynamic import from
 * builder.client.ts): pasted results codes → a table of grades (cards on a
 * phone), the lines that could not be read, and the gradebook CSV.
 */
import { assignmentName, gradeCodes, gradebookCsv, type GradedRow, type Mark } from "../../../src/quiz/gradebook.ts";
import { escapeHtml } from "../../../src/quiz/render.ts";
import { fill } from "../../../src/quiz/text.ts";
import type { InstructorStrings } from "./exam-html.ts";

export interface Graded {
  readonly rows: readonly GradedRow[];
  readonly summary: string;
  readonly tableHtml: string;
  readonly problemsHtml: string;
  readonly csv: string;
}

const SYMBOL: Readonly<Record<Mark, string>> = { correct: "✔", wrong: "✘", none: "–", revealed: "◌" };
const MARK_KEY: Readonly<Record<Mark, string>> = {
  correct: "markCorrect",
  wrong: "markWrong",
  none: "markNone",
  revealed: "markRevealed",
};

export function grade(text: string, t: InstructorStrings): Graded {
  const s = (key: string) => t[key] ?? "";
  const { rows, problems } = gradeCodes(text);
  const width = Math.max(0, ...rows.map((r) => r.marks.length));
  const qLabel = (i: number) => fill(s("colQuestion"), { n: i + 1 });
  const head =
    `<tr><th scope="col">${escapeHtml(s("colStudent"))}</th><th scope="col">${escapeHtml(s("colAssignment"))}</th>` +
    `<th scope="col">${escapeHtml(s("colScore"))}</th>` +
    Array.from({ length: width }, (_, i) => `<th scope="col">${escapeHtml(qLabel(i))}</th>`).join("") +
    `<th scope="col">${escapeHtml(s("colNote"))}</th></tr>`;
  const body = rows
    .map((r) => {
      const marks = Array.from({ length: width }, (_, i) => {
        const m = r.marks[i];
        const label = escapeHtml(qLabel(i));
        if (m === undefined) return `<td class="grade-mark" data-label="${label}"></td>`;
        return (
          `<td class="grade-mark" data-label="${label}" data-mark="${m}"><span aria-hidden="true">${SYMBOL[m]}</span>` +
          `<span class="sr-only">${escapeHtml(s(MARK_KEY[m]))}</span></td>`
        );
      }).join("");
      return (
        `<tr data-line="${r.line}"><th scope="row" class="grade-student" data-label="${escapeHtml(s("colStudent"))}">${escapeHtml(r.results.student)}</th>` +
        `<td data-label="${escapeHtml(s("colAssignment"))}">${escapeHtml(assignmentName(r.results))}</td>` +
        `<td class="grade-score" data-label="${escapeHtml(s("colScore"))}">${r.score} / ${r.total}</td>` +
        marks +
        `<td class="grade-note" data-label="${escapeHtml(s("colNote"))}">${r.results.answersVisible ? escapeHtml(s("noteVisible")) : ""}</td></tr>`
      );
    })
    .join("");
  const tableHtml =
    rows.length === 0
      ? ""
      : `<div class="grade-scroll" role="region" tabindex="0" aria-label="${escapeHtml(s("gradeCaption"))}"><table class="stack-table grade-table"><caption>${escapeHtml(s("gradeCaption"))}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
  const problemsHtml =
    problems.length === 0
      ? ""
      : `<p class="widget-caption">${escapeHtml(s("gradeProblemsHeading"))}</p><ul class="grade-problems">` +
        problems
          .map((p) => {
            const vars = { character: "character" in p ? p.character : undefined, by: "by" in p ? p.by : undefined };
            const problem = fill(s(`problem.${p.problem}`), vars);
            return `<li data-line="${p.line}">${escapeHtml(fill(s("gradeLine"), { line: p.line, problem }))}</li>`;
          })
          .join("") +
        `</ul>`;
  const bad = problems.filter((p) => p.problem !== "replaced").length;
  const csv = gradebookCsv(rows, {
    student: s("colStudent"),
    assignment: s("colAssignment"),
    score: s("colScore"),
    total: s("colTotal"),
    question: s("colQuestion"),
    note: s("colNote"),
    answersVisible: s("noteVisible"),
  });
  return { rows, summary: fill(s("gradeSummary"), { good: rows.length, bad }), tableHtml, problemsHtml, csv };
}
