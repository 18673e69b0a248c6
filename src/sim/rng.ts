/**
 * The one source of randomness of a run. Everything random (ISN secrets,
 * port perturbation, random loss) draws from a single seeded generator, so
 * the same seed and the same inputs always give the same trace.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

export class Rng {
  private readonly gen: JumpableRandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform float in [0, 1): 53 bits built from two draws. */
  float(): number {
    const hi = this.u32() >>> 5; // 27 bits
    const lo = this.u32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
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
