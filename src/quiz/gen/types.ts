import type { Dice } from "../seeded.ts";
import type { Level, Question, Topic } from "../types.ts";

/** What a generator returns; the quiz adds id, topic and level. */
export type QuestionBody = Omit<Question, "id" | "topic" | "level">;

export interface Generator {
  readonly kind: string;
  readonly topic: Topic;
  /** Levels the generator is used at. */
  readonly levels: readonly Level[];
  generate(dice: Dice, level: Level): QuestionBody;
}
