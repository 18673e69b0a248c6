import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerInput,
  crc32,
  decodeResults,
  encodeResults,
  fromBase32,
  normaliseCode,
  recordAnswer,
  toBase32,
  type RecordedAnswer,
  type Results,
} from "../../../src/quiz/results-code.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { checkAnswer } from "../../../src/quiz/answer.ts";
import { LEVELS, TOPICS } from "../../../src/quiz/types.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const answerArb: fc.Arbitrary<RecordedAnswer> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.constant({ kind: "revealed" as const }),
  fc.integer({ min: 0, max: 15 }).map((index) => ({ kind: "choice" as const, index })),
  fc.maxSafeInteger().map((v) => ({ kind: "number" as const, value: v === 0 ? 0 : v })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
    .filter((v) => !Number.isInteger(v))
    .map((value) => ({ kind: "number" as const, value })),
  fc.stringMatching(/^[A-Z]{1,26}$/).map((text) => ({ kind: "text" as const, text })),
);

const resultsArb: fc.Arbitrary<Results> = fc
  .record({
    topics: fc.subarray([...TOPICS], { minLength: 1 }),
    level: fc.constantFrom(...LEVELS),
    count: fc.integer({ min: 1, max: 50 }),
    code: fc.option(
      fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" }).filter((s) => s.trim() !== "" && s.length <= 64),
    ),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    student: fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).filter((s) => s.trim() !== ""),
    answersVisible: fc.boolean(),
  })
  .chain((r) =>
    fc.array(answerArb, { minLength: r.count, maxLength: r.count }).map((answers): Results => {
      const base = {
        topics: r.topics,
        level: r.level,
        count: r.count,
        student: r.student,
        answersVisible: r.answersVisible,
        answers,
      };
      return r.code === null ? { ...base, seed: r.seed } : { ...base, code: r.code };
    }),
  );

const sample: Results = {
  topics: ["handshake", "timewait"],
  count: 4,
  level: "medium",
  code: "NET101-week3",
  student: "Alice Martin",
  answersVisible: false,
  answers: [
    { kind: "choice", index: 2 },
    { kind: "number", value: 4294967295 },
    { kind: "text", text: "CAEBD" },
    { kind: "none" },
  ],
};

describe("base32 and CRC-32", () => {
  it("CRC-32 is the IEEE one (check value of '123456789')", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
  it("round-trips bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const back = fromBase32(toBase32(bytes));
        expect("bytes" in back && [...back.bytes]).toEqual([...bytes]);
      }),
    );
  });
  it("refuses padding bits that are not zero and characters outside the alphabet", () => {
    expect(fromBase32("01")).toEqual({ problem: "badLength" }); // 10 bits: 8 + 2 padding bits "01"
    expect(fromBase32("0U")).toEqual({ problem: "badCharacter", character: "U" });
  });
});

describe("results codes", () => {
  it("round-trip: decode(encode(r)) is r", () => {
    fc.assert(
      fc.property(resultsArb, (r) => {
        expect(decodeResults(encodeResults(r))).toEqual({ ok: true, results: r });
      }),
    );
  });

  it("are grouped in fives of the base32 alphabet", () => {
    const code = encodeResults(sample);
    expect(code).toMatch(new RegExp(`^([${ALPHABET}]{5}-)*[${ALPHABET}]{1,5}$`));
  });

  it("read the same pasted in lower case, with spaces, line breaks or full-width characters, I/L for 1 and O for 0", () => {
    const code = encodeResults(sample);
    const variants = [
      code.toLowerCase(),
      code.replace(/-/g, " "),
      ` ${code.replace(/-/g, "\n")} `,
      code.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      code.replace(/1/g, "l").replace(/0/g, "O"),
    ];
    for (const v of variants) expect(decodeResults(v)).toEqual({ ok: true, results: sample });
  });

  it("detect any single-character substitution", () => {
    fc.assert(
      fc.property(resultsArb, fc.nat(), fc.integer({ min: 1, max: 31 }), (r, pos, shift) => {
        const symbols = normaliseCode(encodeResults(r));
        const i = pos % symbols.length;
        const c = ALPHABET[(ALPHABET.indexOf(symbols[i] as string) + shift) % 32] as string;
        const typo = symbols.slice(0, i) + c + symbols.slice(i + 1);
        const d = decodeResults(typo);
        expect(d.ok).toBe(false);
      }),
    );
  });

  it("detect any swap of two neighbouring different characters", () => {
    fc.assert(
      fc.property(resultsArb, fc.nat(), (r, pos) => {
        const symbols = normaliseCode(encodeResults(r));
        const i = pos % (symbols.length - 1);
        fc.pre(symbols[i] !== symbols[i + 1]);
        const typo = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        expect(decodeResults(typo).ok).toBe(false);
      }),
    );
  });

  it("detect a dropped or a doubled character", () => {
    fc.assert(
      fc.property(resultsArb, fc.nat(), fc.boolean(), (r, pos, drop) => {
        const symbols = normaliseCode(encodeResults(r));
        const i = pos % symbols.length;
        const typo = drop ? symbols.slice(0, i) + symbols.slice(i + 1) : symbols.slice(0, i + 1) + symbols.slice(i);
        expect(decodeResults(typo).ok).toBe(false);
      }),
    );
  });

  it("name the problem: empty, a stray character, a mistyped check", () => {
    expect(decodeResults("  \n")).toEqual({ ok: false, problem: "empty" });
    expect(decodeResults(encodeResults(sample) + "#")).toEqual({ ok: false, problem: "badCharacter", character: "#" });
    const symbols = normaliseCode(encodeResults(sample));
    const typo = symbols.slice(0, 3) + (symbols[3] === "7" ? "8" : "7") + symbols.slice(4);
    expect(decodeResults(typo)).toEqual({ ok: false, problem: "checksum" });
    // 17 symbols are 85 bits: no byte string is that long in base32.
    expect(decodeResults("Z".repeat(17))).toEqual({ ok: false, problem: "badLength" });
    // 16 symbols are 10 bytes, whose last four are not the CRC of the first six.
    expect(decodeResults("Z".repeat(16))).toEqual({ ok: false, problem: "checksum" });
  });
});

describe("recorded answers", () => {
  it("are graded like the typed input: spaces, case and full-width digits do not matter", () => {
    const questions = generateQuiz({ topics: [...TOPICS], count: 30, level: "hard", seed: 7 });
    let checked = 0;
    for (const q of questions) {
      if (q.answer.kind === "number") {
        const typed = `  ${String(q.answer.value).replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `;
        const rec = recordAnswer(q, { input: typed, status: "correct" });
        expect(checkAnswer(q, answerInput(rec) ?? "").status).toBe("correct");
        checked++;
      } else if (q.answer.kind === "order") {
        const typed = [...q.answer.correct].join(" ").toLowerCase();
        const rec = recordAnswer(q, { input: typed, status: "correct" });
        expect(rec).toEqual({ kind: "text", text: q.answer.correct });
        expect(checkAnswer(q, answerInput(rec) ?? "").status).toBe("correct");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
  it("keep a revealed answer as revealed and unreadable input as no answer", () => {
    const [q] = generateQuiz({ topics: ["handshake"], count: 1, level: "hard", seed: 3 });
    if (q === undefined) throw new Error("no question");
    expect(recordAnswer(q, { input: "42", status: "revealed" })).toEqual({ kind: "revealed" });
    expect(recordAnswer(q, { input: "forty-two", status: "wrong" })).toEqual({ kind: "none" });
    expect(recordAnswer(q, undefined)).toEqual({ kind: "none" });
  });
});
