import { describe, expect, it } from "vitest";
import { gradeCodes, gradebookCsv, gradeResults, safeCell, type GradebookLabels } from "../../../src/quiz/gradebook.ts";
import { parseQuizQuery } from "../../../src/quiz/params.ts";
import { answersShown, parseShow, withShow } from "../../../src/quiz/show.ts";
import { showParam } from "../../../src/quiz/show-param.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { encodeResults, normaliseCode, recordAnswer, type Results } from "../../../src/quiz/results-code.ts";
import { studentSeed } from "../../../src/quiz/seeded.ts";
import type { Question, QuizSpec, Topic } from "../../../src/quiz/types.ts";

const settings = { topics: ["handshake", "timewait"] as Topic[], count: 6, level: "medium" as const };

/** A right answer as a student would type it (choice: the option index). */
function rightInput(q: Question): string {
  const a = q.answer;
  if (a.kind === "choice") return String(a.correct);
  if (a.kind === "order") return [...a.correct].join(", ").toLowerCase();
  return `  ${a.value} `;
}
function wrongInput(q: Question): string {
  const a = q.answer;
  if (a.kind === "choice") return String((a.correct + 1) % a.options.length);
  if (a.kind === "order") return [...a.correct].reverse().join("");
  return String(a.value + 1000);
}

/** The code a student's page would make: answers right on even questions, wrong on odd, none on the last. */
function studentCode(code: string, student: string): { results: Results; text: string; questions: Question[] } {
  const spec: QuizSpec = { ...settings, seed: studentSeed(code, student) };
  const questions = generateQuiz(spec);
  const answers = questions.map((q, i) =>
    i === questions.length - 1
      ? recordAnswer(q, undefined)
      : recordAnswer(q, { input: i % 2 === 0 ? rightInput(q) : wrongInput(q), status: "wrong" }),
  );
  const results: Results = { ...settings, code, student, answersVisible: false, answers };
  return { results, text: encodeResults(results), questions };
}

const labels: GradebookLabels = {
  student: "Student",
  assignment: "Assignment",
  score: "Score",
  total: "Out of",
  question: "Q{n}",
  note: "Note",
  answersVisible: "answers were visible",
};

describe("regrading from the seeds", () => {
  it("marks each answer with the site's grading", () => {
    const { results } = studentCode("NET-7", "Alice Martin");
    const g = gradeResults(results);
    expect(g.marks).toEqual(["correct", "wrong", "correct", "wrong", "correct", "none"]);
    expect(g.score).toBe(3);
    expect(g.total).toBe(6);
  });
  it("a code for a class-wide seed regrades from that seed", () => {
    const questions = generateQuiz({ ...settings, seed: 99 });
    const answers = questions.map((q) => recordAnswer(q, { input: rightInput(q), status: "correct" }));
    expect(gradeResults({ ...settings, seed: 99, student: "Bob", answersVisible: true, answers }).score).toBe(6);
  });
  it("grades good lines and reports bad ones by line, keeping the later of two codes for a student", () => {
    const a = studentCode("NET-7", "Alice Martin").text;
    const b = studentCode("NET-7", "王小明").text;
    const symbols = normaliseCode(a);
    const typo = symbols.slice(0, 10) + (symbols[10] === "Q" ? "R" : "Q") + symbols.slice(11);
    const text = [a, "", typo, "  " + b.toLowerCase() + "  ", "hello!", "ALICE MARTIN OUT", a].join("\n");
    const { rows, problems } = gradeCodes(text);
    expect(rows.map((r) => [r.line, r.results.student, r.score])).toEqual([
      [4, "王小明", 3],
      [7, "Alice Martin", 3],
    ]);
    expect(problems).toEqual([
      { line: 1, problem: "replaced", by: 7 },
      { line: 3, problem: "checksum" },
      { line: 5, problem: "badCharacter", character: "!" },
      { line: 6, problem: "badCharacter", character: "U" },
    ]);
  });
});

describe("gradebook CSV", () => {
  it("has a BOM, a header and one row per student with 1/0 marks", () => {
    const { rows } = gradeCodes(
      [studentCode("NET-7", "Alice Martin").text, studentCode("NET-7", '李, "雷"').text].join("\n"),
    );
    const csv = gradebookCsv(rows, labels);
    expect(csv.startsWith("\ufeffStudent,Assignment,Score,Out of,Q1,Q2,Q3,Q4,Q5,Q6,Note\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[1]).toBe("Alice Martin,NET-7,3,6,1,0,1,0,1,0,");
    expect(lines[2]).toBe('"李, ""雷""",NET-7,3,6,1,0,1,0,1,0,');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
  });
  it("keeps a spreadsheet from running an identifier as a formula", () => {
    expect(safeCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(safeCell("alice")).toBe("alice");
  });
});

describe("answer mode in the link", () => {
  const defaults = { topics: ["handshake"] as Topic[], count: 10, level: "medium" as const };
  const q = (qs: string) => {
    const p = new URLSearchParams(qs);
    return withShow(
      parseQuizQuery((k) => p.get(k), defaults),
      p.get("show"),
    );
  };
  it("reads never, a date and an instant; writes them back", () => {
    expect(parseShow("never")).toEqual({ kind: "never" });
    expect(parseShow("2026-12-20")).toEqual({ kind: "until", at: Date.UTC(2026, 11, 20) });
    expect(parseShow("2026-12-20T16:05Z")).toEqual({ kind: "until", at: Date.UTC(2026, 11, 20, 16, 5) });
    expect(showParam(parseShow("2026-12-20T16:05Z"))).toBe("2026-12-20T16:05Z");
    expect(showParam(parseShow("2024-02-29"))).toBe("2024-02-29T00:00Z");
    expect(showParam({ kind: "until", at: Date.UTC(2099, 0, 1, 23, 59) })).toBe("2099-01-01T23:59Z");
    expect(showParam({ kind: "shown" })).toBeUndefined();
  });
  it("a malformed setting is reported and hides answers for good", () => {
    for (const bad of ["2026-02-30", "tomorrow", "2026-13-01", "2026-12-20T25:00Z", ""]) {
      const r = q(`seed=1&show=${encodeURIComponent(bad)}`);
      expect(r.problems).toEqual(["show"]);
      expect(r.show).toEqual({ kind: "never" });
    }
    expect(q("seed=1").show).toBeUndefined();
  });
  it("answers are shown from the instant on, never for never", () => {
    const at = Date.UTC(2026, 11, 20);
    expect(answersShown({ kind: "until", at }, at - 1)).toBe(false);
    expect(answersShown({ kind: "until", at }, at)).toBe(true);
    expect(answersShown({ kind: "never" }, at * 2)).toBe(false);
    expect(answersShown(undefined, 0)).toBe(true);
  });
});
