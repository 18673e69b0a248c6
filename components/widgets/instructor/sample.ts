/**
 * The variant the build draws on the instructor pages: the assignment
 * builder's default settings and answer key (AssignmentBuilder.astro) and the
 * printable exam without a link (Exam.astro). The browser compares what it is
 * asked for with this to know whether the build's markup already shows it or
 * the generators must load. No import here may reach the generators.
 */
import { TOPICS, type QuizSpec } from "../../../src/quiz/types.ts";

export const INSTRUCTOR_SAMPLE: QuizSpec = { topics: [...TOPICS], count: 10, level: "medium", seed: 1 };
