/** One entry point for the CLI and the instructor page: format name → file text, name and type. */
import type { QuizSpec, Question } from "../types.ts";
import { answerText, type QuizStrings } from "../text.ts";
import { questionText } from "../render.ts";
import { toCsvKey, type KeyVariant } from "./csv.ts";
import { toGift } from "./gift.ts";
import { toMoodleXml } from "./moodle.ts";
import { toQtiItems } from "./qti.ts";
import { qti12Package, qti21Package } from "./qti-package.ts";

/** Formats written as text. */
export type TextFormat = "moodle" | "gift" | "qti" | "csv" | "text";
/** Zip packages: QTI 2.1 content package, QTI 1.2 package for Canvas. */
export type PackageFormat = "qti21" | "qti12";
export type ExportFormat = TextFormat | PackageFormat;
export const EXPORT_FORMATS: readonly ExportFormat[] = ["moodle", "gift", "qti", "qti21", "qti12", "csv", "text"];

export interface ExportInput {
  readonly spec: QuizSpec;
  readonly questions: readonly Question[];
  readonly strings: QuizStrings;
  /** For the CSV key: several students' variants; default the one set above. */
  readonly variants?: readonly KeyVariant[];
}

/** UTF-8 byte order mark: Excel opens a CSV as UTF-8 only when the file starts with it. */
export const UTF8_BOM = "\ufeff";

/**
 * Category / title used inside the files: names the spec so an import is
 * traceable to its link. A language other than English is part of the name, so
 * the same seed imported in two languages lands in two categories.
 */
export function setName(spec: QuizSpec, lang = "en"): string {
  const suffix = lang === "en" ? "" : `-${lang}`;
  return `tcp-lab-${spec.topics.join("+")}-${spec.level}-n${spec.count}-seed${spec.seed}${suffix}`;
}

/** The file's contents: text, or the bytes of a zip for the package formats. */
export function exportQuiz(format: TextFormat, input: ExportInput): string;
export function exportQuiz(format: ExportFormat, input: ExportInput): string | Uint8Array;
export function exportQuiz(format: ExportFormat, input: ExportInput): string | Uint8Array {
  const name = setName(input.spec, input.strings.lang);
  switch (format) {
    case "moodle":
      return toMoodleXml(input.questions, input.strings, name);
    case "gift":
      return toGift(input.questions, input.strings, name);
    case "qti":
      return toQtiItems(input.questions, input.strings, name);
    case "qti21":
      return qti21Package(input.questions, input.strings, name);
    case "qti12":
      return qti12Package(input.questions, input.strings, name);
    case "csv":
      return (
        UTF8_BOM +
        toCsvKey(input.variants ?? [{ student: "", seed: input.spec.seed, questions: input.questions }], input.strings)
      );
    case "text": {
      const s = input.strings;
      const questions = input.questions.map((q, i) => questionText(q, s, i, false)).join("\n\n");
      const key = input.questions.map((q, i) => `${i + 1}. ${answerText(q, s)}`).join("\n");
      return `${questions}\n\n${s.ui["answerKey"] ?? ""}\n${key}\n`;
    }
  }
}

export function fileName(format: ExportFormat, spec: QuizSpec, lang = "en"): string {
  const ext = {
    moodle: "moodle.xml",
    gift: "gift.txt",
    qti: "qti.xml",
    qti21: "qti21.zip",
    qti12: "qti12-canvas.zip",
    csv: "key.csv",
    text: "txt",
  }[format];
  return `${setName(spec, lang)}.${ext}`;
}

export function mimeType(format: ExportFormat): string {
  return {
    moodle: "application/xml",
    gift: "text/plain",
    qti: "application/xml",
    qti21: "application/zip",
    qti12: "application/zip",
    csv: "text/csv",
    text: "text/plain",
  }[format];
}
