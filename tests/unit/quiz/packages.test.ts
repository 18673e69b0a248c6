/**
 * The QTI zip packages: the zip itself (read back with a small reader here,
 * CRCs checked against node:zlib), the IMS content-packaging manifest, and the
 * QTI 2.1 / 1.2 element and attribute rules the specs state that an importer
 * relies on: required elements and attributes, unique identifiers, every
 * reference (responseIdentifier, outcome, respident, linkrefid) resolving to a
 * declaration, and the manifest listing every file in the package.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { SyntaxValidator } from "fast-xml-validator";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { crc32, zipStored } from "../../../src/quiz/export/zip.ts";
import { IMSCP_NS, QTI12_NS, qti12Package, qti21Package } from "../../../src/quiz/export/qti-package.ts";
import { QTI_NS } from "../../../src/quiz/export/qti.ts";
import { exportQuiz, fileName, mimeType } from "../../../src/quiz/export/formats.ts";
import { choiceText, orderSpellings, type QuizStrings } from "../../../src/quiz/text.ts";
import type { Question, QuizSpec } from "../../../src/quiz/types.ts";

const load = (lang: string): QuizStrings =>
  JSON.parse(
    readFileSync(new URL(`../../../content/_strings/${lang}/quiz.json`, import.meta.url), "utf8"),
  ) as QuizStrings;
const langs = [
  ["en", load("en")],
  ["zh-cn", load("zh-cn")],
] as const;

const spec: QuizSpec = {
  topics: ["handshake", "states", "timewait", "sysctl"],
  count: 16,
  level: "medium",
  seed: 2024,
};
const sets = [
  ["medium", generateQuiz(spec)],
  ["easy", generateQuiz({ ...spec, level: "easy", count: 8, seed: 7 })],
  ["hard", generateQuiz({ ...spec, level: "hard", count: 12, seed: 99 })],
] as const;

/** Reads a zip through its central directory; checks each local header agrees and the CRC matches. */
function unzip(zip: Uint8Array): Map<string, string> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  const size = v.getUint32(end + 12, true);
  let at = v.getUint32(end + 16, true);
  expect(at + size).toBe(end);
  const dec = new TextDecoder("utf-8", { fatal: true });
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    expect(v.getUint16(at + 10, true), "stored").toBe(0);
    const crc = v.getUint32(at + 16, true);
    const length = v.getUint32(at + 20, true);
    expect(v.getUint32(at + 24, true)).toBe(length);
    const nameLength = v.getUint16(at + 28, true);
    const extra = v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
    const local = v.getUint32(at + 42, true);
    const name = dec.decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    expect(v.getUint32(local + 14, true)).toBe(crc);
    expect(v.getUint16(local + 26, true)).toBe(nameLength);
    const start = local + 30 + nameLength + v.getUint16(local + 28, true);
    const data = zip.subarray(start, start + length);
    expect(zlibCrc32(data) >>> 0, name).toBe(crc);
    expect(files.has(name), `duplicate ${name}`).toBe(false);
    files.set(name, dec.decode(data));
    at += 46 + nameLength + extra;
  }
  return files;
}

type Node = Record<string, unknown>;
const node = (x: unknown): Node => x as Node;
const list = (x: unknown): Node[] => (x === undefined ? [] : ([] as Node[]).concat(x as Node[]));
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

