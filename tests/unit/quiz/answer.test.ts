import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkAnswer, parseNumberAnswer, parseOrderAnswer } from "../../../src/quiz/answer.ts";
import type { Question } from "../../../src/quiz/types.ts";

describe("parseNumberAnswer", () => {
  it.each([
    ["4294967295", 4294967295],
    ["4 294 967 295", 4294967295],
    ["4,294,967,295", 4294967295],
    ["4_294_967_295", 4294967295],
    ["4\u2009294\u2009967\u2009295", 4294967295],
    ["4\u202f294\u00a0967 295", 4294967295],
    ["  28232 ", 28232],
    ["0xFFFFFFFF", 4294967295],
    ["0xffff_ffff", 4294967295],
    ["0X10", 16],
    ["470.5", 470.5],
    ["1,092.3", 1092.3],
    ["0", 0],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumberAnswer(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "notNumber"],
    ["12abc", "notNumber"],
    ["0x", "notNumber"],
    ["0xZZ", "notNumber"],
    ["1e9", "notNumber"],
    ["470,5", "badGrouping"],
    ["42 94", "badGrouping"],
    ["1234,567", "badGrouping"],
    ["99999999999999999999", "tooLarge"],
  ])("refuses %j (%s)", (text, error) => {
    expect(parseNumberAnswer(text)).toEqual({ ok: false, error });
  });

  it("reads back every integer written with any separator or in hex", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(" ", ",", "_", "\u2009", ""), (n, sep) => {
        const grouped = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        expect(parseNumberAnswer(grouped)).toEqual({ ok: true, value: n });
        expect(parseNumberAnswer(`0x${n.toString(16)}`)).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe("parseOrderAnswer", () => {
  const letters = ["A", "B", "C", "D"];
  it("accepts letters with any separators and case", () => {
    for (const t of ["CABD", "c a b d", "C, A, B, D", "C→A→B→D", "c-a-b-d", "C > A > B > D"]) {
      expect(parseOrderAnswer(t, letters)).toEqual({ ok: true, value: "CABD" });
    }
  });
  it("explains what is wrong", () => {
    expect(parseOrderAnswer("", letters)).toEqual({ ok: false, error: "empty" });
    expect(parseOrderAnswer("CAB", letters)).toEqual({ ok: false, error: "wrongCount" });
    expect(parseOrderAnswer("CABB", letters)).toEqual({ ok: false, error: "repeated" });
    expect(parseOrderAnswer("CABE", letters)).toEqual({ ok: false, error: "notLetters" });
    expect(parseOrderAnswer("1234", letters)).toEqual({ ok: false, error: "notLetters" });
  });
});

describe("checkAnswer", () => {
  const base = {
    id: "q1",
    topic: "handshake",
    kind: "synack-ack",
    level: "medium",
    vars: {},
    explainVars: {},
  } as const;
  const numeric: Question = {
    ...base,
    answer: { kind: "number", value: 0, tolerance: 0 },
    distractors: [{ value: 4294967296, mistake: "noWrap" }],
  };
  it("accepts the answer in any accepted notation", () => {
    expect(checkAnswer(numeric, "0")).toEqual({ status: "correct" });
    expect(checkAnswer(numeric, "0x0")).toEqual({ status: "correct" });
  });
  it("names the mistake behind a known wrong answer", () => {
    expect(checkAnswer(numeric, "4 294 967 296")).toEqual({ status: "wrong", mistake: "noWrap" });
    expect(checkAnswer(numeric, "5")).toEqual({ status: "wrong" });
  });
  it("reports unreadable input as invalid, not wrong", () => {
    expect(checkAnswer(numeric, "zero")).toEqual({ status: "invalid", error: "notNumber" });
  });
  it("honours the tolerance", () => {
    const rate: Question = { ...numeric, answer: { kind: "number", value: 470.5, tolerance: 1 }, distractors: [] };
    expect(checkAnswer(rate, "470").status).toBe("correct");
    expect(checkAnswer(rate, "471.5").status).toBe("correct");
    expect(checkAnswer(rate, "472").status).toBe("wrong");
  });
  it("checks choices by index and hints at distractor choices", () => {
    const choice: Question = {
      ...base,
      answer: { kind: "choice", options: [{ literal: "101" }, { literal: "100" }], correct: 0 },
      distractors: [{ value: 100, mistake: "forgotSynPlusOne" }],
    };
    expect(checkAnswer(choice, "0")).toEqual({ status: "correct" });
    expect(checkAnswer(choice, "1")).toEqual({ status: "wrong", mistake: "forgotSynPlusOne" });
    expect(checkAnswer(choice, "")).toEqual({ status: "invalid", error: "empty" });
  });
});
