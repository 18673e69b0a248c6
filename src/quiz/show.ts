/**
 * When an assignment page shows whether an answer is right, from the link's
 * `show=`: after each answer (practice, the default), only from an instant on
 * (epoch milliseconds, compared with the browser's clock, which the widget
 * passes in), or never (the instructor grades the results code). Apart from
 * params.ts because only the quiz page reads it.
 */
import type { QuizQuery } from "./params.ts";

export type AnswerMode =
  { readonly kind: "shown" } | { readonly kind: "until"; readonly at: number } | { readonly kind: "never" };

/**
 * The query with the link's answer setting. An unreadable setting is
 * reported and errs on the side of the instructor who meant to hide: hidden
 * for good.
 */
export function withShow(q: QuizQuery, raw: string | null | undefined): QuizQuery {
  if (raw === null || raw === undefined) return q;
  const mode = parseShow(raw);
  return mode === undefined
    ? { ...q, show: { kind: "never" }, problems: [...q.problems, "show"] }
    : { ...q, show: mode };
}

/**
 * Read `show=`: "never", "always", a date "2026-12-20" (00:00 UTC) or an
 * instant in UTC to the minute "2026-12-20T16:00Z" (what the instructor page
 * writes, from the instructor's local date and time). Undefined when unreadable.
 */
export function parseShow(raw: string): AnswerMode | undefined {
  const t = raw.trim();
  if (t === "never") return { kind: "never" };
  if (t === "always") return { kind: "shown" };
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})Z)?$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // 2026-02-30 would roll over to March: refuse it rather than move the date.
  if (y < 2000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59)
    return undefined;
  return { kind: "until", at: Date.UTC(y, mo - 1, d, h, mi) };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Whether the page shows right and wrong at the instant `now` (epoch ms, passed in by the widget). */
export function answersShown(mode: AnswerMode | undefined, now: number): boolean {
  if (mode === undefined || mode.kind === "shown") return true;
  return mode.kind === "until" && now >= mode.at;
}
