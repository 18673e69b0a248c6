/**
 * The one source of randomness of a run. Everything random (ISN secrets,
 * port perturbation, random loss) draws from a single seeded generator, so
 * the same seed and the same inputs always give the same trace.
 *
 * Seeding: pure-rand's xoroshiro128plus(seed) puts the 32-bit seed straight
 * into the 128-bit state, so its first output is the seed's complement and
 * neighbouring seeds stay alike for many draws. Instead the four state words
 * come from splitmix32 (a murmur3-style finaliser over a Weyl sequence) run
 * from the seed, and the first outputs are thrown away.
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/** Outputs discarded after seeding, so even the first draws are well mixed. */
const WARM_UP = 8;

/** Four well-mixed 32-bit words from one seed (splitmix32). Never all zero. */
export function seedState(seed: number): [number, number, number, number] {
  let x = seed | 0;
  const word = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  const s: [number, number, number, number] = [word(), word(), word(), word()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[3] = 1; // the all-zero state is a fixed point
  return s;
}

export class Rng {
  private readonly gen: JumpableRandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plusFromState(seedState(seed));
    for (let i = 0; i < WARM_UP; i++) this.gen.next();
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform float in [0, 1): 53 bits built from two draws. */
  float(): number {
    const hi = this.u32() >>> 5; // 27 bits
    const lo = this.u32() >>> 6; // 26 bits
    return (hi * 2 ** 26 + lo) / 2 ** 53;
  }

  /** Uniform integer in [0, n). n must be >= 1. */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability p. Draws nothing when p is 0, so turning a fault off does not shift the stream. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }
}
