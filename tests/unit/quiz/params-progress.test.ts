import { describe, expect, it } from "vitest";
import { parseQuizQuery, specFromQuery, specQuery } from "../../../src/quiz/params.ts";
import {
  EMPTY_PROGRESS,
  parseProgress,
  progressKey,
  score,
  withAnswer,
  PROGRESS_VERSION,
} from "../../../src/quiz/progress.ts";
import { studentSeed } from "../../../src/quiz/seeded.ts";
import type { Topic } from "../../../src/quiz/types.ts";

const defaults = { topics: ["handshake"] as Topic[], count: 10, level: "medium" as const };
const query = (qs: string) => {
  const p = new URLSearchParams(qs);
  return parseQuizQuery((k) => p.get(k), defaults);
};

describe("parseQuizQuery", () => {
  it("reads a good link", () => {
    const q = query("seed=42&n=5&level=hard&topics=states,sysctl");
    expect(q).toEqual({ seed: 42, count: 5, level: "hard", topics: ["states", "sysctl"], problems: [] });
  });
  it("falls back to defaults and reports each bad value", () => {
    const q = query("seed=abc&n=-3&level=expert&topics=dns");
    expect(q.seed).toBeUndefined();
    expect(q.count).toBe(10);
    expect(q.level).toBe("medium");
    expect(q.topics).toEqual(["handshake"]);
    expect(q.problems).toEqual(["seed", "n", "level", "topics"]);
  });
  it("rejects seeds outside 32 bits and counts outside 1..50", () => {
    expect(query("seed=4294967296").problems).toEqual(["seed"]);
    expect(query("seed=4294967295").seed).toBe(4294967295);
    expect(query("n=0").problems).toEqual(["n"]);
    expect(query("n=51").problems).toEqual(["n"]);
    expect(query("n=2.5").problems).toEqual(["n"]);
  });
  it("derives a per-student seed from code and identifier, ignoring the link's seed", () => {
    const q = query("code=NET-101&student=Alice&seed=5");
    expect(specFromQuery(q, 0).seed).toBe(studentSeed("NET-101", "alice"));
    expect(specFromQuery(query("seed=5"), 9).seed).toBe(5);
    expect(specFromQuery(query(""), 9).seed).toBe(9);
  });
  it("round-trips a spec through its link", () => {
    const spec = { topics: ["timewait", "handshake"] as Topic[], count: 7, level: "easy" as const, seed: 123 };
    const q = query(specQuery(spec));
    expect(specFromQuery(q, 0)).toEqual(spec);
  });
});

describe("saved progress", () => {
  const ids = ["q1", "q2"];
  it("round-trips", () => {
    const p = withAnswer(EMPTY_PROGRESS, "q1", { input: "4 294", status: "wrong", tries: 1 });
    expect(parseProgress(JSON.stringify(p), ids)).toEqual({ progress: p, dropped: [] });
  });
  it("treats nothing saved as a fresh start", () => {
    expect(parseProgress(null, ids)).toEqual({ progress: EMPTY_PROGRESS, dropped: [] });
  });
  it.each([
    ["{not json", "corrupt"],
    ["[]", "corrupt"],
    ["42", "corrupt"],
    [JSON.stringify({ version: PROGRESS_VERSION, answers: [] }), "corrupt"],
    [JSON.stringify({ version: 1, answers: {} }), "oldVersion"],
  ])("ignores %s as %s", (raw, problem) => {
    expect(parseProgress(raw, ids)).toEqual({ progress: EMPTY_PROGRESS, problem, dropped: [] });
  });
  it("drops answers to questions the quiz does not have", () => {
    const raw = JSON.stringify({
      version: PROGRESS_VERSION,
      answers: { q9: { input: "1", status: "correct", tries: 1 } },
    });
    expect(parseProgress(raw, ids).progress.answers).toEqual({});
  });
  it("scores correct answers, not revealed ones", () => {
    let p = withAnswer(EMPTY_PROGRESS, "q1", { input: "1", status: "correct", tries: 1 });
    p = withAnswer(p, "q2", { input: "", status: "revealed", tries: 2 });
    expect(score(p, ids)).toEqual({ correct: 1, answered: 2, total: 2 });
  });
  it("keys progress by quiz and seed", () => {
    const spec = { topics: ["handshake"] as Topic[], count: 3, level: "easy" as const, seed: 1 };
    expect(progressKey("handshake", spec)).not.toBe(progressKey("handshake", { ...spec, seed: 2 }));
    expect(progressKey("handshake", spec)).not.toBe(progressKey("states", spec));
  });
});
