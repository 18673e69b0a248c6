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

/** ASCII digits, letters and punctuation written in their full-width forms, as a Chinese input method types them. */
function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

describe("answers typed with a Chinese input method", () => {
  it.each([
    ["３０２１", 3021],
    ["４２９４９６７２９５", 4294967295],
    ["４，２９４，９６７，２９５", 4294967295],
    ["4，294，967，295", 4294967295],
    ["4、294、967、295", 4294967295],
    ["4\u3000294\u3000967\u3000295", 4294967295],
    ["\u3000３０２１\u3000", 3021],
    ["3021。", 3021],
    ["４７０。５", 470.5],
    ["４７０．５", 470.5],
    ["０ｘＦＦＦＦＦＦＦＦ", 4294967295],
    ["０Ｘｆｆ", 255],
    ["－５", -5],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumberAnswer(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["\u3000", "empty"],
    ["。", "empty"],
    ["三千零二十一", "notNumber"],
    ["３０２１个", "notNumber"],
    ["3021。。", "notNumber"],
    ["4。294。967", "notNumber"],
    ["０ｘ", "notNumber"],
    ["②", "notNumber"],
    ["2³²", "notNumber"],
    ["４７０，５", "badGrouping"],
    ["42、94", "badGrouping"],
  ])("refuses %j with the usual reason (%s)", (text, error) => {
    expect(parseNumberAnswer(text)).toEqual({ ok: false, error });
  });

  it("reads back every integer in full-width digits with any Chinese separator", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom("，", "、", "\u3000", " ", ",", ""),
        fc.boolean(),
        fc.constantFrom("", "。"),
        (n, sep, wide, end) => {
          const digits = wide ? fullWidth(String(n)) : String(n);
          const grouped = digits.replace(/(?<=.)(?=(.{3})+$)/gu, sep) + end;
          expect(parseNumberAnswer(grouped)).toEqual({ ok: true, value: n });
          expect(parseNumberAnswer(fullWidth(`0x${n.toString(16)}`))).toEqual({ ok: true, value: n });
          expect(parseNumberAnswer(fullWidth(`0X${n.toString(16).toUpperCase()}`))).toEqual({ ok: true, value: n });
        },
      ),
    );
  });

  it("gives the same verdict for a full-width answer as for its ASCII form", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-FxX ,._-]{0,14}$/), (ascii) => {
        expect(parseNumberAnswer(fullWidth(ascii))).toEqual(parseNumberAnswer(ascii));
      }),
    );
  });

  it("refuses anything with a character outside digits, hex and separators with the usual notNumber message", () => {
    const other = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 1 })
      .filter((c) => !/^[\s0-9a-fA-FxX,._\-、。\uff01-\uff5e\u00a0\u2009\u202f]$/u.test(c));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999999 }), other, (n, c) => {
        expect(parseNumberAnswer(`${fullWidth(String(n))}${c}`)).toEqual({ ok: false, error: "notNumber" });
      }),
    );
  });

  it("reads orders in full-width letters with Chinese separators", () => {
    const letters = ["A", "B", "C", "D"];
    for (const t of [
      "ＣＡＢＤ",
      "ｃ ａ ｂ ｄ",
      "Ｃ、Ａ、Ｂ、Ｄ",
      "C，A，B，D。",
      "C\u3000A\u3000B\u3000D",
      "Ｃ→Ａ→Ｂ→Ｄ",
      "C；A；B；D",
    ]) {
      expect(parseOrderAnswer(t, letters)).toEqual({ ok: true, value: "CABD" });
    }
    expect(parseOrderAnswer("Ｃ、Ａ、Ｂ", letters)).toEqual({ ok: false, error: "wrongCount" });
    expect(parseOrderAnswer("甲乙丙丁", letters)).toEqual({ ok: false, error: "notLetters" });
    expect(parseOrderAnswer("Ｃ、Ａ、Ｂ、Ｂ", letters)).toEqual({ ok: false, error: "repeated" });
  });

  it("accepts any order of the letters, each written full- or half-width, with Chinese or ASCII separators", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(["A", "B", "C", "D", "E", "F"], { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.constantFrom("、", "，", "。", "\u3000", " ", ",", "→", ""),
        (order, wide, sep) => {
          const typed = order.map((c, i) => (wide[i] ? fullWidth(c) : c)).join(sep);
          expect(parseOrderAnswer(typed, ["A", "B", "C", "D", "E", "F"])).toEqual({ ok: true, value: order.join("") });
        },
      ),
    );
  });

  it("checkAnswer takes a full-width answer as correct", () => {
    const q: Question = {
      id: "q1",
      topic: "handshake",
      kind: "synack-ack",
      level: "medium",
      vars: {},
      explainVars: {},
      answer: { kind: "number", value: 3021, tolerance: 0 },
      distractors: [{ value: 3020, mistake: "forgotSynPlusOne" }],
    };
    expect(checkAnswer(q, "３０２１")).toEqual({ status: "correct" });
    expect(checkAnswer(q, "３，０２０")).toEqual({ status: "wrong", mistake: "forgotSynPlusOne" });
    expect(checkAnswer(q, "三千")).toEqual({ status: "invalid", error: "notNumber" });
  });
});
