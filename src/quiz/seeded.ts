/**
 * Seeded choices for question generators, on top of the core's Rng (one
 * xoroshiro128+ stream per question). The string hash that turns an
 * assignment code and a student identifier into a seed lives in
 * student-seed.ts and is re-exported here.
 */
import { Rng } from "../sim/index.ts";
import { fnv1a } from "./student-seed.ts";

// The hash of a student identifier is apart (student-seed.ts) so link parsing does not load the core.
export { fnv1a, normaliseStudentId, studentSeed } from "./student-seed.ts";

const WARM_UP = 8;

/** The murmur3 finaliser: every input bit affects every output bit. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class Dice {
  private readonly rng: Rng;

  constructor(seed: number) {
    // xoroshiro128+ seeded from one 32-bit word returns the seed itself first
    // and mixes slowly, so neighbouring question seeds would start alike:
    // scramble the seed and drop the first draws.
    this.rng = new Rng(mix32(seed));
    for (let i = 0; i < WARM_UP; i++) this.rng.u32();
  }

  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + this.rng.below(hi - lo + 1);
  }

  /** Unsigned 32-bit integer. */
  u32(): number {
    return this.rng.u32();
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.rng.below(items.length)];
    if (item === undefined) throw new Error("Dice.pick: empty list");
    return item;
  }

  chance(p: number): boolean {
    return this.rng.chance(p);
  }

  /** Fisher–Yates shuffle into a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.rng.below(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** Seed of question `index` of a quiz: independent streams, so question 3 does not change when n grows. */
export function questionSeed(quizSeed: number, index: number): number {
  return fnv1a(`${quizSeed >>> 0}/${index}`) | 0;
}
