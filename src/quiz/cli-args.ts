/**
 * Command line of `quiz` (src/cli/quiz.ts), parsed without I/O so it can be
 * unit-tested. Errors are UsageError with a one-line message; the entry point
 * prints it and exits with status 2.
 */
import { EXPORT_FORMATS, type ExportFormat } from "./export/formats.ts";
import { parseSeed, parseTopics, MAX_CODE_LENGTH } from "./params.ts";
import { MAX_QUESTIONS } from "./quiz.ts";
import { LEVELS, TOPICS, type Level, type Topic } from "./types.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Languages of the quiz prose: BCP 47 tag → folder under content/_strings/. */
export const QUIZ_LANGS = { en: "en", "zh-CN": "zh-cn" } as const;
export type QuizLang = keyof typeof QUIZ_LANGS;

export interface QuizCliArgs {
  readonly help: boolean;
  readonly topics: readonly Topic[];
  readonly count: number;
  readonly seed: number;
  readonly level: Level;
  readonly format: ExportFormat;
  /** Language of the prose (the numbers are the same in every language). */
  readonly lang: QuizLang;
  readonly out: string | undefined;
  /** Per-student variants: assignment code and student identifiers (the seed is then hash(code, id)). */
  readonly code: string | undefined;
  readonly students: readonly string[];
}

export const QUIZ_USAGE =
  "usage: quiz [--topics handshake,states,timewait,sysctl] [--count N] [--seed N] [--level easy|medium|hard]\n" +
  "            [--format moodle|gift|qti|qti21|qti12|csv|text] [--lang en|zh-CN] [--out FILE] [--code CODE --student ID ...]\n" +
  "       quiz --help\n" +
  "Generates a seeded quiz whose answers come from the tcp-lab simulation. Without --out it writes to stdout.\n" +
  "With --code and one or more --student, each student gets their own variant (seed = hash(code, id));\n" +
  "csv then holds one answer-key row per student and question, the other formats the first student's set.\n" +
  "--lang zh-CN writes the questions, options, hints and explanations in Simplified Chinese; the same seed\n" +
  "gives the same numbers in every language.";

const VALUE_FLAGS = new Set([
  "--topics",
  "--count",
  "--seed",
  "--level",
  "--format",
  "--lang",
  "--out",
  "--code",
  "--student",
]);

export function parseQuizArgs(argv: readonly string[]): QuizCliArgs {
  let help = false;
  let topics: readonly Topic[] = TOPICS;
  let count = 10;
  let seed = 1;
  let level: Level = "medium";
  let format: ExportFormat = "text";
  let lang: QuizLang = "en";
  let out: string | undefined;
  let code: string | undefined;
  const students: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) {
      throw new UsageError(
        arg.startsWith("-") ? `unknown option "${arg}" (try --help)` : `unexpected argument "${arg}" (try --help)`,
      );
    }
    let value: string;
    if (eq > 0 && arg.startsWith("--")) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    switch (flag) {
      case "--topics": {
        // "timewait" is the topic id; accept the page slug spelling too.
        const t = parseTopics(value.replace(/time-wait(-and-ports)?/g, "timewait").replace(/sysctl-myths/g, "sysctl"));
        if (t === undefined)
          throw new UsageError(`--topics: "${value}" is not a comma-separated list of ${TOPICS.join(", ")}`);
        topics = t;
        break;
      }
      case "--count": {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || n < 1 || n > MAX_QUESTIONS)
          throw new UsageError(`--count must be a whole number from 1 to ${MAX_QUESTIONS} (got "${value}")`);
        count = n;
        break;
      }
      case "--seed": {
        const s = parseSeed(value);
        if (s === undefined)
          throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${value}")`);
        seed = s;
        break;
      }
      case "--level":
        if (!(LEVELS as readonly string[]).includes(value))
          throw new UsageError(`--level must be one of ${LEVELS.join(", ")} (got "${value}")`);
        level = value as Level;
        break;
      case "--format":
        if (!(EXPORT_FORMATS as readonly string[]).includes(value))
          throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")} (got "${value}")`);
        format = value as ExportFormat;
        break;
      case "--lang": {
        // Tags are case-insensitive (BCP 47): zh-CN, zh-cn and zh_CN all mean Simplified Chinese.
        const tag = value.replace("_", "-").toLowerCase();
        const found = (Object.keys(QUIZ_LANGS) as QuizLang[]).find((l) => l.toLowerCase() === tag);
        if (found === undefined)
          throw new UsageError(`--lang must be one of ${Object.keys(QUIZ_LANGS).join(", ")} (got "${value}")`);
        lang = found;
        break;
      }
      case "--out":
        if (value === "") throw new UsageError("--out needs a file name");
        out = value;
        break;
      case "--code":
        if (value.trim() === "" || value.length > MAX_CODE_LENGTH)
          throw new UsageError(`--code must be 1 to ${MAX_CODE_LENGTH} characters`);
        code = value.trim();
        break;
      case "--student":
        if (value.trim() === "") throw new UsageError("--student needs a non-empty identifier");
        students.push(value);
        break;
    }
  }
  if (students.length > 0 && code === undefined) throw new UsageError("--student needs --code (the assignment code)");
  if (code !== undefined && students.length === 0) throw new UsageError("--code needs at least one --student");
  return { help, topics, count, seed, level, format, lang, out, code, students };
}
