/**
 * Sequence and acknowledgement numbers of the handshake, the data and the
 * close (RFC 9293 §3.4: SYN and FIN each take one sequence number). Every
 * answer is a field of a segment in a run of the core with the question's
 * ISNs; the arithmetic in `explainVars` is only what the explanation prints.
 */
import { SeqRelativizer, type Segment, type TraceEvent } from "../../sim/index.ts";
import { pickDistractors } from "../distractors.ts";
import {
  firstSent,
  nextSentAfterDelivery,
  runConversation,
  segmentRow,
  sentSegments,
  type ConversationSpec,
} from "../runs.ts";
import { consistentOrders } from "../order.ts";
import type { Dice } from "../seeded.ts";
import type { Level, SegmentRow } from "../types.ts";
import { pickBytes, pickIsn, plainSum } from "./common.ts";
import type { Generator, QuestionBody } from "./types.ts";
import { faultGenerators } from "./faults.ts";

const HOSTS = ["client", "server"] as const;
const ALL: readonly Level[] = ["easy", "medium", "hard"];

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`quiz: the run has no ${what}`);
  return value;
}

interface Run {
  readonly x: number;
  readonly y: number;
  readonly bytes: number;
  readonly spec: ConversationSpec;
  readonly trace: readonly TraceEvent[];
}

function run(dice: Dice, level: Level, bytes: number, wrapRoom: number, serverBytes = 0): Run {
  const x = pickIsn(dice, level, wrapRoom);
  const y = pickIsn(dice, level, 1);
  const spec: ConversationSpec = {
    seed: dice.u32() | 0,
    clientIsn: x,
    serverIsn: y,
    clientBytes: bytes,
    serverBytes,
    closer: "client",
  };
  return { x, y, bytes, spec, trace: runConversation(spec) };
}

const isSyn = (s: Segment): boolean => s.ctl.syn && s.ack === undefined;
const isSynAck = (s: Segment): boolean => s.ctl.syn && s.ack !== undefined;
const isFin = (s: Segment): boolean => s.ctl.fin;
/** The client's ACK that completes the handshake: its first segment after the SYN. */
const isPlainAck = (s: Segment): boolean =>
  !s.ctl.syn && !s.ctl.fin && !s.ctl.rst && s.len === 0 && s.ack !== undefined;

function body(
  r: Run,
  kind: string,
  vars: QuestionBody["vars"],
  answer: number,
  candidates: Parameters<typeof pickDistractors>[1],
  explainVars: QuestionBody["explainVars"],
): QuestionBody {
  return {
    kind,
    vars,
    answer: { kind: "number", value: answer, tolerance: 0 },
    distractors: pickDistractors(answer, candidates),
    explainVars,
    conversation: r.spec,
    trace: r.trace,
    hosts: HOSTS,
  };
}

export const synAckAck: Generator = {
  kind: "synack-ack",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const r = run(dice, level, 0, 0);
    const synAck = must(firstSent(r.trace, "server", isSynAck), "SYN-ACK");
    const answer = must(synAck.ack, "SYN-ACK ack");
    return body(
      r,
      this.kind,
      { clientIsn: r.x },
      answer,
      [
        { value: r.x, mistake: "forgotSynPlusOne" },
        { value: r.x + 2, mistake: "countedTwice" },
        { value: r.x + 1, mistake: "noWrap" },
        { value: r.x - 1, mistake: "subtracted" },
      ],
      { sum: plainSum(r.x, 1) },
    );
  },
};

export const finalAckSeq: Generator = {
  kind: "final-ack-seq",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const r = run(dice, level, 0, 0);
    const ack = must(firstSent(r.trace, "client", isPlainAck), "final ACK");
    return body(
      r,
      this.kind,
      { clientIsn: r.x, serverIsn: r.y },
      ack.seq,
      [
        { value: r.x, mistake: "forgotSynPlusOne" },
        { value: r.y + 1, mistake: "swappedSides" },
        { value: r.x + 2, mistake: "countedTwice" },
        { value: r.x + 1, mistake: "noWrap" },
      ],
      { sum: plainSum(r.x, 1) },
    );
  },
};

export const finalAckAck: Generator = {
  kind: "final-ack-ack",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const r = run(dice, level, 0, 0);
    const ack = must(firstSent(r.trace, "client", isPlainAck), "final ACK");
    const answer = must(ack.ack, "final ACK ack");
    return body(
      r,
      this.kind,
      { clientIsn: r.x, serverIsn: r.y },
      answer,
      [
        { value: r.y, mistake: "forgotSynPlusOne" },
        { value: r.x + 1, mistake: "swappedSides" },
        { value: r.y + 2, mistake: "countedTwice" },
        { value: r.y + 1, mistake: "noWrap" },
      ],
      { sum: plainSum(r.y, 1) },
    );
  },
};

export const nextSeq: Generator = {
  kind: "next-seq",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const bytes = pickBytes(dice, level);
    const r = run(dice, level, bytes, bytes);
    const fin = must(firstSent(r.trace, "client", isFin), "client FIN");
    return body(
      r,
      this.kind,
      { clientIsn: r.x, bytes },
      fin.seq,
      [
        { value: r.x + bytes, mistake: "forgotSynPlusOne" },
        { value: r.x + 1 + bytes + 1, mistake: "countedTwice" },
        { value: r.x + r.x + 1 + bytes, mistake: "addedIsnTwice" },
        { value: r.x + 1 + bytes, mistake: "noWrap" },
        { value: r.x + bytes - 1, mistake: "offByOne" },
      ],
      { sum: plainSum(r.x, 1, bytes) },
    );
  },
};

