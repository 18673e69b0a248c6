/** Shared choices of the question generators: ISNs and byte counts by difficulty. */
import { SEQ_MODULUS } from "../../sim/index.ts";
import type { Dice } from "../seeded.ts";
import type { Level } from "../types.ts";

/**
 * An ISN for a question. Easy: a round small number. Medium: a quarter of
 * the time, and hard half the time, just below 2^32, so that adding `room`
 * bytes (plus SYN and FIN) crosses the wrap; otherwise anywhere far enough
 * from 2^32 that nothing wraps.
 */
export const WRAP_CHANCE: Readonly<Record<Level, number>> = { easy: 0, medium: 0.25, hard: 0.5 };

export function pickIsn(dice: Dice, level: Level, room = 0): number {
  if (level === "easy") return dice.int(1, 99) * 100;
  if (dice.chance(WRAP_CHANCE[level])) return SEQ_MODULUS - dice.int(1, room + 2);
  return dice.int(1_000_000, SEQ_MODULUS - 1_000_000);
}

/** Bytes of application data: round hundreds when easy, up to one full segment otherwise. */
export function pickBytes(dice: Dice, level: Level): number {
  if (level === "easy") return dice.int(1, 10) * 100;
  if (level === "medium") return dice.int(1, 1460);
  return dice.int(1, 4000);
}

/** a + b + ..., not wrapped: shown in explanations next to the wrapped answer. */
export function plainSum(...terms: number[]): number {
  return terms.reduce((a, b) => a + b, 0);
}
