/**
 * TIME_WAIT and ephemeral ports (lab: port-capacity, time-wait-length): how long
 * TIME_WAIT lasts per kernel profile, the connection-rate ceiling of a port
 * range, the steady TIME_WAIT population (Little's law), and which fixes stop
 * EADDRNOTAVAIL. Answers come from `data-and-close` and `port-exhaustion` runs.
 */
import type { KernelProfile } from "../../sim/index.ts";
import { countDistractors } from "../distractors.ts";
import { runCached, summaryNumber } from "../scenario-cache.ts";
import type { Dice } from "../seeded.ts";
import type { Choice } from "../types.ts";
import type { Generator } from "./types.ts";

/** Half-up rounding to one decimal, as the scenario reports the ceiling. */
function oneDecimal(x: number): number {
  return Math.round(x * 10) / 10;
}

export const twDuration: Generator = {
  kind: "tw-duration",
  topic: "timewait",
  levels: ["easy", "medium", "hard"],
  generate(dice, level) {
    const profiles: KernelProfile[] = level === "easy" ? ["linux"] : ["linux", "rfc9293"];
    const profile = dice.pick(profiles);
    const result = runCached("data-and-close", { seed: 1, profile });
    const answer = summaryNumber(result, "timeWaitSeconds");
    const other = summaryNumber(
      runCached("data-and-close", { seed: 1, profile: profile === "linux" ? "rfc9293" : "linux" }),
      "timeWaitSeconds",
    );
    return {
      kind: this.kind,
      vars: { profile: `profile.${profile}` },
      answer: { kind: "number", value: answer, tolerance: 0 },
      distractors: countDistractors(answer, [
        { value: other, mistake: "otherProfile" },
        { value: 120, mistake: "mslIsOneMinute" },
        { value: 30, mistake: "finTimeoutIsTimeWait" },
        { value: answer / 2, mistake: "halfOfTwoMsl" },
      ]),
      explainVars: { other },
      trace: result.trace,
      hosts: ["client", "server"],
    };
  },
};

function portRange(dice: Dice, wide: boolean): [number, number] {
  if (!wide) return [32768, 60999];
  const low = dice.int(10, 40) * 1000;
  const high = Math.min(65535, low + dice.int(5, 25) * 1000 - 1);
  return [low, high];
}

export const maxRate: Generator = {
  kind: "max-rate",
  topic: "timewait",
  levels: ["easy", "medium", "hard"],
  generate(dice, level) {
    const [portLow, portHigh] = portRange(dice, level !== "easy");
    const sourceIps = level === "hard" ? dice.int(2, 4) : 1;
    const result = runCached("port-exhaustion", {
      seed: 1,
      params: { rate: 1, durationSec: 1, portLow, portHigh, sourceIps },
    });
    const answer = summaryNumber(result, "theoreticalCeilingPerSec");
    const ports = summaryNumber(result, "portsInRange");
    return {
      kind: sourceIps > 1 ? "max-rate-ips" : this.kind,
      vars: { portLow, portHigh, sourceIps },
      // The scenario rounds to 0.1/s; accept anything within one connection per second.
      answer: { kind: "number", value: answer, tolerance: 1 },
      distractors: countDistractors(answer, [
        { value: ports * sourceIps, mistake: "forgotDivideByTimeWait" },
        { value: oneDecimal((ports * sourceIps) / 240), mistake: "usedRfcTimeWait" },
        { value: oneDecimal(ports / 60), mistake: "forgotSourceIps" },
        { value: oneDecimal((65536 * sourceIps) / 60), mistake: "wholePortSpace" },
      ]).filter((d) => Math.abs(d.value - answer) > 1),
      explainVars: { ports },
    };
  },
};

export const littlesLaw: Generator = {
  kind: "little",
  topic: "timewait",
  levels: ["medium", "hard"],
  generate(dice) {
    const rate = dice.int(2, 40);
    const result = runCached("port-exhaustion", { seed: 1, params: { rate, durationSec: 65 } });
    const answer = summaryNumber(result, "peakTimeWait");
    return {
      kind: this.kind,
      vars: { rate },
      // A per-second sample of a count that moves by `rate` every second.
      answer: { kind: "number", value: answer, tolerance: Math.max(1, Math.ceil(rate / 2)) },
      distractors: countDistractors(answer, [
        { value: rate, mistake: "forgotTimeWaitLength" },
        { value: rate * 240, mistake: "usedRfcTimeWait" },
        { value: rate * 30, mistake: "finTimeoutIsTimeWait" },
        { value: rate * 2, mistake: "countedPerConnection" },
      ]).filter((d) => Math.abs(d.value - answer) > Math.ceil(rate / 2)),
      explainVars: { rate },
    };
  },
};

type Fix = "reuse1" | "reuse2" | "ips" | "pool" | "serverCloses";
type Effect = "none" | "fewer" | "same" | "more";
const EFFECTS: readonly Effect[] = ["none", "fewer", "same", "more"];
const FIXES: readonly Fix[] = ["reuse1", "reuse2", "ips", "pool", "serverCloses"];

function fixParams(fix: Fix, sourceIps: number): Record<string, number | string> {
  switch (fix) {
    case "reuse1":
      return { twReuse: 1 };
    case "reuse2":
      return { twReuse: 2 };
    case "ips":
      return { sourceIps };
    case "pool":
      return { pool: 4 };
    case "serverCloses":
      return { closer: "server" };
  }
}

export const fixEffect: Generator = {
  kind: "fix-effect",
  topic: "timewait",
  levels: ["medium", "hard"],
  generate(dice) {
    // A small range keeps the run short while the rate is twice what TIME_WAIT allows.
    const ports = dice.int(2, 6) * 60;
    const portLow = 40000;
    const portHigh = portLow + ports - 1;
    const rate = (ports / 60) * 2;
    const sourceIps = 3;
    const fix = dice.pick(FIXES);
    const base = { rate, durationSec: 90, portLow, portHigh };
    const before = runCached("port-exhaustion", { seed: 1, params: base });
    const after = runCached("port-exhaustion", { seed: 1, params: { ...base, ...fixParams(fix, sourceIps) } });
    const failedBefore = summaryNumber(before, "failedEaddrnotavail");
    const failedAfter = summaryNumber(after, "failedEaddrnotavail");
    if (failedBefore === 0) throw new Error("quiz: fix-effect baseline did not run out of ports");
    // Four outcomes on one scale, so "it helps a bit" and "it changes nothing" are separate mistakes.
    const options: Choice[] = EFFECTS.map((e) => ({ key: `effect.${e}` }));
    const effect: Effect =
      failedAfter === 0
        ? "none"
        : failedAfter < failedBefore * 0.9
          ? "fewer"
          : failedAfter <= failedBefore * 1.1
            ? "same"
            : "more";
    return {
      kind: this.kind,
      vars: { rate, portLow, portHigh, fix: `fix.${fix}`, sourceIps },
      answer: { kind: "choice", options, correct: EFFECTS.indexOf(effect) },
      distractors: [],
      explainVars: { failedBefore, failedAfter, fix: `fix.${fix}` },
    };
  },
};

export const timewaitGenerators: readonly Generator[] = [twDuration, maxRate, littlesLaw, fixEffect];
