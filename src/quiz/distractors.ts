/**
 * Wrong answers built from the mistakes students actually make with sequence
 * numbers: forgetting the +1 a SYN or FIN takes, counting it twice, adding
 * the ISN twice, not wrapping at 2^32. A distractor is never the answer and
 * never repeats another.
 */
import { seq } from "../sim/index.ts";
import type { Distractor } from "./types.ts";

export const MAX_DISTRACTORS = 4;

/**
 * Keep the candidates that differ from the answer and from each other.
 * Values are wrapped into [0, 2^32) except for the "noWrap" mistake, whose
 * whole point is the unwrapped number.
 */
export function pickDistractors(answer: number, candidates: readonly Distractor[]): Distractor[] {
  const out: Distractor[] = [];
  const seen = new Set<number>([answer]);
  for (const c of candidates) {
    const value = c.mistake === "noWrap" ? c.value : seq(c.value);
    if (!Number.isSafeInteger(value) || value < 0 || seen.has(value)) continue;
    seen.add(value);
    out.push({ value, mistake: c.mistake });
    if (out.length === MAX_DISTRACTORS) break;
  }
  return out;
}

/** For answers that are plain counts or rates: near misses of one unit. */
export function countDistractors(answer: number, candidates: readonly Distractor[]): Distractor[] {
  const out: Distractor[] = [];
  const seen = new Set<number>([answer]);
  for (const c of candidates) {
    if (!Number.isFinite(c.value) || c.value < 0 || seen.has(c.value)) continue;
    seen.add(c.value);
    out.push(c);
    if (out.length === MAX_DISTRACTORS) break;
  }
  return out;
}
