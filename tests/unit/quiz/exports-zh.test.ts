/**
 * Quizzes in Simplified Chinese: every export in Chinese with the encoding its
 * consumer needs, and the same seed giving the same numbers in both
 * languages, so a class can mix languages.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { SyntaxValidator } from "fast-xml-validator";
import { describe, expect, it } from "vitest";
import { exportQuiz, fileName, type TextFormat } from "../../../src/quiz/export/formats.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { answerText, explanationText, mistakeText, promptText, type QuizStrings } from "../../../src/quiz/text.ts";
import { LEVELS, type Level, type QuizSpec } from "../../../src/quiz/types.ts";
import { englishWords, hanCount } from "../i18n/text.ts";
import { parseCsv } from "./csv-reader.ts";

const load = (dir: string) => JSON.parse(readFileSync(`content/_strings/${dir}/quiz.json`, "utf8")) as QuizStrings;
const en = load("en");
const zh = load("zh-cn");

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["question", "answer", "assessmentItem", "simpleChoice"].includes(name),
});
type Node = Record<string, unknown>;
const node = (x: unknown): Node => x as Node;

/**
 * The numbers in a text, in order; "65,536" (English grouping) and "65536" are
 * the same number, and "4-tuple" is the word 四元组, not a number.
 */
const numbers = (t: string): string[] =>
  (t.replace(/4-tuple/g, "").match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? []).map((n) => n.replace(/,/g, ""));
const stripTags = (html: string): string =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

const spec: QuizSpec = { topics: ["handshake", "states", "timewait", "sysctl"], count: 20, level: "medium", seed: 42 };
const sets = [spec, { ...spec, level: "easy" as Level, seed: 7 }, { ...spec, level: "hard" as Level, seed: 2024 }];

describe("the Chinese quiz strings", { timeout: 120_000 }, () => {
  it("say which language they are", () => {
    expect(en.lang).toBe("en");
    expect(zh.lang).toBe("zh-CN");
  });

  it("have a prompt and an explanation in Chinese for every question kind the generators produce", () => {
    const kinds = new Set(sets.flatMap((s) => generateQuiz(s).map((q) => q.kind)));
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    for (const s of sets) {
      for (const q of generateQuiz(s)) {
        for (const text of [promptText(q, zh), explanationText(q, zh), answerText(q, zh)]) {
          expect(englishWords(text), `${q.kind}: ${text}`).toEqual([]);
        }
        expect(hanCount(promptText(q, zh)), q.kind).toBeGreaterThan(5);
        for (const d of q.distractors) expect(hanCount(mistakeText(d.mistake, zh)), d.mistake).toBeGreaterThan(3);
      }
    }
  });
});

describe("the same seed gives the same numbers in English and Chinese", { timeout: 120_000 }, () => {
  it("prompt, options, answer, explanation and hints carry the same numbers in the same order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(...LEVELS), (seed, level) => {
        for (const q of generateQuiz({ ...spec, count: 12, level, seed })) {
          expect(numbers(promptText(q, zh)), q.kind).toEqual(numbers(promptText(q, en)));
          expect(answerText(q, zh) === answerText(q, en) || q.answer.kind === "choice", q.kind).toBe(true);
          expect(numbers(answerText(q, zh)), q.kind).toEqual(numbers(answerText(q, en)));
          expect(numbers(explanationText(q, zh)).sort(), q.kind).toEqual(numbers(explanationText(q, en)).sort());
          for (const d of q.distractors)
            expect(numbers(mistakeText(d.mistake, zh)).sort(), d.mistake).toEqual(
              numbers(mistakeText(d.mistake, en)).sort(),
            );
        }
      }),
      { numRuns: 12 },
    );
  });

  it("Moodle XML in both languages has the same questions, answers, tolerances and numbers", () => {
    for (const s of sets) {
      const questions = generateQuiz(s);
      const items = (lang: QuizStrings) =>
        (
          node(parser.parse(exportQuiz("moodle", { spec: s, questions, strings: lang }))["quiz"])["question"] as Node[]
        ).slice(1);
      const a = items(en);
      const b = items(zh);
      expect(b).toHaveLength(a.length);
      a.forEach((x, i) => {
        const y = b[i] as Node;
        expect(y["@_type"]).toBe(x["@_type"]);
        const qt = (n: Node) => stripTags(String(node(n["questiontext"])["text"]));
        expect(numbers(qt(y))).toEqual(numbers(qt(x)));
        const answers = (n: Node) =>
          (n["answer"] as Node[]).map((ans) => [ans["@_fraction"], numbers(String(ans["text"])), ans["tolerance"]]);
        expect(answers(y)).toEqual(answers(x));
      });
    }
  });
});

