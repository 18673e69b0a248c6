/**
 * A quiz from a spec: topics, count, level and seed. Question i draws from
 * its own stream (questionSeed), so the same link always rebuilds the same
 * questions. Kinds of a topic are dealt in a seeded shuffled cycle, so a quiz
 * covers every kind before it repeats one.
 */
import { handshakeGenerators } from "./gen/handshake.ts";
import { statesGenerators } from "./gen/states.ts";
import { sysctlGenerators } from "./gen/sysctl.ts";
import { timewaitGenerators } from "./gen/timewait.ts";
import type { Generator } from "./gen/types.ts";
import { Dice, questionSeed } from "./seeded.ts";
import { MAX_QUESTIONS, type Choice, type Level, type Question, type QuizSpec, type Topic } from "./types.ts";

export const GENERATORS: Readonly<Record<Topic, readonly Generator[]>> = {
  handshake: handshakeGenerators,
  states: statesGenerators,
  timewait: timewaitGenerators,
  sysctl: sysctlGenerators,
};

export { MAX_QUESTIONS };

export function generatorsFor(topic: Topic, level: Level): Generator[] {
  return GENERATORS[topic].filter((g) => g.levels.includes(level));
}

/** Which generator question i uses: topics round-robin, kinds in a shuffled cycle per topic. */
function plan(spec: QuizSpec): Generator[] {
  const dice = new Dice(questionSeed(spec.seed, -1));
  const decks = new Map<Topic, Generator[]>();
  const out: Generator[] = [];
  for (let i = 0; i < spec.count; i++) {
    const topic = spec.topics[i % spec.topics.length] as Topic;
    let deck = decks.get(topic);
    if (deck === undefined || deck.length === 0) {
      deck = dice.shuffle(generatorsFor(topic, spec.level));
      decks.set(topic, deck);
    }
    const g = deck.pop();
    if (g === undefined) throw new Error(`quiz: no question kinds for ${topic} at level ${spec.level}`);
    out.push(g);
  }
  return out;
}

/**
 * Easy questions with a number answer are multiple choice: the answer among
 * up to three distractors, shuffled. The distractors stay on the question so
 * a free-text answer can still be matched to its mistake.
 */
function asChoice(q: Question, dice: Dice): Question {
  if (q.answer.kind !== "number" || q.distractors.length < 2) return q;
  const values = dice.shuffle([q.answer.value, ...q.distractors.slice(0, 3).map((d) => d.value)]);
  const options: Choice[] = values.map((v) => ({ literal: String(v) }));
  return { ...q, answer: { kind: "choice", options, correct: values.indexOf(q.answer.value) } };
}

/** What makes two questions the same to a student: kind, numbers, table and answer (not the id). */
export function questionKey(q: Question): string {
  return JSON.stringify([q.kind, q.vars, q.table, q.answer]);
}

/** Re-rolls of one kind before trying the topic's other kinds, when a question repeats an earlier one. */
const REROLLS = 24;

function build(g: Generator, spec: QuizSpec, i: number, attempt: number): Question {
  // Attempt 0 uses the question's own stream, so quizzes without repeats are unchanged.
  const dice = new Dice(questionSeed(spec.seed, attempt === 0 ? i : i + attempt * MAX_QUESTIONS * 2));
  const q: Question = { id: `q${i + 1}`, topic: g.topic, level: spec.level, ...g.generate(dice, spec.level) };
  return spec.level === "easy" ? asChoice(q, dice) : q;
}

/**
 * The quiz's questions. A question that repeats an earlier one exactly is
 * drawn again from another stream of the same kind, then from the topic's
 * other kinds; only when the level offers no other question does it stay.
 */
export function generateQuiz(spec: QuizSpec): Question[] {
  if (spec.topics.length === 0) throw new Error("quiz: no topics");
  const seen = new Set<string>();
  return plan(spec).map((g, i) => {
    const kinds = [g, ...generatorsFor(g.topic, spec.level).filter((x) => x !== g)];
    let attempt = 0;
    let q = build(g, spec, i, attempt);
    for (const kind of kinds) {
      for (let r = 0; r < REROLLS && seen.has(questionKey(q)); r++) q = build(kind, spec, i, ++attempt);
      if (!seen.has(questionKey(q))) break;
    }
    seen.add(questionKey(q));
    return q;
  });
}

/** The number an answer key prints for a question (choice: the option; order: the letters). */
export function answerOf(q: Question): { readonly number?: number; readonly choice?: Choice; readonly order?: string } {
  switch (q.answer.kind) {
    case "number":
      return { number: q.answer.value };
    case "choice": {
      const choice = q.answer.options[q.answer.correct];
      return choice === undefined ? {} : { choice };
    }
    case "order":
      return { order: q.answer.correct };
  }
}