/** Every node under `x` (depth first), with its element name. */
function walk(x: unknown, name = ""): [string, Node][] {
  if (typeof x !== "object" || x === null) return [];
  if (Array.isArray(x)) return x.flatMap((y) => walk(y, name));
  const out: [string, Node][] = [[name, x as Node]];
  for (const [k, y] of Object.entries(x)) if (!k.startsWith("@_") && k !== "#text") out.push(...walk(y, k));
  return out;
}
const all = (x: unknown, name: string): Node[] => walk(x).flatMap(([n, y]) => (n === name ? [y] : []));
const text = (x: unknown): string => (typeof x === "object" && x !== null ? String(node(x)["#text"] ?? "") : String(x));
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The manifest's checks shared by both packages; returns resource type by href. */
function checkManifest(files: Map<string, string>, schema: string): Map<string, string> {
  const xml = files.get("imsmanifest.xml");
  expect(xml, "imsmanifest.xml at the root").toBeDefined();
  expect(SyntaxValidator.validate(xml as string)).toBe(true);
  const m = node(parser.parse(xml as string)["manifest"]);
  expect(m["@_xmlns"]).toBe(IMSCP_NS);
  expect(String(m["@_identifier"])).toMatch(NCNAME);
  expect(text(node(m["metadata"])["schema"])).toBe(schema);
  expect(m["organizations"]).toBeDefined(); // required, may be empty
  const resources = list(node(m["resources"])["resource"]);
  const ids = resources.map((r) => String(r["@_identifier"]));
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(NCNAME);
  const byHref = new Map<string, string>();
  for (const r of resources) {
    const href = String(r["@_href"]);
    expect(files.has(href), `${href} is in the zip`).toBe(true);
    expect(list(r["file"]).map((f) => f["@_href"])).toContain(href);
    for (const f of list(r["file"])) expect(files.has(String(f["@_href"]))).toBe(true);
    byHref.set(href, String(r["@_type"]));
  }
  // Every file but the manifest is listed.
  expect([...files.keys()].filter((f) => f !== "imsmanifest.xml").sort()).toEqual([...byHref.keys()].sort());
  return byHref;
}