describe("exports in Chinese", { timeout: 120_000 }, () => {
  const questions = generateQuiz(spec);
  const file = (format: TextFormat) => exportQuiz(format, { spec, questions, strings: zh });

  it("Moodle XML: declares UTF-8, is well-formed, and every text a student or grader sees is Chinese", () => {
    const xml = file("moodle");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(SyntaxValidator.validate(xml)).toBe(true);
    const all = node(parser.parse(xml)["quiz"])["question"] as Node[];
    expect(String(node(node(all[0])["category"])["text"])).toBe(
      `$course$/${fileName("moodle", spec, "zh-CN").replace(/\.moodle\.xml$/, "")}`,
    );
    const items = all.slice(1);
    expect(items).toHaveLength(questions.length);
    items.forEach((item, i) => {
      const q = questions[i];
      const texts = [
        stripTags(String(node(item["questiontext"])["text"])),
        String(node(item["generalfeedback"])["text"]),
        ...(item["answer"] as Node[]).map((a) => String(a["text"])),
        ...(item["answer"] as Node[]).map((a) => String(node(a["feedback"])["text"])),
      ];
      for (const t of texts) expect(englishWords(t), `${q?.kind}: ${t}`).toEqual([]);
      expect(hanCount(texts[0] ?? "")).toBeGreaterThan(5);
      expect(texts[1]).toBe(q && explanationText(q, zh));
    });
  });

  it("GIFT: the question bodies, options and feedback are Chinese", () => {
    const gift = file("gift");
    const paragraphs = gift.split("\n\n").filter((p) => p.startsWith("::"));
    expect(paragraphs).toHaveLength(questions.length);
    for (const p of paragraphs) {
      const body = stripTags(p.replace(/^::(?:\\.|[^:\\])*::\[html\]/, "").replace(/\\(.)/g, "$1"));
      expect(englishWords(body), body).toEqual([]);
      expect(hanCount(body)).toBeGreaterThan(5);
    }
  });

  it("QTI: declares UTF-8 and xml:lang zh-CN on every item, and the items are Chinese", () => {
    const xml = file("qti");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(SyntaxValidator.validate(xml)).toBe(true);
    const items = node(parser.parse(xml)["itemBank"])["assessmentItem"] as Node[];
    expect(items).toHaveLength(questions.length);
    for (const item of items) {
      expect(item["@_xml:lang"]).toBe("zh-CN");
      const feedback = String(node(item["modalFeedback"])["#text"] ?? item["modalFeedback"]);
      expect(englishWords(feedback), feedback).toEqual([]);
      expect(hanCount(feedback)).toBeGreaterThan(5);
    }
    expect(exportQuiz("qti", { spec, questions, strings: en })).not.toContain("xml:lang");
  });

  it("CSV: starts with a UTF-8 BOM, has Chinese column titles and round-trips the answers and prompts", () => {
    const csv = file("csv");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(["学生", "种子", "题号", "主题", "题型", "答案", "容差", "题目", "报文段", "选项"]);
    rows.slice(1).forEach((r, i) => {
      const q = questions[i];
      expect(q).toBeDefined();
      if (q === undefined) return;
      const a = q.answer;
      expect(r[5]).toBe(
        a.kind === "choice"
          ? `${"abcdefgh"[a.correct]}) ${answerText(q, zh)}`
          : a.kind === "order"
            ? a.accepted.join(" | ")
            : answerText(q, zh),
      );
      expect(r[7]).toBe(promptText(q, zh));
    });
    expect(rows).toHaveLength(questions.length + 1);
  });

  it("print (text): Chinese prompts, and the segment table columns line up in display width", () => {
    const text = file("text");
    expect(text).toContain(zh.ui["answerKey"] ?? "?");
    const tableLines = text.split("\n").filter((l) => /(客户端|服务器) → (客户端|服务器)/.test(l));
    expect(tableLines.length).toBeGreaterThan(3);
    // "Seq" starts at the same display column on every row (CJK characters take two columns).
    const col = (l: string) => {
      const at = l.indexOf(" Seq ");
      return [...l.slice(0, at)].reduce((w, c) => w + (/[\u3000-\u9fff]/.test(c) ? 2 : 1), 0);
    };
    expect(new Set(tableLines.map(col)).size).toBe(1);
    // label (2), gap (2), direction (18), gap (2), segment name (8), then the space before "Seq".
    expect(col(tableLines[0] ?? "")).toBe(2 + 2 + 18 + 2 + 8 + 1);
  });

  it("file names carry the language; English names are unchanged", () => {
    expect(fileName("moodle", spec, "zh-CN")).toBe(
      "tcp-lab-handshake+states+timewait+sysctl-medium-n20-seed42-zh-CN.moodle.xml",
    );
    expect(fileName("moodle", spec)).toBe("tcp-lab-handshake+states+timewait+sysctl-medium-n20-seed42.moodle.xml");
  });
});

describe("npm run quiz -- --lang zh-CN", { timeout: 120_000 }, () => {
  it("writes a Chinese Moodle XML with the same answers as the English one", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["src/cli/quiz.ts", "--count", "6", "--seed", "42", "--format", "moodle", ...args], {
        encoding: "utf8",
      });
    const a = run();
    const b = run("--lang", "zh-CN");
    expect(b.status).toBe(0);
    expect(SyntaxValidator.validate(b.stdout)).toBe(true);
    expect(hanCount(b.stdout)).toBeGreaterThan(200);
    const answers = (xml: string) =>
      [...xml.matchAll(/<answer fraction="100"[^>]*><text>([0-9.]+)<\/text>/g)].map((m) => m[1]);
    expect(answers(b.stdout).length).toBeGreaterThan(0);
    expect(answers(b.stdout)).toEqual(answers(a.stdout));
  }, 120_000);
});
