/** One entry point for the CLI and the instructor page: format name → file text, name and type. */
import type { QuizSpec, Question } from "../types.ts";
import { answerText, type QuizStrings } from "../text.ts";
import { questionText } from "../render.ts";
import { toCsvKey, type KeyVariant } from "./csv.ts";
import { toGift } from "./gift.ts";
import { toMoodleXml } from "./moodle.ts";
import { toQtiItems } from "./qti.ts";

export type ExportFormat = "moodle" | "gift" | "qti" | "csv" | "text";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["moodle", "gift", "qti", "csv", "text"];

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

export function exportQuiz(format: ExportFormat, input: ExportInput): string {
  const name = setName(input.spec, input.strings.lang);
  switch (format) {
    case "moodle":
      return toMoodleXml(input.questions, input.strings, name);
    case "gift":
      return toGift(input.questions, input.strings, name);
    case "qti":
      return toQtiItems(input.questions, input.strings, name);
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
  const ext = { moodle: "moodle.xml", gift: "gift.txt", qti: "qti.xml", csv: "key.csv", text: "txt" }[format];
  return `${setName(spec, lang)}.${ext}`;
}

export function mimeType(format: ExportFormat): string {
  return { moodle: "application/xml", gift: "text/plain", qti: "application/xml", csv: "text/csv", text: "text/plain" }[
    format
  ];
}