describe("zip writer", () => {
  it("CRC-32 is the standard one", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const bytes = new Uint8Array(1000).map((_, i) => (i * 37) & 0xff);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes) >>> 0);
  });
  it("round-trips UTF-8 names and contents, and refuses a duplicate name", () => {
    const files = unzip(
      zipStored([
        { name: "a.txt", data: "x" },
        { name: "题/b.xml", data: "<a>中</a>" },
        { name: "e", data: "" },
      ]),
    );
    expect([...files]).toEqual([
      ["a.txt", "x"],
      ["题/b.xml", "<a>中</a>"],
      ["e", ""],
    ]);
    expect(() =>
      zipStored([
        { name: "a", data: "" },
        { name: "a", data: "" },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe("QTI 2.1 content package", () => {
  for (const [lang, s] of langs)
    for (const [label, questions] of sets)
      it(`manifest lists one item file per question, each a valid, self-consistent assessmentItem (${lang}, ${label})`, () => {
        const files = unzip(qti21Package(questions, s, "tcp-lab-test+x"));
        const types = checkManifest(files, "QTIv2.1 Package");
        expect(types.size).toBe(questions.length);
        const itemIds = new Set<string>();
        questions.forEach((q: Question) => {
          const href = `items/${q.id}.xml`;
          expect(types.get(href)).toBe("imsqti_item_xmlv2p1");
          const xml = files.get(href) as string;
          expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
          expect(SyntaxValidator.validate(xml)).toBe(true);
          const item = node(parser.parse(xml)["assessmentItem"]);
          expect(item["@_xmlns"]).toBe(QTI_NS);
          expect(String(item["@_xsi:schemaLocation"])).toContain(QTI_NS);
          // Required attributes of assessmentItem.
          for (const a of ["identifier", "title", "adaptive", "timeDependent"]) expect(item[`@_${a}`]).toBeDefined();
          const id = String(item["@_identifier"]);
          expect(id).toMatch(NCNAME);
          expect(itemIds.has(id)).toBe(false);
          itemIds.add(id);
          if (lang !== "en") expect(item["@_xml:lang"]).toBe(s.lang);
          // Declarations come first and have cardinality and baseType; identifiers are unique.
          const responses = list(item["responseDeclaration"]);
          const outcomes = list(item["outcomeDeclaration"]);
          for (const d of [...responses, ...outcomes]) {
            expect(d["@_cardinality"]).toBe("single");
            expect(d["@_baseType"]).toBeDefined();
          }
          const responseIds = responses.map((d) => String(d["@_identifier"]));
          const outcomeIds = outcomes.map((d) => String(d["@_identifier"]));
          expect(new Set([...responseIds, ...outcomeIds]).size).toBe(responseIds.length + outcomeIds.length);
          expect(outcomeIds).toContain("SCORE");
          expect(item["itemBody"]).toBeDefined();
          // Wiring: every interaction answers a declared response; processing reads declared responses and
          // sets declared outcomes; feedback hangs on a declared outcome.
          const interactions = [...all(item, "textEntryInteraction"), ...all(item, "choiceInteraction")];
          expect(interactions).toHaveLength(1);
          for (const i of interactions) expect(responseIds).toContain(String(i["@_responseIdentifier"]));
          const rp = item["responseProcessing"];
          for (const v of [...all(rp, "variable"), ...all(rp, "correct"), ...all(rp, "mapResponse")])
            expect(responseIds).toContain(String(v["@_identifier"]));
          const setIds = all(rp, "setOutcomeValue").map((o) => String(o["@_identifier"]));
          expect(new Set(setIds)).toEqual(new Set(["SCORE", "FEEDBACK"]));
          for (const o of setIds) expect(outcomeIds).toContain(o);
          for (const f of list(item["modalFeedback"])) expect(outcomeIds).toContain(String(f["@_outcomeIdentifier"]));
          const decl = responses[0] as Node;
          const correct = text(node(decl["correctResponse"])["value"]);
          if (q.answer.kind === "choice") {
            const choices = all(item, "simpleChoice").map((c) => String(c["@_identifier"]));
            expect(new Set(choices).size).toBe(q.answer.options.length);
            expect(choices).toContain(correct);
            expect(decl["@_baseType"]).toBe("identifier");
          } else if (q.answer.kind === "number") {
            expect(Number(correct)).toBe(q.answer.value);
          } else {
            const keys = all(decl, "mapEntry").map((e) => String(e["@_mapKey"]));
            expect(new Set(keys).size).toBe(keys.length);
            expect(keys).toEqual(orderSpellings(q.answer.accepted));
          }
        });
      });
});

/** Whether a QTI 1.2 conditionvar (varequal, vargte, varlte under or/and) holds for one response. */
function holds(cond: Node, response: string): boolean {
  const tests: boolean[] = [];
  for (const [k, v] of Object.entries(cond)) {
    for (const x of ([] as unknown[]).concat(v)) {
      if (k === "varequal") tests.push(response.toLowerCase() === text(x).toLowerCase());
      else if (k === "vargte") tests.push(Number(response) >= Number(text(x)));
      else if (k === "varlte") tests.push(Number(response) <= Number(text(x)));
      else if (k === "or") tests.push(holds(node(x), response));
      else if (k === "and") tests.push(!Object.entries(node(x)).some(([kk, y]) => !holds({ [kk]: y }, response)));
      else if (k === "other") tests.push(true);
    }
  }
  return tests.some(Boolean);
}

describe("QTI 1.2 package for Canvas", () => {
  const kindType = { number: "numerical_question", choice: "multiple_choice_question", order: "short_answer_question" };
  for (const [lang, s] of langs)
    for (const [label, questions] of sets)
      it(`one questestinterop assessment with an item per question that scores only right answers (${lang}, ${label})`, () => {
        const files = unzip(qti12Package(questions, s, "tcp-lab-test+x"));
        const types = checkManifest(files, "IMS Content");
        expect(types.size).toBe(1);
        const [[href, type]] = [...types] as [[string, string]];
        expect(type).toBe("imsqti_xmlv1p2");
        expect(href).toMatch(/^[^/]+\/[^/]+\.xml$/);
        const xml = files.get(href) as string;
        expect(SyntaxValidator.validate(xml)).toBe(true);
        const root = node(parser.parse(xml)["questestinterop"]);
        expect(root["@_xmlns"]).toBe(QTI12_NS);
        const assessment = node(root["assessment"]);
        expect(String(assessment["@_ident"])).toMatch(NCNAME);
        expect(assessment["@_title"]).toBe("tcp-lab-test+x");
        const section = node(assessment["section"]);
        expect(section["@_ident"]).toBe("root_section");
        const items = list(section["item"]);
        expect(items).toHaveLength(questions.length);
        const idents = items.map((i) => String(i["@_ident"]));
        expect(new Set(idents).size).toBe(idents.length);
        items.forEach((item, n) => {
          const q = questions[n] as Question;
          expect(String(item["@_ident"])).toMatch(NCNAME);
          const meta = new Map(
            all(item["itemmetadata"], "qtimetadatafield").map((f) => [text(f["fieldlabel"]), text(f["fieldentry"])]),
          );
          expect(meta.get("question_type")).toBe(kindType[q.answer.kind]);
          expect(Number(meta.get("points_possible"))).toBe(1);
          const presentation = node(item["presentation"]);
          expect(all(node(presentation["material"]), "mattext")).toHaveLength(1);
          const responses = [...list(presentation["response_lid"]), ...list(presentation["response_str"])];
          expect(responses).toHaveLength(1);
          const response = responses[0] as Node;
          expect(response["@_rcardinality"]).toBe("Single");
          const rid = String(response["@_ident"]);
          const rp = node(item["resprocessing"]);
          const vars = all(rp, "decvar").map((d) => String(d["@_varname"]));
          expect(vars).toEqual(["SCORE"]);
          for (const sv of all(rp, "setvar")) expect(vars).toContain(String(sv["@_varname"]));
          for (const k of ["varequal", "vargte", "varlte"])
            for (const x of all(rp, k)) expect(x["@_respident"]).toBe(rid);
          const feedbackIds = list(item["itemfeedback"]).map((f) => String(f["@_ident"]));
          expect(feedbackIds).toEqual(["general_fb"]);
          for (const d of all(rp, "displayfeedback")) expect(feedbackIds).toContain(String(d["@_linkrefid"]));
          const scoring = list(rp["respcondition"]).filter((c) => all(c, "setvar").length > 0);
          expect(scoring).toHaveLength(1);
          const cond = node(node(scoring[0])["conditionvar"]);
          const a = q.answer;
          if (a.kind === "choice") {
            const labels = all(response, "response_label");
            expect(labels.map((l) => text(all(l, "mattext")[0]))).toEqual(a.options.map((o) => choiceText(o, s)));
            const ids = labels.map((l) => String(l["@_ident"]));
            expect(new Set(ids).size).toBe(ids.length);
            ids.forEach((id, i) => expect(holds(cond, id), id).toBe(i === a.correct));
          } else if (a.kind === "number") {
            expect(node(response["render_fib"])["@_fibtype"]).toBe("Decimal");
            expect(holds(cond, String(a.value))).toBe(true);
            expect(holds(cond, String(a.value + a.tolerance))).toBe(true);
            expect(holds(cond, String(a.value - a.tolerance - 1))).toBe(false);
            expect(holds(cond, String(a.value + a.tolerance + 1))).toBe(false);
            for (const d of q.distractors)
              if (Math.abs(Number(d.value) - a.value) > a.tolerance) expect(holds(cond, String(d.value))).toBe(false);
          } else {
            for (const o of orderSpellings(a.accepted)) expect(holds(cond, o.toLowerCase())).toBe(true);
            expect(holds(cond, [...a.correct].reverse().join(""))).toBe(false);
          }
        });
      });
});

describe("package exports", () => {
  const [, s] = langs[0];
  const questions = sets[0][1];
  it("are zips named .zip with application/zip, and the same quiz gives the same bytes", () => {
    for (const f of ["qti21", "qti12"] as const) {
      const a = exportQuiz(f, { spec, questions, strings: s });
      expect(a).toBeInstanceOf(Uint8Array);
      expect(Array.from((a as Uint8Array).subarray(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
      expect(exportQuiz(f, { spec, questions, strings: s })).toEqual(a);
      expect(fileName(f, spec)).toMatch(/\.zip$/);
      expect(mimeType(f)).toBe("application/zip");
    }
  });
});
