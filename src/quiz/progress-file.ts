/**
 * Saved answers as a file the learner downloads and loads back (the quiz
 * page loads this only when asked, so it is not part of the page's first
 * script). All or nothing on the way in: see importProgress.
 */
import { PROGRESS_VERSION, validEntry, type ImportProblem, type Progress, type SavedAnswer } from "./progress.ts";

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The file a learner downloads: the quiz it belongs to and the answers. */
export const EXPORT_FORMAT = "tcp-lab-quiz-progress";

export function exportProgress(p: Progress, key: string): string {
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: PROGRESS_VERSION, quiz: key, answers: p.answers }, null, 2)}\n`;
}

/**
 * Read an exported file back for the quiz `key`. All or nothing: a file that
 * is not JSON, not a progress export, for another quiz, or with any bad
 * entry is refused, so importing never half-changes the saved answers.
 */
export function importProgress(
  text: string,
  key: string,
  questionIds: readonly string[],
): { readonly progress: Progress } | { readonly problem: ImportProblem } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: "notJson" };
  }
  if (!isRecord(data) || data["format"] !== EXPORT_FORMAT || data["version"] !== PROGRESS_VERSION)
    return { problem: "notProgress" };
  if (data["quiz"] !== key) return { problem: "otherQuiz" };
  const answers = data["answers"];
  if (!isRecord(answers)) return { problem: "notProgress" };
  const out: Record<string, SavedAnswer> = {};
  for (const [id, a] of Object.entries(answers)) {
    const entry = questionIds.includes(id) ? validEntry(a) : undefined;
    if (entry === undefined) return { problem: "badEntry" };
    out[id] = entry;
  }
  return { progress: { version: PROGRESS_VERSION, answers: out } };
}