export const finAck: Generator = {
  kind: "fin-ack",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const bytes = pickBytes(dice, level);
    const r = run(dice, level, bytes, bytes + 1);
    const fin = must(firstSent(r.trace, "client", isFin), "client FIN");
    const reply = must(nextSentAfterDelivery(r.trace, "server", fin.id), "server reply to the FIN");
    const answer = must(reply.ack, "ack of the FIN");
    return body(
      r,
      this.kind,
      { clientIsn: r.x, bytes },
      answer,
      [
        { value: r.x + 1 + bytes, mistake: "finNoPlusOne" },
        { value: r.x + bytes, mistake: "forgotSynPlusOne" },
        { value: r.x + 1 + bytes + 2, mistake: "countedTwice" },
        { value: r.x + 1 + bytes + 1, mistake: "noWrap" },
      ],
      { sum: plainSum(r.x, 1, bytes, 1) },
    );
  },
};

/** Raw and relative numbers (Wireshark counts each direction from its ISN; SeqRelativizer does the same). */
export const relativeRaw: Generator = {
  kind: "relative-raw",
  topic: "handshake",
  levels: ["medium", "hard"],
  generate(dice, level) {
    const bytes = pickBytes(dice, level);
    const r = run(dice, level, bytes, bytes);
    const relativizer = new SeqRelativizer();
    let rawSeq = -1;
    let relSeq = -1;
    for (const seg of sentSegments(r.trace)) {
      const [rel] = relativizer.relative(seg);
      if (seg.src.ip === must(firstSent(r.trace, "client", isSyn), "SYN").src.ip && seg.ctl.fin) {
        rawSeq = seg.seq;
        relSeq = rel;
        break;
      }
    }
    if (dice.chance(0.5)) {
      return body(
        r,
        "raw-to-relative",
        { clientIsn: r.x, rawSeq },
        relSeq,
        [
          { value: relSeq - 1, mistake: "forgotSynPlusOne" },
          { value: relSeq + 1, mistake: "countedTwice" },
          { value: rawSeq, mistake: "gaveRaw" },
        ],
        { sum: plainSum(rawSeq, -r.x) },
      );
    }
    return body(
      r,
      "relative-to-raw",
      { clientIsn: r.x, relSeq },
      rawSeq,
      [
        { value: r.x + relSeq + 1, mistake: "countedTwice" },
        { value: r.x + r.x + relSeq, mistake: "addedIsnTwice" },
        { value: r.x + relSeq - 1, mistake: "offByOne" },
        { value: r.x + relSeq, mistake: "noWrap" },
      ],
      { sum: plainSum(r.x, relSeq) },
    );
  },
};

/** A whole capture with one number blanked out. */
export const blankTrace: Generator = {
  kind: "blank-trace",
  topic: "handshake",
  levels: ["medium", "hard"],
  generate(dice, level) {
    const bytes = pickBytes(dice, level === "hard" ? "medium" : "easy");
    const serverBytes = level === "hard" ? pickBytes(dice, "easy") : 0;
    const r = run(dice, level, bytes, bytes, serverBytes);
    const rows: SegmentRow[] = sentSegments(r.trace).map(segmentRow);
    // Blank a field the rest of the capture determines: not a SYN's seq (an ISN is chosen, not derived).
    const candidates: { row: number; field: "seq" | "ack" }[] = [];
    rows.forEach((row, i) => {
      if (row.name !== "SYN" && row.name !== "SYN-ACK") candidates.push({ row: i, field: "seq" });
      if (row.ack !== undefined) candidates.push({ row: i, field: "ack" });
    });
    const blank = dice.pick(candidates);
    const row = must(rows[blank.row], "blank row");
    const answer = must(blank.field === "seq" ? row.seq : row.ack, "blank field");
    return {
      kind: this.kind,
      vars: { row: blank.row + 1, field: `field.${blank.field}` },
      table: { rows, blank },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: pickDistractors(answer, [
        { value: answer - 1, mistake: "offByOne" },
        { value: answer + 1, mistake: "offByOne" },
        { value: answer + r.x, mistake: "addedIsnTwice" },
      ]),
      explainVars: {},
      conversation: r.spec,
      trace: r.trace,
      hosts: HOSTS,
    };
  },
};

const LETTERS = "ABCDEFGHIJKLMNOP";

/** The segments of a connection, shuffled; the student gives the order. */
export const orderSegments: Generator = {
  kind: "order",
  topic: "handshake",
  levels: ALL,
  generate(dice, level) {
    const bytes = level === "hard" ? pickBytes(dice, "easy") : 0;
    const r = run(dice, level, bytes, bytes);
    const rows = sentSegments(r.trace).map(segmentRow);
    const order = dice.shuffle(rows.map((_, i) => i));
    const shuffled = order.map((i) => rows[i] as SegmentRow);
    const letters = [...LETTERS.slice(0, rows.length)];
    // Letter of original row k = the position where the shuffle put it.
    const correct = rows.map((_, k) => letters[order.indexOf(k)] as string).join("");
    const accepted = consistentOrders(shuffled, letters);
    if (!accepted.includes(correct)) throw new Error(`quiz: the sent order ${correct} breaks the order rules`);
    return {
      kind: this.kind,
      vars: { count: rows.length },
      table: { rows: shuffled, letters },
      answer: { kind: "order", correct, accepted },
      distractors: [],
      explainVars: { order: correct.split("").join(", ") },
      conversation: r.spec,
      trace: r.trace,
      hosts: HOSTS,
    };
  },
};

export const handshakeGenerators: readonly Generator[] = [
  synAckAck,
  finalAckSeq,
  finalAckAck,
  nextSeq,
  finAck,
  relativeRaw,
  blankTrace,
  orderSegments,
  ...faultGenerators,
];
