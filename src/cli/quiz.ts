/**
 * `quiz`: generate a seeded quiz and write it as text or an LMS export.
 *
 *   node src/cli/quiz.ts --topics handshake,timewait --count 20 --seed 42 --format moodle --out quiz.xml
 *
 * The prose comes from the site's strings (content/_strings/en/quiz.json, or
 * content/_strings/zh-cn/quiz.json with --lang zh-CN).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { exportQuiz } from "../quiz/export/formats.ts";
import { parseQuizArgs, QUIZ_LANGS, QUIZ_USAGE, UsageError } from "../quiz/cli-args.ts";
import { generateQuiz } from "../quiz/quiz.ts";
import { studentSeed } from "../quiz/seeded.ts";
import type { QuizStrings } from "../quiz/text.ts";
import type { QuizSpec } from "../quiz/types.ts";

function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseQuizArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`quiz: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(QUIZ_USAGE + "\n");
    return 0;
  }
  const strings = JSON.parse(
    readFileSync(new URL(`../../content/_strings/${QUIZ_LANGS[args.lang]}/quiz.json`, import.meta.url), "utf8"),
  ) as QuizStrings;
  const base = { topics: args.topics, count: args.count, level: args.level };
  const variants =
    args.code === undefined
      ? [{ student: "", seed: args.seed }]
      : args.students.map((student) => ({ student, seed: studentSeed(args.code as string, student) }));
  const sets = variants.map((v) => {
    const spec: QuizSpec = { ...base, seed: v.seed };
    return { ...v, spec, questions: generateQuiz(spec) };
  });
  const first = sets[0];
  if (first === undefined) throw new Error("no variant");
  const text = exportQuiz(args.format, { spec: first.spec, questions: first.questions, strings, variants: sets });
  if (typeof text !== "string" && args.out === undefined) {
    process.stderr.write(`quiz: --format ${args.format} writes a zip; give --out FILE\n`);
    return 2;
  }
  if (args.out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(args.out, text);
    } catch (e) {
      process.stderr.write(`quiz: cannot write ${args.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return 1;
    }
    process.stderr.write(`quiz: wrote ${args.out} (${first.questions.length} questions, ${args.format})\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
