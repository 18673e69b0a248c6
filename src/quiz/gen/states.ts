/**
 * TCP states (RFC 9293 Figure 5, Linux names): the state a segment moves its
 * receiver into, who ends in TIME_WAIT, and what a side sends next. Answers
 * are read from the state and send events of a run.
 */
import type { Segment, TcpState, TraceEvent } from "../../sim/index.ts";
import { segmentName } from "../../diagram/segment-name.ts";
import {
  nextSentAfterDelivery,
  runConversation,
  segmentRow,
  sentSegments,
  sideOf,
  stateAfterDelivery,
  timeWaitHosts,
  type Closer,
  type ConversationSpec,
  type Side,
} from "../runs.ts";
import type { Dice } from "../seeded.ts";
import type { Choice, Level } from "../types.ts";
import { pickBytes, pickIsn } from "./common.ts";
import type { Generator } from "./types.ts";

const HOSTS = ["client", "server"] as const;

/** Every state a connection (not a listener) can be in; answer options come from here. */
export const CONNECTION_STATES: readonly TcpState[] = [
  "SYN_SENT",
  "SYN_RECV",
  "ESTABLISHED",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "CLOSE_WAIT",
  "CLOSING",
  "LAST_ACK",
  "TIME_WAIT",
  "CLOSED",
];

function closerFor(dice: Dice, level: Level): Closer {
  if (level === "easy") return "client";
  if (level === "medium") return dice.pick(["client", "server"] as const);
  return dice.pick(["client", "server", "simultaneous"] as const);
}

function conversation(
  dice: Dice,
  level: Level,
  closer: Closer,
): { spec: ConversationSpec; trace: readonly TraceEvent[] } {
  const spec: ConversationSpec = {
    seed: dice.u32() | 0,
    clientIsn: pickIsn(dice, level === "hard" ? "medium" : level),
    serverIsn: pickIsn(dice, level === "hard" ? "medium" : level),
    clientBytes: pickBytes(dice, "easy"),
    serverBytes: pickBytes(dice, "easy"),
    closer,
  };
  return { spec, trace: runConversation(spec) };
}

/**
 * The states a student mistakes each state for, most likely first: the state
 * just before or after it on the same side, the other side's state at that
 * moment, and the path the other closer takes (FIN_WAIT2 for CLOSE_WAIT).
 * Never a state from another phase of the connection (SYN_SENT after FINs).
 */
