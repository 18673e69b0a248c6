/**
 * Handshake faults: the RST a closed port answers a SYN with (RFC 9293
 * §3.10.7.1: a segment without ACK gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>,
 * and a SYN counts one in SEG.LEN), and the retransmissions of a lost SYN:
 * Linux starts at an RTO of 1 s; before 6.5 it doubles from the first
 * timeout (retries 1, 3, 7, 15 … s after connect()), since 6.5 the first
 * net.ipv4.tcp_syn_linear_timeouts (default 4) timeouts stay at 1 s. A
 * retransmitted SYN carries the same ISN. And the RST close() sends instead
 * of a FIN when received data was never read (RFC 9293 §3.6.1) or SO_LINGER
 * is {on, 0}: it carries SND.NXT, the next unused sequence number, and takes
 * none itself. Each answer is read from a run of the core.
 */
import { Simulation, match, type Segment, type TraceEvent } from "../../sim/index.ts";
import { countDistractors, pickDistractors } from "../distractors.ts";
import { CLIENT_IP, SERVER_IP, sentSegments, sideOf } from "../runs.ts";
import type { Dice } from "../seeded.ts";
import type { Level } from "../types.ts";
import { pickBytes, pickIsn, plainSum } from "./common.ts";
import type { Generator } from "./types.ts";

const HOSTS = ["client", "server"] as const;
const ALL: readonly Level[] = ["easy", "medium", "hard"];

/**
 * A client connecting to port 80 of the server. `listening` false: nothing
 * listens there. `lostSyns`: that many of the client's first SYNs are dropped.
 */
export function runConnect(
  seed: number,
  isn: number,
  listening: boolean,
  lostSyns: number,
  linearTimeouts = 4,
): readonly TraceEvent[] {
  const sim = new Simulation({
    seed,
    profile: "linux",
    traceLevel: "all",
    sysctl: { "net.ipv4.tcp_syn_linear_timeouts": linearTimeouts },
  });
  const client = sim.addHost("client", CLIENT_IP);
  const server = sim.addHost("server", SERVER_IP);
  sim.link(client, server, { delay: 500 });
  if (listening && !server.listen(80, 128).ok) throw new Error("quiz run: listen failed");
  if (lostSyns > 0) sim.addFault({ from: "client", match: match.syn, count: lostSyns, action: "drop" });
  const c = client.connect({ ip: SERVER_IP, port: 80 }, { isn });
  if (!c.ok) throw new Error(`quiz run: connect failed with ${c.errno}`);
  sim.runFor(120_000_000);
  return sim.trace;
}

function sendTimes(trace: readonly TraceEvent[], test: (s: Segment) => boolean): number[] {
  const out: number[] = [];
  for (const e of trace) if (e.kind === "send" && test(e.seg)) out.push(e.t);
  return out;
}

const isSyn = (s: Segment): boolean => s.ctl.syn && s.ack === undefined;

export const rstClosedPort: Generator = {
  kind: "rst-closed-port",
  topic: "handshake",
  levels: ALL,
  generate(dice: Dice, level: Level) {
    const x = pickIsn(dice, level, 0);
    const trace = runConnect(dice.u32() | 0, x, false, 0);
    const rst = sentSegments(trace).find((s) => sideOf(s) === "server" && s.ctl.rst);
    if (rst?.ack === undefined) throw new Error("quiz: the closed port sent no RST with an ACK");
    return {
      kind: this.kind,
      vars: { clientIsn: x },
      answer: { kind: "number", value: rst.ack, tolerance: 0 },
      distractors: pickDistractors(rst.ack, [
        { value: x, mistake: "forgotSynPlusOne" },
        { value: 0, mistake: "rstSeqNotAck" },
        { value: x + 2, mistake: "countedTwice" },
        { value: x + 1, mistake: "noWrap" },
      ]),
      explainVars: { sum: plainSum(x, 1), rstSeq: rst.seq },
      trace,
      hosts: HOSTS,
    };
  },
};

export const synRetransTime: Generator = {
  kind: "syn-retrans-time",
  topic: "handshake",
  levels: ALL,
  generate(dice: Dice, level: Level) {
    const linear = level === "easy" ? 0 : dice.pick([0, 4]);
    const lost = level === "easy" ? dice.int(1, 3) : level === "medium" ? dice.int(1, 4) : dice.int(2, 6);
    const x = pickIsn(dice, level, 0);
    const at = (linearTimeouts: number): number[] => {
      const t = runConnect(1, x, true, lost, linearTimeouts);
      return sendTimes(t, (s) => sideOf(s) === "client" && isSyn(s)).map((u) => u / 1_000_000);
    };
    const trace = runConnect(dice.u32() | 0, x, true, lost, linear);
    const syns = sendTimes(trace, (s) => sideOf(s) === "client" && isSyn(s)).map((u) => u / 1_000_000);
    const first = syns[0];
    const through = syns[lost];
    if (first === undefined || through === undefined) throw new Error("quiz: the SYN was not retransmitted");
    const answer = through - first;
    const other = (at(linear === 0 ? 4 : 0)[lost] ?? 0) - first;
    return {
      kind: this.kind,
      vars: { lost, linear, nth: lost + 1 },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: other, mistake: "otherSynSchedule" },
        { value: 3 * (2 ** lost - 1), mistake: "oldRto3s" },
        { value: 2 ** lost, mistake: "lastIntervalOnly" },
        { value: (syns[lost] ?? 0) - (syns[lost - 1] ?? 0), mistake: "lastIntervalOnly" },
      ]),
      explainVars: { times: syns.slice(0, lost + 1).join(", "), other },
      trace,
      hosts: HOSTS,
    };
  },
};

