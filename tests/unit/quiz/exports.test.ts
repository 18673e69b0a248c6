import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { SyntaxValidator } from "fast-xml-validator";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { toMoodleXml } from "../../../src/quiz/export/moodle.ts";
import { toGift } from "../../../src/quiz/export/gift.ts";
import { toQtiItems, QTI_NS } from "../../../src/quiz/export/qti.ts";
import { toCsvKey, CSV_HEADER } from "../../../src/quiz/export/csv.ts";
import { exportQuiz } from "../../../src/quiz/export/formats.ts";
import { answerText, choiceText, orderSpellings, promptText, type QuizStrings } from "../../../src/quiz/text.ts";
import { studentSeed } from "../../../src/quiz/seeded.ts";
import type { Question, QuizSpec } from "../../../src/quiz/types.ts";
import { parseCsv } from "./csv-reader.ts";

const strings = JSON.parse(
  readFileSync(new URL("../../../content/_strings/en/quiz.json", import.meta.url), "utf8"),
) as QuizStrings;
const spec: QuizSpec = {
  topics: ["handshake", "states", "timewait", "sysctl"],
  count: 16,
  level: "medium",
  seed: 2024,
};
const questions = generateQuiz(spec);
const easy = generateQuiz({ ...spec, level: "easy", count: 8 });
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["question", "answer", "assessmentItem", "simpleChoice"].includes(name),
});

type Node = Record<string, unknown>;
const node = (x: unknown): Node => x as Node;