export const CONFUSIONS: Readonly<Record<string, readonly TcpState[]>> = {
  SYN_SENT: ["SYN_RECV", "ESTABLISHED", "CLOSED", "FIN_WAIT1", "CLOSE_WAIT"],
  SYN_RECV: ["ESTABLISHED", "SYN_SENT", "CLOSED", "CLOSE_WAIT", "FIN_WAIT1"],
  ESTABLISHED: ["SYN_RECV", "SYN_SENT", "CLOSE_WAIT", "FIN_WAIT1", "CLOSED"],
  FIN_WAIT1: ["FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "ESTABLISHED", "LAST_ACK"],
  FIN_WAIT2: ["FIN_WAIT1", "TIME_WAIT", "CLOSE_WAIT", "CLOSING", "LAST_ACK"],
  CLOSE_WAIT: ["LAST_ACK", "FIN_WAIT2", "FIN_WAIT1", "CLOSED", "TIME_WAIT"],
  CLOSING: ["TIME_WAIT", "FIN_WAIT2", "LAST_ACK", "CLOSE_WAIT", "FIN_WAIT1"],
  LAST_ACK: ["CLOSE_WAIT", "CLOSED", "TIME_WAIT", "FIN_WAIT2", "CLOSING"],
  TIME_WAIT: ["CLOSED", "FIN_WAIT2", "CLOSING", "LAST_ACK", "CLOSE_WAIT"],
  CLOSED: ["TIME_WAIT", "LAST_ACK", "CLOSE_WAIT", "FIN_WAIT2", "CLOSING"],
};

/** Options: the answer plus wrong states, shuffled; the answer is never repeated. */
function stateChoices(
  dice: Dice,
  answer: string,
  wrong: readonly string[],
  count: number,
): { options: Choice[]; correct: number } {
  const others = dice.shuffle(wrong.filter((s) => s !== answer)).slice(0, count - 1);
  const all = dice.shuffle([answer, ...others]);
  return { options: all.map((literal) => ({ literal })), correct: all.indexOf(answer) };
}

/** A segment described so the student can find it: who sent it, its name, and its place among that side's segments. */
function describe(
  seg: Segment,
  all: readonly Segment[],
): { sender: Side; receiver: Side; segment: string; row: number } {
  const sender = sideOf(seg);
  return {
    sender,
    receiver: sender === "client" ? "server" : "client",
    segment: segmentName(seg),
    row: all.indexOf(seg) + 1,
  };
}

/** Segments worth asking about: those that change the receiver's state, plus a few that do not. */
function interesting(seg: Segment): boolean {
  return seg.ctl.syn || seg.ctl.fin || seg.len === 0;
}

/** Did `host` send anything between segment `segId` leaving its sender and arriving? */
function sentWhileInFlight(trace: readonly TraceEvent[], host: Side, segId: number): boolean {
  let inFlight = false;
  for (const e of trace) {
    if (e.kind === "send" && e.seg.id === segId) inFlight = true;
    else if (e.kind === "deliver" && e.seg.id === segId) return false;
    else if (inFlight && e.kind === "send" && e.host === host) return true;
  }
  return false;
}

export const stateAfter: Generator = {
  kind: "state-after",
  topic: "states",
  levels: ["easy", "medium", "hard"],
  generate(dice, level) {
    const closer = closerFor(dice, level);
    const { spec, trace } = conversation(dice, level, closer);
    const segs = sentSegments(trace);
    const candidates = segs
      .filter(interesting)
      .filter((s) => stateAfterDelivery(trace, sideOf(s) === "client" ? "server" : "client", s.id) !== undefined);
    const seg = dice.pick(candidates);
    const d = describe(seg, segs);
    const state = stateAfterDelivery(trace, d.receiver, seg.id) as TcpState;
    const { options, correct } = stateChoices(
      dice,
      state,
      (CONFUSIONS[state] ?? CONNECTION_STATES).slice(0, level === "easy" ? 3 : 5),
      level === "easy" ? 4 : 6,
    );
    return {
      kind: this.kind,
      vars: { ...d, closer: `closer.${closer}` },
      table: { rows: segs.map(segmentRow) },
      answer: { kind: "choice", options, correct },
      distractors: [],
      explainVars: { state },
      conversation: spec,
      trace,
      hosts: HOSTS,
    };
  },
};

export const whoTimeWait: Generator = {
  kind: "who-time-wait",
  topic: "states",
  levels: ["easy", "medium", "hard"],
  generate(dice, level) {
    const closer = closerFor(dice, level === "easy" ? "medium" : level);
    const { spec, trace } = conversation(dice, level, closer);
    const hosts = timeWaitHosts(trace);
    const answerKey = hosts.length === 2 ? "both" : hosts.length === 0 ? "neither" : (hosts[0] as string);
    const keys = ["client", "server", "both", "neither"];
    return {
      kind: this.kind,
      vars: { closer: `closer.${closer}` },
      answer: { kind: "choice", options: keys.map((k) => ({ key: `side.${k}` })), correct: keys.indexOf(answerKey) },
      distractors: [],
      explainVars: { who: `side.${answerKey}` },
      conversation: spec,
      trace,
      hosts: HOSTS,
    };
  },
};

export const nextSend: Generator = {
  kind: "next-send",
  topic: "states",
  levels: ["medium", "hard"],
  generate(dice, level) {
    const closer = closerFor(dice, level);
    const { spec, trace } = conversation(dice, level, closer);
    const segs = sentSegments(trace);
    // Ask about a SYN or FIN the receiver answers, and only when nothing the
    // receiver sent crossed it in flight (a simultaneous close): the capture
    // shown stops at the asked row, so a crossing FIN would be invisible.
    const candidates = segs.filter((s) => {
      if (!(s.ctl.syn || s.ctl.fin)) return false;
      const receiver: Side = sideOf(s) === "client" ? "server" : "client";
      const reply = nextSentAfterDelivery(trace, receiver, s.id);
      return reply !== undefined && segs.indexOf(reply) > segs.indexOf(s) && !sentWhileInFlight(trace, receiver, s.id);
    });
    const seg = dice.pick(candidates);
    const d = describe(seg, segs);
    const reply = nextSentAfterDelivery(trace, d.receiver, seg.id) as Segment;
    const state = stateAfterDelivery(trace, d.receiver, seg.id) as TcpState;
    const answer = segmentName(reply);
    const names = ["SYN", "SYN-ACK", "ACK", "FIN-ACK", "RST"];
    const { options, correct } = stateChoices(dice, answer, names, 4);
    return {
      kind: this.kind,
      vars: { ...d, closer: `closer.${closer}` },
      // Only the capture up to the segment asked about: the next rows would give the answer away.
      table: { rows: segs.slice(0, d.row).map(segmentRow) },
      answer: { kind: "choice", options, correct },
      distractors: [],
      explainVars: { state, reply: answer },
      conversation: spec,
      trace,
      hosts: HOSTS,
    };
  },
};

export const statesGenerators: readonly Generator[] = [stateAfter, whoTimeWait, nextSend];
