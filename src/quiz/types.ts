/**
 * The shape of a generated quiz. Questions carry data, not prose: every
 * visible sentence is a template in the page's strings (content/_strings/en/
 * quiz.json) filled with the question's variables, so the same question can be
 * shown on a page, printed, or exported to an LMS in the page's language.
 */
import type { TraceEvent } from "../sim/index.ts";
import type { ConversationSpec } from "./runs.ts";

export type Topic = "handshake" | "states" | "timewait" | "sysctl";
export const TOPICS: readonly Topic[] = ["handshake", "states", "timewait", "sysctl"];

export type Level = "easy" | "medium" | "hard";
export const LEVELS: readonly Level[] = ["easy", "medium", "hard"];

/** Most questions in one quiz (here, not in quiz.ts, so reading a link does not load the generators). */
export const MAX_QUESTIONS = 50;

/** Variables a prompt or explanation template is filled with. */
export type TextVars = Readonly<Record<string, string | number>>;

/** One answer option: either protocol vocabulary shown as-is, or a key into the strings' `choices`. */
export type Choice = { readonly literal: string } | { readonly key: string; readonly vars?: TextVars };

/** A wrong number a student is likely to give, with the mistake that produces it. */
export interface Distractor {
  readonly value: number;
  /** Key into the strings' `mistakes`. */
  readonly mistake: string;
}

export type Answer =
  | {
      readonly kind: "number";
      readonly value: number;
      /** Accepted absolute error (0 for sequence numbers). */
      readonly tolerance: number;
    }
  | {
      readonly kind: "choice";
      readonly options: readonly Choice[];
      /** Index of the correct option. */
      readonly correct: number;
    }
  | {
      readonly kind: "order";
      /** The order the simulator sent them in, as letters of the shuffled rows, e.g. "CAEBD". */
      readonly correct: string;
      /**
       * Every order the rows are consistent with (src/quiz/order.ts), `correct`
       * among them: the student cannot see the simulator's clock, so two
       * segments crossing in flight may be given in either order.
       */
      readonly accepted: readonly string[];
    };

/** One row of a segment table shown with a question (a capture, or segments to put in order). */
export interface SegmentRow {
  readonly from: "client" | "server";
  /** SYN, SYN-ACK, ACK, FIN-ACK... (protocol vocabulary). */
  readonly name: string;
  readonly seq: number;
  readonly ack?: number;
  readonly len: number;
}

export interface SegmentTable {
  readonly rows: readonly SegmentRow[];
  /** A field replaced by a blank the student fills in. */
  readonly blank?: { readonly row: number; readonly field: "seq" | "ack" };
  /** Row letters (for ordering questions). */
  readonly letters?: readonly string[];
}

export interface Question {
  /** "q1", "q2"... stable for a quiz. */
  readonly id: string;
  readonly topic: Topic;
  /** Generator name; selects the prompt and explanation templates. */
  readonly kind: string;
  readonly level: Level;
  readonly vars: TextVars;
  readonly table?: SegmentTable;
  readonly answer: Answer;
  /** For number answers: likely wrong values (never equal to the answer). */
  readonly distractors: readonly Distractor[];
  /** Extra variables of the worked explanation (the answer is always `{answer}`). */
  readonly explainVars: TextVars;
  /** The inputs of the conversation run the answer was read from (for checks and reruns). */
  readonly conversation?: ConversationSpec;
  /** The run this variant was computed from, for its sequence diagram. */
  readonly trace?: readonly TraceEvent[];
  /** Lane order of the diagram. */
  readonly hosts?: readonly string[];
}

export interface QuizSpec {
  readonly topics: readonly Topic[];
  readonly count: number;
  readonly level: Level;
  /** Unsigned 32-bit seed. */
  readonly seed: number;
}

/** The answer as text for keys and exports (choice: the option index is resolved by the renderer). */
export type AnswerValue = number | string;
