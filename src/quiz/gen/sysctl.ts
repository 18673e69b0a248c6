/**
 * sysctl myths (the sysctl reference pages' evidence): multiple-choice and numeric questions
 * aimed at the misreadings in the source article. Defaults come from the
 * core's knob table; behaviour comes from scenario runs; the one fact the
 * core cannot show (which direction tcp_tw_reuse acts on) is the kernel's:
 * tcp_twsk_unique() is called from connect() only (lab: tw-reuse-modes).
 */
import { knobDef, SysctlTable } from "../../sim/index.ts";
import { countDistractors } from "../distractors.ts";
import { runCached, summaryNumber } from "../scenario-cache.ts";
import type { Dice } from "../seeded.ts";
import type { Choice } from "../types.ts";
import type { Generator, QuestionBody } from "./types.ts";

/** Options are shuffled per variant; `correctKey` is one of `keys`. */
function choiceBody(
  dice: Dice,
  kind: string,
  keys: readonly string[],
  correctKey: string,
  vars: QuestionBody["vars"] = {},
  explainVars: QuestionBody["explainVars"] = {},
): QuestionBody {
  if (!keys.includes(correctKey)) throw new Error(`quiz: ${kind} has no option ${correctKey}`);
  const order = dice.shuffle(keys);
  const options: Choice[] = order.map((key) => (key.startsWith("=") ? { literal: key.slice(1) } : { key }));
  return {
    kind,
    vars,
    answer: { kind: "choice", options, correct: order.indexOf(correctKey) },
    distractors: [],
    explainVars,
  };
}

function linuxDefault(knob: string): number {
  const def = knobDef(knob);
  const v = def?.defaults.linux;
  if (typeof v !== "number") throw new Error(`quiz: knob ${knob} has no numeric Linux default`);
  return v;
}

export const finTimeoutVsTimeWait: Generator = {
  kind: "fin-timeout-tw",
  topic: "sysctl",
  levels: ["easy", "medium", "hard"],
  generate(dice) {
    const finTimeout = dice.pick([5, 10, 15, 20, 30]);
    const result = runCached("data-and-close", { seed: 1, sysctl: { tcp_fin_timeout: finTimeout } });
    const answer = summaryNumber(result, "timeWaitSeconds");
    return {
      kind: this.kind,
      vars: { finTimeout },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: finTimeout, mistake: "finTimeoutIsTimeWait" },
        { value: finTimeout * 2, mistake: "finTimeoutIsMsl" },
        { value: 240, mistake: "otherProfile" },
        { value: 120, mistake: "mslIsOneMinute" },
      ]),
      explainVars: { finTimeout },
      trace: result.trace,
      hosts: ["client", "server"],
    };
  },
};

export const twRecycleToday: Generator = {
  kind: "tw-recycle-today",
  topic: "sysctl",
  levels: ["easy", "medium", "hard"],
  generate(dice) {
    // Ask the core's sysctl table what `sysctl -w net.ipv4.tcp_tw_recycle=1` does on Linux 6.x.
    const result = new SysctlTable("linux").set("net.ipv4.tcp_tw_recycle", 1);
    const correct = result.ok ? "recycle.shortens" : "recycle.noSuchFile";
    const message = result.ok ? "" : result.message;
    return choiceBody(
      dice,
      this.kind,
      ["recycle.noSuchFile", "recycle.shortens", "recycle.natOnly", "recycle.ignored"],
      correct,
      {},
      { message },
    );
  },
};

export const twReuseDirection: Generator = {
  kind: "tw-reuse-direction",
  topic: "sysctl",
  levels: ["easy", "medium", "hard"],
  generate(dice) {
    // Only __inet_check_established(), i.e. connect(), consults tcp_tw_reuse (tcp_twsk_unique()).
    return choiceBody(
      dice,
      this.kind,
      ["reuse.outgoing", "reuse.incoming", "reuse.both", "reuse.timeWaitLength"],
      "reuse.outgoing",
    );
  },
};

export const knobDefault: Generator = {
  kind: "knob-default",
  topic: "sysctl",
  levels: ["easy", "medium", "hard"],
  generate(dice) {
    const knob = dice.pick(["net.ipv4.tcp_syncookies", "net.ipv4.tcp_tw_reuse"]);
    const value = linuxDefault(knob);
    const body = choiceBody(
      dice,
      this.kind,
      ["=0", "=1", "=2"],
      `=${value}`,
      { knob },
      { knob, value, meaning: `knobValue.${knob}.${value}` },
    );
    return body;
  },
};

export const portRangeCount: Generator = {
  kind: "port-range-count",
  topic: "sysctl",
  levels: ["easy", "medium", "hard"],
  generate() {
    const range = knobDef("net.ipv4.ip_local_port_range")?.defaults.linux;
    if (range === undefined || typeof range === "number") throw new Error("quiz: no default port range");
    const [portLow, portHigh] = range;
    const result = runCached("port-exhaustion", { seed: 1, params: { rate: 1, durationSec: 1, portLow, portHigh } });
    const answer = summaryNumber(result, "portsInRange");
    return {
      kind: this.kind,
      vars: { portLow, portHigh },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: answer - 1, mistake: "fencepost" },
        { value: 65536, mistake: "wholePortSpace" },
        { value: 65536 - 1024, mistake: "allUnprivileged" },
      ]),
      explainVars: { portLow, portHigh },
    };
  },
};

export const twBuckets: Generator = {
  kind: "tw-buckets",
  topic: "sysctl",
  levels: ["medium", "hard"],
  generate(dice) {
    const maxTwBuckets = dice.int(3, 20);
    const connections = maxTwBuckets + dice.int(2, 30);
    const result = runCached("tw-buckets-overflow", { seed: 1, params: { connections, maxTwBuckets } });
    const answer = summaryNumber(result, "timeWaitSockets");
    const overflow = summaryNumber(result, "tcpTimeWaitOverflow");
    return {
      kind: this.kind,
      vars: { maxTwBuckets, connections },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: connections, mistake: "limitIgnored" },
        { value: connections - maxTwBuckets, mistake: "limitInverted" },
        { value: 0, mistake: "limitClearsAll" },
      ]),
      explainVars: { overflow },
    };
  },
};

export const keepaliveDetection: Generator = {
  kind: "keepalive-detect",
  topic: "sysctl",
  levels: ["medium", "hard"],
  generate(dice) {
    const keepaliveTime = dice.int(2, 12) * 10;
    const keepaliveIntvl = dice.int(1, 6) * 5;
    const keepaliveProbes = dice.int(2, 9);
    const result = runCached("keepalive", {
      seed: 1,
      params: { peer: "dead", keepaliveTime, keepaliveIntvl, keepaliveProbes },
    });
    const answer = summaryNumber(result, "detectedAtSec");
    return {
      kind: this.kind,
      vars: { keepaliveTime, keepaliveIntvl, keepaliveProbes },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: keepaliveTime, mistake: "keepaliveTimeIsInterval" },
        { value: keepaliveTime * keepaliveProbes, mistake: "keepaliveTimePerProbe" },
        { value: keepaliveTime + keepaliveIntvl, mistake: "oneProbe" },
        { value: keepaliveTime + (keepaliveProbes - 1) * keepaliveIntvl, mistake: "fencepost" },
      ]),
      explainVars: {},
    };
  },
};

export const sysctlGenerators: readonly Generator[] = [
  finTimeoutVsTimeWait,
  twRecycleToday,
  twReuseDirection,
  knobDefault,
  portRangeCount,
  twBuckets,
  keepaliveDetection,
];
