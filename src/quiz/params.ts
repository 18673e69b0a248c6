/**
 * Quiz settings from a link: `?seed=…&n=…&level=…&topics=…` and, for a
 * per-student assignment, `code=…&student=…`. Every unreadable value falls
 * back to the page's default and is reported, so the page can say what it
 * ignored instead of breaking.
 */
import { MAX_QUESTIONS } from "./quiz.ts";
import { studentSeed } from "./seeded.ts";
import { LEVELS, TOPICS, type Level, type QuizSpec, type Topic } from "./types.ts";

export interface QuizDefaults {
  readonly topics: readonly Topic[];
  readonly count: number;
  readonly level: Level;
}

export type ParamProblem = "seed" | "n" | "level" | "topics" | "code" | "student" | "show";

/**
 * When an assignment page shows whether an answer is right: after each answer
 * (practice, the default), only from an instant on (epoch milliseconds, read
 * against the browser's clock), or never (the instructor grades the results code).
 */
export type AnswerMode =
  { readonly kind: "shown" } | { readonly kind: "until"; readonly at: number } | { readonly kind: "never" };

export interface QuizQuery {
  /** Undefined when the link has no usable seed: the page picks a fresh one. */
  readonly seed: number | undefined;
  readonly count: number;
  readonly level: Level;
  readonly topics: readonly Topic[];
  /** Assignment code and student identifier, when the link is a per-student assignment. */
  readonly code?: string;
  readonly student?: string;
  /** The link's `show=`: when answers are shown (absent: after each answer). */
  readonly show?: AnswerMode;
  readonly problems: readonly ParamProblem[];
}

export const MAX_CODE_LENGTH = 64;
export const MAX_STUDENT_LENGTH = 128;

export function parseSeed(raw: string): number | undefined {
  const t = raw.trim();
  if (!/^\d{1,10}$/.test(t)) return undefined;
  const v = Number(t);
  return v <= 0xffffffff ? v : undefined;
}

export function parseTopics(raw: string): Topic[] | undefined {
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0 || names.some((n) => !(TOPICS as readonly string[]).includes(n))) return undefined;
  return [...new Set(names as Topic[])];
}

export function parseQuizQuery(get: (key: string) => string | null | undefined, defaults: QuizDefaults): QuizQuery {
  const problems: ParamProblem[] = [];
  const read = (key: string): string | undefined => {
    const v = get(key);
    return v === null || v === undefined ? undefined : v;
  };
  let seed: number | undefined;
  const rawSeed = read("seed");
  if (rawSeed !== undefined) {
    seed = parseSeed(rawSeed);
    if (seed === undefined) problems.push("seed");
  }
  let count = defaults.count;
  const rawN = read("n");
  if (rawN !== undefined) {
    const v = /^\d{1,3}$/.test(rawN.trim()) ? Number(rawN) : NaN;
    if (Number.isInteger(v) && v >= 1 && v <= MAX_QUESTIONS) count = v;
    else problems.push("n");
  }
  let level = defaults.level;
  const rawLevel = read("level");
  if (rawLevel !== undefined) {
    if ((LEVELS as readonly string[]).includes(rawLevel)) level = rawLevel as Level;
    else problems.push("level");
  }
  let topics = defaults.topics;
  const rawTopics = read("topics");
  if (rawTopics !== undefined) {
    const t = parseTopics(rawTopics);
    if (t === undefined) problems.push("topics");
    else topics = t;
  }
  const code = read("code");
  const student = read("student");
  const out: { -readonly [K in keyof QuizQuery]: QuizQuery[K] } = { seed, count, level, topics, problems };
  if (code !== undefined) {
    if (code.trim() === "" || code.length > MAX_CODE_LENGTH) problems.push("code");
    else out.code = code.trim();
  }
  if (student !== undefined) {
    if (student.trim() === "" || student.length > MAX_STUDENT_LENGTH) problems.push("student");
    else out.student = student;
  }
  const show = read("show");
  if (show !== undefined) {
    const mode = parseShow(show);
    // An unreadable setting errs on the side of the instructor who meant to hide: hidden for good.
    if (mode === undefined) problems.push("show");
    out.show = mode ?? { kind: "never" };
  }
  return out;
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

/** "YYYY-MM-DDTHH:MMZ" of an instant (civil-from-days, without reading any clock). */
function utcMinute(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const rest = minutes - days * 1440;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${y}-${two(m)}-${two(d)}T${two(Math.floor(rest / 60))}:${two(rest % 60)}Z`;
}

/** The `show=` value of a mode (undefined for the default, answers shown). */
export function showParam(mode: AnswerMode | undefined): string | undefined {
  if (mode === undefined || mode.kind === "shown") return undefined;
  if (mode.kind === "never") return "never";
  return utcMinute(mode.at);
}

/** Whether the page shows right and wrong at the instant `now` (epoch ms, passed in by the widget). */
export function answersShown(mode: AnswerMode | undefined, now: number): boolean {
  if (mode === undefined || mode.kind === "shown") return true;
  return mode.kind === "until" && now >= mode.at;
}

/**
 * The spec a query resolves to. A per-student assignment (code and student)
 * takes its seed from hash(code, student) and ignores any seed in the link.
 */
export function specFromQuery(q: QuizQuery, freshSeed: number): QuizSpec {
  const seed = q.code !== undefined && q.student !== undefined ? studentSeed(q.code, q.student) : (q.seed ?? freshSeed);
  return { topics: q.topics, count: q.count, level: q.level, seed: seed >>> 0 };
}

/** The query string of a spec (what a link to it carries). */
export function specQuery(spec: QuizSpec, extra: Readonly<Record<string, string>> = {}): string {
  const p = new URLSearchParams();
  if (extra["code"] === undefined) p.set("seed", String(spec.seed));
  p.set("n", String(spec.count));
  p.set("level", spec.level);
  p.set("topics", spec.topics.join(","));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}
