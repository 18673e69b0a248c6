/**
 * Saved progress: what the student answered, per quiz and seed, as JSON in
 * the browser's local storage. Anything unreadable (hand-edited, truncated, written by an
 * older version) is ignored and reported, never trusted.
 */
import type { QuizSpec } from "./types.ts";

export const PROGRESS_VERSION = 2;

export type QuestionStatus = "correct" | "wrong" | "revealed";

export interface SavedAnswer {
  readonly input: string;
  readonly status: QuestionStatus;
  readonly tries: number;
}

export interface Progress {
  readonly version: typeof PROGRESS_VERSION;
  readonly answers: Readonly<Record<string, SavedAnswer>>;
}

export type ProgressProblem = "corrupt" | "oldVersion";

export const EMPTY_PROGRESS: Progress = { version: PROGRESS_VERSION, answers: {} };

export function progressKey(quizId: string, spec: QuizSpec): string {
  return `tcp-lab:quiz:${quizId}:${spec.level}:${spec.count}:${spec.topics.join(",")}:${spec.seed}`;
}

const STATUSES: readonly string[] = ["correct", "wrong", "revealed"];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Parse a stored value. `null` (nothing saved) is not a problem. */
export function parseProgress(
  raw: string | null,
  questionIds: readonly string[],
): { readonly progress: Progress; readonly problem?: ProgressProblem } {
  if (raw === null) return { progress: EMPTY_PROGRESS };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: EMPTY_PROGRESS, problem: "corrupt" };
  }
  if (!isRecord(data)) return { progress: EMPTY_PROGRESS, problem: "corrupt" };
  if (data["version"] !== PROGRESS_VERSION) {
    return { progress: EMPTY_PROGRESS, problem: typeof data["version"] === "number" ? "oldVersion" : "corrupt" };
  }
  const answers = data["answers"];
  if (!isRecord(answers)) return { progress: EMPTY_PROGRESS, problem: "corrupt" };
  const out: Record<string, SavedAnswer> = {};
  for (const id of questionIds) {
    const a = answers[id];
    if (a === undefined) continue;
    if (
      !isRecord(a) ||
      typeof a["input"] !== "string" ||
      a["input"].length > 200 ||
      typeof a["status"] !== "string" ||
      !STATUSES.includes(a["status"]) ||
      typeof a["tries"] !== "number" ||
      !Number.isInteger(a["tries"]) ||
      a["tries"] < 0
    ) {
      return { progress: EMPTY_PROGRESS, problem: "corrupt" };
    }
    out[id] = { input: a["input"], status: a["status"] as QuestionStatus, tries: a["tries"] };
  }
  return { progress: { version: PROGRESS_VERSION, answers: out } };
}

export function withAnswer(p: Progress, id: string, answer: SavedAnswer): Progress {
  return { version: PROGRESS_VERSION, answers: { ...p.answers, [id]: answer } };
}

/** Score: questions answered correctly (revealed ones do not count), out of the total. */
export function score(
  p: Progress,
  questionIds: readonly string[],
): { readonly correct: number; readonly answered: number; readonly total: number } {
  let correct = 0;
  let answered = 0;
  for (const id of questionIds) {
    const a = p.answers[id];
    if (a === undefined) continue;
    if (a.status === "correct") correct++;
    if (a.status !== "wrong") answered++;
  }
  return { correct, answered, total: questionIds.length };
}