export const synRetransSeq: Generator = {
  kind: "syn-retrans-seq",
  topic: "handshake",
  levels: ["medium", "hard"],
  generate(dice: Dice, level: Level) {
    const lost = dice.int(1, 3);
    const x = pickIsn(dice, level, 0);
    const trace = runConnect(dice.u32() | 0, x, true, lost);
    const syn = sentSegments(trace).filter((s) => sideOf(s) === "client" && isSyn(s))[lost];
    if (syn === undefined) throw new Error("quiz: the SYN was not retransmitted");
    return {
      kind: this.kind,
      vars: { clientIsn: x, lost, nth: lost + 1 },
      answer: { kind: "number", value: syn.seq, tolerance: 0 },
      distractors: pickDistractors(syn.seq, [
        { value: x + 1, mistake: "retransNewSeq" },
        { value: x + lost, mistake: "retransNewSeq" },
        { value: x + lost + 1, mistake: "retransNewSeq" },
      ]),
      explainVars: {},
      trace,
      hosts: HOSTS,
    };
  },
};

export type RstReason = "unread" | "linger0";

/**
 * Client (ISN x) sends `clientBytes`; the server (ISN y) sends `serverBytes`,
 * and either never reads (unread) or reads everything and sets SO_LINGER 0;
 * one second in, the server closes.
 */
export function runRstOnClose(
  seed: number,
  x: number,
  y: number,
  clientBytes: number,
  serverBytes: number,
  reason: RstReason,
): readonly TraceEvent[] {
  const sim = new Simulation({ seed, profile: "linux", traceLevel: "all" });
  const client = sim.addHost("client", CLIENT_IP);
  const server = sim.addHost("server", SERVER_IP);
  sim.link(client, server, { delay: 500 });
  const listener = server.listen(80, 128, { isn: y });
  if (!listener.ok) throw new Error("quiz run: listen failed");
  const c = client.connect({ ip: SERVER_IP, port: 80 }, { isn: x });
  if (!c.ok) throw new Error(`quiz run: connect failed with ${c.errno}`);
  c.onData = (s) => void s.read();
  c.onEstablished = () => void c.send(clientBytes);
  listener.onConnection = () => {
    const a = listener.accept();
    if (!a.ok) return;
    if (reason === "linger0") {
      a.onData = (s) => void s.read();
      a.setsockopt("SO_LINGER", 0);
    }
    a.send(serverBytes);
    sim.at(1_000_000, () => void a.close());
  };
  sim.runFor(5_000_000);
  return sim.trace;
}

export const rstOnClose: Generator = {
  kind: "rst-unread",
  topic: "handshake",
  levels: ["medium", "hard"],
  generate(dice: Dice, level: Level) {
    const reason: RstReason = dice.pick(["unread", "linger0"]);
    const clientBytes = pickBytes(dice, level);
    const serverBytes = pickBytes(dice, level);
    const x = pickIsn(dice, level, clientBytes);
    const y = pickIsn(dice, level, serverBytes);
    const trace = runRstOnClose(dice.u32() | 0, x, y, clientBytes, serverBytes, reason);
    const rst = sentSegments(trace).find((s) => sideOf(s) === "server" && s.ctl.rst);
    if (rst === undefined) throw new Error("quiz: close() sent no RST");
    return {
      kind: reason === "unread" ? "rst-unread" : "rst-linger0",
      vars: { clientIsn: x, serverIsn: y, clientBytes, serverBytes },
      answer: { kind: "number", value: rst.seq, tolerance: 0 },
      distractors: pickDistractors(rst.seq, [
        { value: y + serverBytes, mistake: "forgotSynPlusOne" },
        { value: y + 1 + serverBytes + 1, mistake: "rstTakesNoSeq" },
        { value: x + 1 + clientBytes, mistake: "swappedSides" },
        { value: y + 1 + serverBytes, mistake: "noWrap" },
        { value: 0, mistake: "rstSeqZero" },
      ]),
      explainVars: { sum: plainSum(y, 1, serverBytes) },
      trace,
      hosts: HOSTS,
    };
  },
};

export const faultGenerators: readonly Generator[] = [rstClosedPort, synRetransTime, synRetransSeq, rstOnClose];
