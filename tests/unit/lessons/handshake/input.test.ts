import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_SEQ, formatIsn, parseCount, parseIsn, parseSwitch } from "../../../../src/lessons/handshake/input.ts";

describe("parseIsn", () => {
  it("reads decimal and 0x hex, and empty or auto as the kernel's choice", () => {
    expect(parseIsn("1000")).toEqual({ ok: true, value: 1000 });
    expect(parseIsn(" 0x3E8 ")).toEqual({ ok: true, value: 1000 });
    expect(parseIsn("0xffffffff")).toEqual({ ok: true, value: MAX_SEQ });
    expect(parseIsn("")).toEqual({ ok: true, value: null });
    expect(parseIsn("auto")).toEqual({ ok: true, value: null });
  });
  it("says out of range for numbers outside 32 bits and for negatives", () => {
    expect(parseIsn("4294967296")).toEqual({ ok: false, reason: "range" });
    expect(parseIsn("0x100000000")).toEqual({ ok: false, reason: "range" });
    expect(parseIsn("-1")).toEqual({ ok: false, reason: "range" });
    expect(parseIsn("99999999999999999999999")).toEqual({ ok: false, reason: "range" });
  });
  it("says syntax for garbage", () => {
    for (const text of ["12abc", "0x", "1e3", "1.5", "0xg1", "ten"])
      expect(parseIsn(text)).toEqual({ ok: false, reason: "syntax" });
  });
  it("reads back every value it writes", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: MAX_SEQ }), { nil: null }), (v) => {
        expect(parseIsn(formatIsn(v))).toEqual({ ok: true, value: v });
      }),
    );
  });
});

describe("parseCount and parseSwitch", () => {
  it("accepts whole numbers within bounds only", () => {
    expect(parseCount("3", 0, 20)).toEqual({ ok: true, value: 3 });
    expect(parseCount("21", 0, 20)).toEqual({ ok: false, reason: "range" });
    expect(parseCount("-2", 0, 20)).toEqual({ ok: false, reason: "range" });
    expect(parseCount("2.5", 0, 20)).toEqual({ ok: false, reason: "syntax" });
    expect(parseCount("", 0, 20)).toEqual({ ok: false, reason: "syntax" });
  });
  it("reads 1 and 0 only", () => {
    expect(parseSwitch("1")).toEqual({ ok: true, value: true });
    expect(parseSwitch("0")).toEqual({ ok: true, value: false });
    expect(parseSwitch("yes")).toEqual({ ok: false, reason: "syntax" });
  });
});
