/** Saved quiz progress is checked entry by entry; export and import round-trip; import is all or nothing. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  EMPTY_PROGRESS,
  MAX_INPUT_LENGTH,
  PROGRESS_VERSION,
  parseProgress,
  withAnswer,
  type SavedAnswer,
} from "../../../src/quiz/progress.ts";
import { exportProgress, importProgress } from "../../../src/quiz/progress-file.ts";
import { depth } from "../support/depth.ts";

const ids = ["q1", "q2", "q3"];
const good: SavedAnswer = { input: "4 294", status: "wrong", tries: 2 };
const saved = (answers: Record<string, unknown>) => JSON.stringify({ version: PROGRESS_VERSION, answers });

const validEntry = fc.record({
  input: fc.string({ maxLength: MAX_INPUT_LENGTH }),
  status: fc.constantFrom("correct", "wrong", "revealed"),
  tries: fc.nat(),
});
const badEntry = fc.oneof(
  fc.record({ input: fc.string(), status: fc.constant("correct"), tries: fc.constantFrom(1.5, -1, NaN, "2") }),
  fc.record({
    input: fc.string(),
    status: fc.string().filter((x) => !["correct", "wrong", "revealed"].includes(x)),
    tries: fc.nat(),
  }),
  fc.record({ input: fc.string({ minLength: MAX_INPUT_LENGTH + 1 }), status: fc.constant("wrong"), tries: fc.nat() }),
  fc.record({ input: fc.integer(), status: fc.constant("wrong"), tries: fc.nat() }),
  fc.constantFrom(null, 7, "x", []),
);

describe("saved progress, entry by entry", () => {
  it.each([
    ["tries 1.5", { input: "5", status: "correct", tries: 1.5 }],
    ["tries -1", { input: "5", status: "correct", tries: -1 }],
    ["status maybe", { input: "5", status: "maybe", tries: 1 }],
    ["input a number", { input: 5, status: "correct", tries: 1 }],
    ["input too long", { input: "9".repeat(MAX_INPUT_LENGTH + 1), status: "revealed", tries: 0 }],
  ])("drops only the bad entry (%s) and keeps the others", (_, bad) => {
    const r = parseProgress(saved({ q1: good, q2: bad, q3: { ...good, status: "correct" } }), ids);
    expect(r.problem).toBeUndefined();
    expect(r.dropped).toEqual(["q2"]);
    expect(r.progress.answers).toEqual({ q1: good, q3: { ...good, status: "correct" } });
  });

  it("valid entries always survive, whatever bad entries sit beside them (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), validEntry, badEntry), { minLength: 1, maxLength: 8 }), (rows) => {
        const qids = rows.map((_, i) => `q${i}`);
        const answers: Record<string, unknown> = {};
        rows.forEach(([ok, v, b], i) => (answers[`q${i}`] = ok ? v : b));
        const r = parseProgress(saved(answers), qids);
        expect(r.problem).toBeUndefined();
        rows.forEach(([ok, v], i) => {
          if (ok) expect(r.progress.answers[`q${i}`]).toEqual(v);
          else expect(r.progress.answers[`q${i}`]).toBeUndefined();
        });
        expect(r.dropped).toEqual(qids.filter((_, i) => !rows[i]?.[0]));
      }),
      { numRuns: depth(200, 2000) },
    );
  });

  it("a long answer is cut when saved, so it can be read back (the Show answer bug)", () => {
    const long = "1".repeat(5000);
    const p = withAnswer(EMPTY_PROGRESS, "q1", { input: long, status: "revealed", tries: 0 });
    const p2 = withAnswer(p, "q2", good);
    const r = parseProgress(JSON.stringify(p2), ids);
    expect(r.dropped).toEqual([]);
    expect(r.progress.answers["q1"]).toEqual({ input: long.slice(0, MAX_INPUT_LENGTH), status: "revealed", tries: 0 });
    expect(r.progress.answers["q2"]).toEqual(good);
  });
});

describe("export and import", () => {
  const key = "tcp-lab:quiz:handshake:medium:3:handshake:42";
  const p = withAnswer(withAnswer(EMPTY_PROGRESS, "q1", good), "q3", { input: "", status: "revealed", tries: 0 });

  it("round-trips any valid progress (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...ids), validEntry), (answers) => {
        const prog = { version: PROGRESS_VERSION, answers } as const;
        expect(importProgress(exportProgress(prog, key), key, ids)).toEqual({ progress: prog });
      }),
      { numRuns: depth(100, 1000) },
    );
  });

  it.each([
    ["not JSON", "{oops", "notJson"],
    ["another kind of JSON", JSON.stringify({ version: 2, answers: {} }), "notProgress"],
    ["no answers", JSON.stringify({ format: "tcp-lab-quiz-progress", version: 2, quiz: key }), "notProgress"],
    ["another quiz", exportProgress(p, key.replace(":42", ":43")), "otherQuiz"],
    ["a bad entry", exportProgress(p, key).replace('"tries": 2', '"tries": 1.5'), "badEntry"],
    ["an unknown question", exportProgress(withAnswer(p, "q9", good), key), "badEntry"],
  ])("refuses %s as a whole", (_, text, problem) => {
    expect(importProgress(text, key, ids)).toEqual({ problem });
  });
});
