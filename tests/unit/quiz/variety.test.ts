/** Variety inside one quiz: no exact repeats, and the 2^32 wrap at medium as well as hard. */
import { describe, expect, it } from "vitest";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { LEVELS, TOPICS, type Question, type Topic } from "../../../src/quiz/types.ts";
import { depth } from "../support/depth.ts";
import { CONFUSIONS } from "../../../src/quiz/gen/states.ts";

/** Everything a student sees that could make two questions identical (the id aside). */
const seen = (q: Question): string => JSON.stringify([q.kind, q.vars, q.table, q.answer, q.level]);

describe("no exact duplicate question within one quiz", () => {
  const SEEDS = depth(1, 60);
  const topicSets: (readonly Topic[])[] = [TOPICS, ...TOPICS.map((t) => [t])];
  it(`${SEEDS} seeds × every level × every topic and all topics together, 20 questions each`, () => {
    for (const topics of topicSets)
      for (const level of LEVELS)
        for (let seed = 1; seed <= SEEDS; seed++) {
          const quiz = generateQuiz({ topics, count: 20, level, seed: seed * 977 });
          const keys = quiz.map(seen);
          const repeats = keys.filter((k, i) => keys.indexOf(k) !== i);
          expect(repeats, `${topics.join(",")} ${level} seed ${seed}`).toEqual([]);
          // Re-rolls stay deterministic: the same link rebuilds the same quiz.
          if (seed === 1) expect(generateQuiz({ topics, count: 20, level, seed: seed * 977 }).map(seen)).toEqual(keys);
        }
  }, 120_000);
});

describe("the 2^32 wrap", () => {
  it("appears at medium and hard but never at easy (handshake questions whose plain sum wraps)", () => {
    const wraps = { easy: 0, medium: 0, hard: 0 };
    for (const level of LEVELS)
      for (let seed = 1; seed <= 12; seed++)
        for (const q of generateQuiz({ topics: ["handshake"], count: 8, level, seed })) {
          const sum = q.explainVars["sum"];
          if (typeof sum === "number" && (sum >= 2 ** 32 || sum < 0)) wraps[level]++;
        }
    expect(wraps.easy).toBe(0);
    expect(wraps.medium).toBeGreaterThan(2);
    expect(wraps.hard).toBeGreaterThan(wraps.medium / 2);
  });
});

describe("choices", () => {
  it("offer at least four options (knob defaults: the three values the knob takes), wrong states from real confusions", () => {
    let stateQuestions = 0;
    for (const level of LEVELS)
      for (let seed = 1; seed <= 6; seed++)
        for (const q of generateQuiz({ topics: ["states", "timewait", "sysctl"], count: 12, level, seed })) {
          if (q.answer.kind !== "choice") continue;
          expect(q.answer.options.length, q.kind).toBeGreaterThanOrEqual(q.kind === "knob-default" ? 3 : 4);
          if (q.kind !== "state-after") continue;
          stateQuestions++;
          const { options, correct } = q.answer;
          const right = (options[correct] as { literal: string }).literal;
          const wrong = options.filter((_, i) => i !== correct) as { literal: string }[];
          for (const w of wrong) expect(CONFUSIONS[right], `${right} vs ${w.literal}`).toContain(w.literal);
        }
    expect(stateQuestions).toBeGreaterThan(5);
  });
});
