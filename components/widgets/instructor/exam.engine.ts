/**
 * The heavy half of <tcp-exam> and of the assignment builder's answer key:
 * the question generators (which run the simulation core) and the exam and
 * key markup. exam.client.ts loads it when the link asks for a variant other
 * than the one the build drew; builder.client.ts on the instructor's first
 * intent, for any key or export other than the build's.
 */
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import type { QuizStrings } from "../../../src/quiz/text.ts";
import type { QuizSpec } from "../../../src/quiz/types.ts";
import { examHtml, keyHtml, type InstructorStrings } from "./exam-html.ts";

export { generateQuiz };

/** The exam's questions and answer key of `spec`. */
export function examParts(
  spec: QuizSpec,
  s: QuizStrings,
  t: InstructorStrings,
): { questionsHtml: string; keyHtml: string } {
  const questions = generateQuiz(spec);
  return { questionsHtml: examHtml(questions, s, t), keyHtml: keyHtml(questions, s) };
}

/** The answer key of `spec`. */
export function keyPart(spec: QuizSpec, s: QuizStrings): string {
  return keyHtml(generateQuiz(spec), s);
}
