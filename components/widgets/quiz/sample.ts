/**
 * The quiz the build drew into the page (Quiz.astro): the page's topics,
 * count and level with its sample seed. A link without a seed opens this
 * quiz, so the first frame is the quiz the reader answers, and answers typed
 * before the generators have loaded are kept. Shared by the light client and
 * the engine; no import here may reach the generators or the core.
 */
import type { Level, QuizSpec, Topic } from "../../../src/quiz/types.ts";

export function pageDefaults(el: HTMLElement): { topics: Topic[]; count: number; level: Level } {
  return {
    topics: (el.dataset["topics"] ?? "handshake").split(",") as Topic[],
    count: Number(el.dataset["count"] ?? "10"),
    level: (el.dataset["level"] ?? "medium") as Level,
  };
}

export function sampleSeed(el: HTMLElement): number {
  return Number(el.dataset["sampleSeed"] ?? "1") >>> 0;
}

export function sampleSpec(el: HTMLElement): QuizSpec {
  return { ...pageDefaults(el), seed: sampleSeed(el) };
}

export function sameSpec(a: QuizSpec, b: QuizSpec): boolean {
  return a.seed === b.seed && a.count === b.count && a.level === b.level && a.topics.join(",") === b.topics.join(",");
}
