import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { seq, seqAdd, seqAfter, seqBefore, seqDiff } from "../../../src/sim/seq.ts";

describe("sequence arithmetic modulo 2^32", () => {
  it("wraps past 2^32", () => {
    expect(seqAdd(0xffff_ffff, 1)).toBe(0);
    expect(seqAdd(0xffff_fffe, 5)).toBe(3);
    expect(seq(-1)).toBe(0xffff_ffff);
  });

  it("seq(x) is x modulo 2^32 for every safe integer, negative ones included", () => {
    const M = 2n ** 32n;
    fc.assert(
      fc.property(
        fc.maxSafeInteger().map((x) => x * (x % 2 === 0 ? 1 : -1)),
        (x) => {
          const want = Number(((BigInt(x) % M) + M) % M);
          return seq(x) === want;
        },
      ),
    );
    expect(seq(2 ** 53 - 1)).toBe(0xffff_ffff);
    expect(seq(-(2 ** 32) - 5)).toBe(0xffff_fffb);
  });

  it("orders numbers across the wrap by signed difference", () => {
    expect(seqBefore(0xffff_fff0, 5)).toBe(true);
    expect(seqAfter(5, 0xffff_fff0)).toBe(true);
    expect(seqDiff(5, 0xffff_fff0)).toBe(21);
  });

  it("a + n is after a for any n in (0, 2^31)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (a, n) => {
        const b = seqAdd(a, n);
        return seqAfter(b, a) && seqBefore(a, b) && seqDiff(b, a) === n;
      }),
    );
  });
});