describe("Moodle XML", () => {
  for (const [label, set] of [
    ["medium", questions],
    ["easy", easy],
  ] as const) {
    it(`is well-formed and has Moodle's structure (${label})`, () => {
      const xml = toMoodleXml(set, strings, "tcp-lab-test");
      expect(SyntaxValidator.validate(xml)).toBe(true);
      const quiz = node(parser.parse(xml)["quiz"]);
      const all = quiz["question"] as Node[];
      expect(node(all[0])["@_type"]).toBe("category");
      const items = all.slice(1);
      expect(items).toHaveLength(set.length);
      items.forEach((item, i) => {
        const q = set[i] as Question;
        const type = item["@_type"];
        expect(type).toBe({ number: "numerical", choice: "multichoice", order: "shortanswer" }[q.answer.kind]);
        expect(typeof node(item["name"])["text"]).toBe("string");
        const qt = node(item["questiontext"]);
        expect(qt["@_format"]).toBe("html");
        // The question text (after entity decoding) is the prompt, HTML-escaped inside the HTML.
        expect(String(qt["text"])).toContain(
          promptText(q, strings)
            .replace(/&/g, "&amp;")
            .replace(/</g, "&lt;")
            .replace(/>/g, "&gt;")
            .replace(/"/g, "&quot;"),
        );
        const answers = item["answer"] as Node[];
        const full = answers.filter((a) => a["@_fraction"] === "100");
        expect(full).toHaveLength(q.answer.kind === "order" ? orderSpellings(q.answer.accepted).length : 1);
        for (const a of answers) expect(["0", "100"]).toContain(a["@_fraction"]);
        if (q.answer.kind === "number") {
          expect(Number(full[0]?.["text"])).toBe(q.answer.value);
          expect(Number(full[0]?.["tolerance"])).toBe(q.answer.tolerance);
          // Zero-credit answers are the distractors, never the answer, then a "*" catch-all with "not quite".
          const last = node(answers.at(-1));
          expect(last["text"]).toBe("*");
          expect(node(last["feedback"])["text"]).toBe(strings.ui["wrong"]);
          for (const a of answers.filter((x) => x["@_fraction"] === "0").slice(0, -1)) {
            expect(Math.abs(Number(a["text"]) - q.answer.value)).toBeGreaterThan(q.answer.tolerance);
            expect(a["tolerance"]).toBe("0");
          }
        } else if (q.answer.kind === "choice") {
          expect(answers).toHaveLength(q.answer.options.length);
          expect(full[0]?.["text"]).toBe(choiceText(q.answer.options[q.answer.correct] as never, strings));
          expect(item["single"]).toBe("true");
          expect(node(item["correctfeedback"])["text"]).toBe(strings.ui["correct"]);
          expect(node(item["incorrectfeedback"])["text"]).toBe(strings.ui["wrong"]);
        } else {
          // Moodle compares short answers exactly apart from case: one answer per accepted order and spelling,
          // then a catch-all that earns nothing.
          expect(full.map((a) => a["text"])).toEqual(orderSpellings(q.answer.accepted));
          expect(full.map((a) => a["text"])).toContain(q.answer.correct.split("").join(" "));
          expect(item["usecase"]).toBe("0");
          expect(answers.at(-1)?.["text"]).toBe("*");
          expect(answers.at(-1)?.["@_fraction"]).toBe("0");
        }
      });
    });
  }
});

/** A small GIFT reader: enough of the format to check what we write (title, [html] text, answer block). */
function parseGift(text: string): { title: string; body: string; answers: string }[] {
  const out: { title: string; body: string; answers: string }[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const lines = para.split("\n").filter((l) => !l.startsWith("//") && !l.startsWith("$CATEGORY") && l.trim() !== "");
    if (lines.length === 0) continue;
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    const m = /^::((?:\\.|[^:\\])*)::\[html\]((?:\\.|[^{\\])*)\{((?:\\.|[^}\\])*)\}$/.exec(line);
    if (!m) throw new Error(`not a GIFT question: ${line.slice(0, 120)}`);
    out.push({ title: m[1] as string, body: m[2] as string, answers: m[3] as string });
  }
  return out;
}
const unescapeGift = (t: string) => t.replace(/\\(.)/g, "$1");

describe("GIFT", () => {
  it("parses back to the same questions and answers", () => {
    for (const set of [questions, easy]) {
      const parsed = parseGift(toGift(set, strings, "tcp-lab-test"));
      expect(parsed).toHaveLength(set.length);
      parsed.forEach((p, i) => {
        const q = set[i] as Question;
        expect(unescapeGift(p.title)).toBe(`${q.id} ${q.kind}`);
        // Feedback follows "####"; answers come before it.
        const [answerPart] = p.answers.split("####");
        if (q.answer.kind === "number") {
          const m = /^#=([^:]+):([0-9.]+)#(.*?)(?: =%0%|$)/.exec(answerPart as string);
          expect(unescapeGift(m?.[3] ?? "")).toBe(strings.ui["correct"]);
          expect(Number(m?.[1])).toBe(q.answer.value);
          expect(Number(m?.[2])).toBe(q.answer.tolerance);
        } else if (q.answer.kind === "choice") {
          const options = (answerPart as string).trim().split(/ (?=[=~])/);
          expect(options).toHaveLength(q.answer.options.length);
          const right = options.filter((o) => o.startsWith("="));
          expect(right).toHaveLength(1);
          // Each option carries its feedback after an unescaped #.
          const [rightText, rightNote] = (right[0]?.slice(1) ?? "").split(/(?<!\\)#/);
          expect(unescapeGift(rightText ?? "")).toBe(answerText(q, strings));
          expect(unescapeGift(rightNote ?? "")).toBe(strings.ui["correct"]);
          for (const w of options.filter((o) => o.startsWith("~")))
            expect((w.split(/(?<!\\)#/)[1] ?? "").length).toBeGreaterThan(0);
        } else {
          // One full-credit answer per accepted order and spelling.
          const right = (answerPart as string)
            .trim()
            .split(/ (?==)/)
            .map((o) => o.slice(1).split(/(?<!\\)#/));
          expect(right.map(([o]) => unescapeGift(o ?? ""))).toEqual(orderSpellings(q.answer.accepted));
          expect(right.map(([o]) => unescapeGift(o ?? ""))).toContain(q.answer.correct.split("").join(" "));
          for (const [, note] of right) expect(unescapeGift(note ?? "")).toBe(strings.ui["correct"]);
        }
      });
    }
  });
});

/**
 * The part of QTI 2.1 response processing the export uses (responseCondition,
 * match, equal with an absolute tolerance, mapResponse, setOutcomeValue), run
 * on one response. Returns the outcomes it sets.
 */
function runProcessing(item: Node, response: string): Record<string, string | number> {
  const decl = node(item["responseDeclaration"]);
  const correct = String(node(decl["correctResponse"])["value"]);
  const out: Record<string, string | number> = {};
  const value = (x: Node): string | number => {
    if (x["mapResponse"] !== undefined) {
      const mapping = node(decl["mapping"]);
      const entries = ([] as Node[]).concat(mapping["mapEntry"] as Node[]);
      const hit = entries.find((e) =>
        e["@_caseSensitive"] === "false"
          ? String(e["@_mapKey"]).toLowerCase() === response.toLowerCase()
          : e["@_mapKey"] === response,
      );
      return Number(hit?.["@_mappedValue"] ?? mapping["@_defaultValue"]);
    }
    const b = node(x["baseValue"]);
    return b["@_baseType"] === "float" ? Number(b["#text"]) : String(b["#text"]);
  };
  const set = (x: unknown): void => {
    for (const s of ([] as Node[]).concat((x ?? []) as Node[])) out[String(s["@_identifier"])] = value(s);
  };
  const test = (x: Node): boolean => {
    if (x["match"] !== undefined) return response === correct;
    const eq = node(x["equal"]);
    const [lo, hi] = String(eq["@_tolerance"]).split(" ").map(Number);
    return Number(response) >= Number(correct) - (lo ?? 0) && Number(response) <= Number(correct) + (hi ?? 0);
  };
  const rp = node(item["responseProcessing"]);
  expect(rp["@_template"], "no template: the processing must also set FEEDBACK").toBeUndefined();
  const cond = rp["responseCondition"];
  if (cond !== undefined) {
    const c = node(cond);
    const branch = test(node(c["responseIf"])) ? node(c["responseIf"]) : node(c["responseElse"]);
    set(branch["setOutcomeValue"]);
  }
  set(rp["setOutcomeValue"]);
  return out;
}

describe("QTI 2.1", () => {
  it("shows the worked explanation only once a response is processed", () => {
    const items = node(parser.parse(toQtiItems(questions, strings, "t"))["itemBank"])["assessmentItem"] as Node[];
    for (const item of items) {
      const fb = node(item["modalFeedback"]);
      // showHide="show": shown only while FEEDBACK equals EXPLAIN; FEEDBACK has no default, so nothing shows
      // before processing, and every processing path sets it.
      expect(fb["@_showHide"]).toBe("show");
      expect(fb["@_outcomeIdentifier"]).toBe("FEEDBACK");
      expect(fb["@_identifier"]).toBe("EXPLAIN");
      const decls = ([] as Node[]).concat(item["outcomeDeclaration"] as Node[]);
      const feedbackDecl = decls.find((d) => d["@_identifier"] === "FEEDBACK");
      expect(feedbackDecl?.["@_baseType"]).toBe("identifier");
      expect(feedbackDecl?.["defaultValue"]).toBeUndefined();
      expect(runProcessing(item, "").FEEDBACK).toBe("EXPLAIN");
    }
  });

  it("the two quiz sets exercise every branch: choice, order, and numbers with and without a tolerance", () => {
    const all = [...questions, ...easy];
    expect(all.some((q) => q.answer.kind === "choice")).toBe(true);
    expect(all.some((q) => q.answer.kind === "order")).toBe(true);
    expect(all.some((q) => q.answer.kind === "number" && q.answer.tolerance > 0)).toBe(true);
    expect(all.some((q) => q.answer.kind === "number" && q.answer.tolerance === 0)).toBe(true);
  });

  for (const [label, set] of [
    ["medium", questions],
    ["easy", easy],
  ] as const) {
    it(`is well-formed with one item per question and the right correct response (${label})`, () => {
      const xml = toQtiItems(set, strings, "tcp-lab test");
      expect(SyntaxValidator.validate(xml)).toBe(true);
      const items = node(parser.parse(xml)["itemBank"])["assessmentItem"] as Node[];
      expect(items).toHaveLength(set.length);
      items.forEach((item, i) => {
        const q = set[i] as Question;
        expect(item["@_xmlns"]).toBe(QTI_NS);
        const decl = node(item["responseDeclaration"]);
        const value = node(decl["correctResponse"])["value"];
        const body = node(item["itemBody"]);
        const processing = node(item["responseProcessing"]);
        if (q.answer.kind === "number") {
          expect(decl["@_baseType"]).toBe("float");
          expect(Number(value)).toBe(q.answer.value);
          expect(body["p"]).toBeDefined();
          expect(node(node(body["p"])["textEntryInteraction"])["@_responseIdentifier"]).toBe("RESPONSE");
          if (q.answer.tolerance > 0) {
            expect(JSON.stringify(item["responseProcessing"])).toContain("absolute");
            const equal = node(node(node(processing["responseCondition"])["responseIf"])["equal"]);
            expect(equal["@_toleranceMode"]).toBe("absolute");
            expect(equal["@_tolerance"]).toBe(`${q.answer.tolerance} ${q.answer.tolerance}`);
          }
          expect(runProcessing(item, String(q.answer.value))).toEqual({ SCORE: 1, FEEDBACK: "EXPLAIN" });
          expect(runProcessing(item, String(q.answer.value + q.answer.tolerance + 1)).SCORE).toBe(0);
        } else if (q.answer.kind === "choice") {
          const choices = node(body["choiceInteraction"])["simpleChoice"] as unknown[];
          expect(choices).toHaveLength(q.answer.options.length);
          expect(value).toBe(`C${q.answer.correct}`);
          expect(runProcessing(item, `C${q.answer.correct}`)).toEqual({ SCORE: 1, FEEDBACK: "EXPLAIN" });
          expect(runProcessing(item, `C${(q.answer.correct + 1) % q.answer.options.length}`)).toEqual({
            SCORE: 0,
            FEEDBACK: "EXPLAIN",
          });
        } else {
          expect(value).toBe(q.answer.correct);
          expect(decl["@_baseType"]).toBe("string");
          // map_response: every accepted order and spelling maps to full credit, nothing else scores.
          for (const o of q.answer.accepted) {
            expect(runProcessing(item, [...o].join(" ").toLowerCase())).toEqual({ SCORE: 1, FEEDBACK: "EXPLAIN" });
          }
          expect(runProcessing(item, [...q.answer.correct].reverse().join("")).SCORE).toBe(0);
          const mapping = node(decl["mapping"]);
          expect(mapping["@_defaultValue"]).toBe("0");
          const entries = ([] as Node[]).concat(mapping["mapEntry"] as Node[]);
          expect(entries.map((e) => e["@_mapKey"])).toEqual(orderSpellings(q.answer.accepted));
          for (const e of entries) {
            expect(e["@_mappedValue"]).toBe("1");
            expect(e["@_caseSensitive"]).toBe("false");
          }
        }
      });
    });
  }
});

describe("CSV answer key", () => {
  it("round-trips every student's answers", () => {
    const students = ['Alice "Al" Smith', "bob,jr", "карина"];
    const variants = students.map((student) => {
      const seed = studentSeed("NET-7", student);
      return { student, seed, questions: generateQuiz({ ...spec, count: 5, seed }) };
    });
    const rows = parseCsv(toCsvKey(variants, strings));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    const body = rows.slice(1);
    expect(body).toHaveLength(15);
    body.forEach((r, i) => {
      const v = variants[Math.floor(i / 5)];
      const q = v?.questions[i % 5] as Question;
      expect(r[0]).toBe(v?.student);
      expect(Number(r[1])).toBe(v?.seed);
      expect(r[2]).toBe(q.id);
      const a = q.answer;
      // Choices as letter and text, orders as every accepted order, numbers as themselves.
      expect(r[5]).toBe(
        a.kind === "choice"
          ? `${"abcdefgh"[a.correct]}) ${answerText(q, strings)}`
          : a.kind === "order"
            ? a.accepted.join(" | ")
            : answerText(q, strings),
      );
      expect(r[7]).toBe(promptText(q, strings));
      // The whole question: its segment table (every row) and its options (every one, lettered).
      expect((r[8] ?? "").split("\n").filter((l) => l !== "")).toHaveLength(q.table?.rows.length ?? 0);
      if (a.kind === "choice") {
        expect(r[9]?.split("\n")).toEqual(a.options.map((o, k) => `${"abcdefgh"[k]}) ${choiceText(o, strings)}`));
      } else expect(r[9]).toBe("");
    });
  });

  it("is what exportQuiz writes for csv, after a UTF-8 byte order mark (how Excel recognises UTF-8)", () => {
    expect(exportQuiz("csv", { spec, questions, strings })).toBe(
      "\ufeff" + toCsvKey([{ student: "", seed: spec.seed, questions }], strings),
    );
  });
});
