/**
 * Quiz settings from a link: `?seed=…&n=…&level=…&topics=…` and, for a
 * per-student assignment, `code=…&student=…`. Every unreadable value falls
 * back to the page's default and is reported, so the page can say what it
 * ignored instead of breaking.
 */
// No import here may reach the generators or the core: the quiz and instructor pages read links before loading them.
import { studentSeed } from "./student-seed.ts";
import type { AnswerMode } from "./show.ts";
import { LEVELS, MAX_QUESTIONS, TOPICS, type Level, type QuizSpec, type Topic } from "./types.ts";

export interface QuizDefaults {
  readonly topics: readonly Topic[];
  readonly count: number;
  readonly level: Level;
}

export type ParamProblem = "seed" | "n" | "level" | "topics" | "code" | "student" | "show";

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
  return out;
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
