/**
 * Saved progress: what the student answered, per quiz and seed, as JSON in
 * the browser's local storage. Anything unreadable (hand-edited, truncated, written by an
 * older version) is ignored and reported, never trusted; one bad answer is
 * dropped on its own and the others are kept.
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

/** Why an imported progress file was refused (nothing is changed then). */
export type ImportProblem = "notJson" | "notProgress" | "otherQuiz" | "badEntry";

export const EMPTY_PROGRESS: Progress = { version: PROGRESS_VERSION, answers: {} };

/** Longest answer text kept: longer input is cut, so a saved record is never refused for its length. */
export const MAX_INPUT_LENGTH = 200;

/** Answer text as it is saved: at most MAX_INPUT_LENGTH characters. */
export function clipInput(input: string): string {
  return input.length > MAX_INPUT_LENGTH ? input.slice(0, MAX_INPUT_LENGTH) : input;
}

export function progressKey(quizId: string, spec: QuizSpec): string {
  return `tcp-lab:quiz:${quizId}:${spec.level}:${spec.count}:${spec.topics.join(",")}:${spec.seed}`;
}

const STATUSES: readonly string[] = ["correct", "wrong", "revealed"];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** One saved answer, checked field by field; undefined if any field is wrong. */
export function validEntry(a: unknown): SavedAnswer | undefined {
  if (
    !isRecord(a) ||
    typeof a["input"] !== "string" ||
    a["input"].length > MAX_INPUT_LENGTH ||
    typeof a["status"] !== "string" ||
    !STATUSES.includes(a["status"]) ||
    typeof a["tries"] !== "number" ||
    !Number.isSafeInteger(a["tries"]) ||
    a["tries"] < 0
  ) {
    return undefined;
  }
  return { input: a["input"], status: a["status"] as QuestionStatus, tries: a["tries"] };
}

/**
 * Parse a stored value. `null` (nothing saved) is not a problem. Entries are
 * checked one by one: a bad one is dropped (its id is listed in `dropped`)
 * and every good one is kept. Only a value that is not progress at all
 * (not JSON, no answers object, another version) is a `problem`.
 */
export function parseProgress(
  raw: string | null,
  questionIds: readonly string[],
): { readonly progress: Progress; readonly problem?: ProgressProblem; readonly dropped: readonly string[] } {
  if (raw === null) return { progress: EMPTY_PROGRESS, dropped: [] };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: EMPTY_PROGRESS, problem: "corrupt", dropped: [] };
  }
  if (!isRecord(data)) return { progress: EMPTY_PROGRESS, problem: "corrupt", dropped: [] };
  if (data["version"] !== PROGRESS_VERSION) {
    const problem = typeof data["version"] === "number" ? "oldVersion" : "corrupt";
    return { progress: EMPTY_PROGRESS, problem, dropped: [] };
  }
  const answers = data["answers"];
  if (!isRecord(answers)) return { progress: EMPTY_PROGRESS, problem: "corrupt", dropped: [] };
  const out: Record<string, SavedAnswer> = {};
  const dropped: string[] = [];
  for (const id of questionIds) {
    if (!Object.hasOwn(answers, id)) continue;
    const entry = validEntry(answers[id]);
    if (entry === undefined) dropped.push(id);
    else out[id] = entry;
  }
  return { progress: { version: PROGRESS_VERSION, answers: out }, dropped };
}

export function withAnswer(p: Progress, id: string, answer: SavedAnswer): Progress {
  return { version: PROGRESS_VERSION, answers: { ...p.answers, [id]: { ...answer, input: clipInput(answer.input) } } };
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
