/**
 * A question as HTML (for pages, printable exams and LMS exports) and as
 * plain text (for the CLI and GIFT comments). Pure string building, shared by
 * the build-time first frame and the browser.
 */
import type { Question, SegmentRow } from "./types.ts";
import { answerText, choiceText, fill, promptText, type QuizStrings } from "./text.ts";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cell(row: SegmentRow, field: "seq" | "ack", q: Question, index: number, s: QuizStrings): string {
  const blank = q.table?.blank;
  if (blank !== undefined && blank.row === index && blank.field === field) return s.table.blank;
  const v = field === "seq" ? row.seq : row.ack;
  return v === undefined ? "" : String(v);
}

/** The question's segment table, or "" if it has none. */
export function tableHtml(q: Question, s: QuizStrings): string {
  const t = q.table;
  if (t === undefined) return "";
  const first = t.letters !== undefined ? s.table.letter : s.table.row;
  const names = [first, s.table.from, s.table.segment, s.table.seq, s.table.ack, s.table.len];
  const head = names.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  // data-label: each cell's column name, shown when a narrow screen stacks the rows into cards.
  const td = (i: number, v: string): string => `<td data-label="${escapeHtml(names[i] ?? "")}">${escapeHtml(v)}</td>`;
  const body = t.rows
    .map((row, i) => {
      const label = t.letters?.[i] ?? String(i + 1);
      const from = fill(s.table.arrow, { from: row.from, to: row.from === "client" ? "server" : "client" }, s.terms);
      const blankHere = t.blank?.row === i;
      return (
        `<tr${blankHere ? ' class="quiz-blank-row"' : ""}><th scope="row" data-label="${escapeHtml(first)}">${escapeHtml(label)}</th>${td(1, from)}` +
        `${td(2, row.name)}${td(3, cell(row, "seq", q, i, s))}` +
        `${td(4, cell(row, "ack", q, i, s))}${td(5, String(row.len))}</tr>`
      );
    })
    .join("");
  return `<table class="quiz-table stack-table"><caption>${escapeHtml(s.table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Prompt and table as HTML, without any answer. */
export function questionBodyHtml(q: Question, s: QuizStrings): string {
  return `<p class="quiz-prompt">${escapeHtml(promptText(q, s))}</p>${tableHtml(q, s)}`;
}

/**
 * Columns a string takes in a monospaced font: CJK characters and full-width
 * forms take two, so Chinese labels line up with the ASCII columns.
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const c of text)
    w +=
      /[\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        c,
      )
        ? 2
        : 1;
  return w;
}

/** `text.padEnd(width)` measured in display columns. */
export function padColumns(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** The segment table as aligned text lines. */
export function tableText(q: Question, s: QuizStrings): string {
  const t = q.table;
  if (t === undefined) return "";
  const lines = t.rows.map((row, i) => {
    const label = t.letters?.[i] ?? String(i + 1);
    const from = fill(s.table.arrow, { from: row.from, to: row.from === "client" ? "server" : "client" }, s.terms);
    return [
      label.padStart(2),
      padColumns(from, 18),
      padColumns(row.name, 8),
      padColumns(`${s.table.seq} ${cell(row, "seq", q, i, s)}`, 16),
      padColumns(`${s.table.ack} ${cell(row, "ack", q, i, s)}`, 16),
      `${s.table.len} ${row.len}`,
    ].join("  ");
  });
  return lines.join("\n");
}

/** Options of a choice question as text lines ("a) ..."), or "". */
export function optionsText(q: Question, s: QuizStrings): string {
  if (q.answer.kind !== "choice") return "";
  return q.answer.options.map((o, i) => `   ${String.fromCharCode(97 + i)}) ${choiceText(o, s)}`).join("\n");
}

/** A whole question as plain text, optionally with its answer. */
export function questionText(q: Question, s: QuizStrings, index: number, withAnswer: boolean): string {
  const parts = [`${index + 1}. ${promptText(q, s)}`];
  const table = tableText(q, s);
  if (table !== "") parts.push(table);
  const options = optionsText(q, s);
  if (options !== "") parts.push(options);
  if (withAnswer) parts.push(`   → ${answerText(q, s)}`);
  return parts.join("\n");
}
