import { describe, expect, it } from "vitest";
import { generateQuiz, GENERATORS, generatorsFor } from "../../../src/quiz/quiz.ts";
import { checkAnswer } from "../../../src/quiz/answer.ts";
import { Dice, studentSeed } from "../../../src/quiz/seeded.ts";
import { LEVELS, TOPICS, type Level, type Question } from "../../../src/quiz/types.ts";
import { seqAdd, SEQ_MODULUS } from "../../../src/sim/seq.ts";
import { PROFILES } from "../../../src/sim/profiles.ts";
import { knobDef } from "../../../src/sim/sysctl.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { buildSequence, statesAfter } from "../../../src/diagram/sequence.ts";
import { segmentName } from "../../../src/diagram/segment-name.ts";
import { independentRun } from "./oracle.ts";
import { depth } from "../support/depth.ts";

const strip = (q: Question) => ({ ...q, trace: undefined });
const diagramStrings = { title: "t", send: "s", lost: "l", state: "st", timer: "ti", lostMark: "x" };

function num(q: Question, key: string): number {
  const v = q.vars[key];
  if (typeof v !== "number") throw new Error(`${q.kind}: no numeric var ${key}`);
  return v;
}

/** The correct answer as a number, whether the question is free text or multiple choice. */
function numericAnswer(q: Question): number {
  if (q.answer.kind === "number") return q.answer.value;
  if (q.answer.kind === "choice") {
    const c = q.answer.options[q.answer.correct];
    if (c && "literal" in c) return Number(c.literal);
  }
  throw new Error(`${q.kind}: not a number answer`);
}

/** One question of one kind at one level, from a seed. */
function single(kind: string, level: Level, seed: number): Question {
  const g = Object.values(GENERATORS)
    .flat()
    .find((x) => x.kind === kind);
  if (!g) throw new Error(kind);
  return { id: "q1", topic: g.topic, level, ...g.generate(new Dice(seed), level) };
}

describe("quiz determinism", () => {
  it("rebuilds the same quiz from the same spec and differs for another seed", () => {
    for (const level of LEVELS) {
      const spec = { topics: [...TOPICS], count: 12, level, seed: 12345 };
      const a = generateQuiz(spec).map(strip);
      const b = generateQuiz(spec).map(strip);
      expect(b).toEqual(a);
      const c = generateQuiz({ ...spec, seed: 12346 }).map(strip);
      expect(c).not.toEqual(a);
    }
  });

  it("keeps question i when the count grows", () => {
    const short = generateQuiz({ topics: ["handshake"], count: 3, level: "medium", seed: 7 }).map(strip);
    const long = generateQuiz({ topics: ["handshake"], count: 6, level: "medium", seed: 7 }).map(strip);
    expect(long.slice(0, 3).map((q) => q.vars)).toEqual(short.map((q) => q.vars));
  });

  it("gives each student a stable variant of an assignment", () => {
    const s1 = studentSeed("NET-101", "Alice.B");
    expect(studentSeed("NET-101", "  alice.b ")).toBe(s1);
    expect(studentSeed("NET-101", "bob")).not.toBe(s1);
    expect(studentSeed("NET-102", "Alice.B")).not.toBe(s1);
  });

  it("covers every kind of a topic before repeating one", () => {
    for (const topic of TOPICS) {
      const kinds = generatorsFor(topic, "medium").length;
      const quiz = generateQuiz({ topics: [topic], count: kinds, level: "medium", seed: 99 });
      const generators = new Set(
        quiz.map((q) =>
          q.kind.replace(/^(raw-to-relative|relative-to-raw)$/, "relative-raw").replace("max-rate-ips", "max-rate"),
        ),
      );
      expect(generators.size).toBe(kinds);
    }
  });
});

describe("handshake answers agree with an independent run of the core", () => {
  // 240 covers every kind × level pair 10 times; test:deep runs 1200.
  const SEEDS = depth(240, 1200);
  const kinds = [
    "synack-ack",
    "final-ack-seq",
    "final-ack-ack",
    "next-seq",
    "fin-ack",
    "relative-raw",
    "blank-trace",
    "order",
  ];

  it(`checks ${SEEDS} seeds of every kind and level`, () => {
    let checked = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const level = LEVELS[seed % 3] as Level;
      const kind = kinds[seed % kinds.length] as string;
      const q = single(kind, level, seed * 7919 + 1);
      const spec = q.conversation;
      if (!spec) throw new Error(`${kind} has no conversation`);
      const { segments } = independentRun(spec);
      const x = spec.clientIsn;
      const y = spec.serverIsn;
      const clientSegs = segments.filter((s) => s.src.ip === "10.0.0.1");
      const serverSegs = segments.filter((s) => s.src.ip === "10.0.0.2");
      const fin = clientSegs.find((s) => s.ctl.fin);
      // Textbook values (RFC 9293 §3.4), and the run agrees with them.
      const expected: Record<string, number> = {
        "synack-ack": seqAdd(x, 1),
        "final-ack-seq": seqAdd(x, 1),
        "final-ack-ack": seqAdd(y, 1),
        "next-seq": seqAdd(x, 1 + spec.clientBytes),
        "fin-ack": seqAdd(x, 2 + spec.clientBytes),
        "raw-to-relative": 1 + spec.clientBytes,
        "relative-to-raw": seqAdd(x, 1 + spec.clientBytes),
      };
      const fromRun: Record<string, number | undefined> = {
        "synack-ack": serverSegs.find((s) => s.ctl.syn)?.ack,
        "final-ack-seq": clientSegs[1]?.seq,
        "final-ack-ack": clientSegs[1]?.ack,
        "next-seq": fin?.seq,
        "fin-ack": serverSegs.find((s) => fin !== undefined && s.ack === seqAdd(fin.seq, 1))?.ack,
        "raw-to-relative": fin === undefined ? undefined : (fin.seq - x + SEQ_MODULUS) % SEQ_MODULUS,
        "relative-to-raw": fin?.seq,
      };
      if (q.kind in expected) {
        expect(fromRun[q.kind], `${q.kind} seed ${seed}: run`).toBe(expected[q.kind]);
        expect(numericAnswer(q), `${q.kind} seed ${seed}: generator`).toBe(expected[q.kind]);
      } else if (q.kind === "blank-trace") {
        const rows = q.table?.rows ?? [];
        expect(rows.map((r) => [r.seq, r.ack, r.len])).toEqual(segments.map((s) => [s.seq, s.ack, s.len]));
        const blank = q.table?.blank;
        if (!blank) throw new Error("no blank");
        const seg = segments[blank.row];
        expect(numericAnswer(q)).toBe(blank.field === "seq" ? seg?.seq : seg?.ack);
      } else if (q.kind === "order") {
        if (q.answer.kind !== "order" || !q.table?.letters) throw new Error("order");
        const letters = q.table.letters;
        const ordered = [...q.answer.correct].map((l) => q.table?.rows[letters.indexOf(l)]);
        expect(ordered.map((r) => [r?.name, r?.seq, r?.ack, r?.len])).toEqual(
          segments.map((s) => [segmentName(s), s.seq, s.ack, s.len]),
        );
        expect(checkAnswer(q, q.answer.correct.split("").join(" ")).status).toBe("correct");
      } else throw new Error(`unchecked kind ${q.kind}`);
      checked++;
    }
    expect(checked).toBe(SEEDS);
  });
});

describe("state answers agree with an independent run", () => {
  const STATE_SEEDS = depth(90, 300);
  it(`checks ${STATE_SEEDS} seeds of every state kind`, () => {
    for (let seed = 0; seed < STATE_SEEDS; seed++) {
      const level = LEVELS[seed % 3] as Level;
      const kind = ["state-after", "who-time-wait", "next-send"][seed % 3] as string;
      if (kind === "next-send" && level === "easy") continue;
      const q = single(kind, level, seed * 104729 + 3);
      const spec = q.conversation;
      if (!spec || q.answer.kind !== "choice") throw new Error(kind);
      const { segments, trace } = independentRun(spec);
      const chosen = q.answer.options[q.answer.correct];
      const answer = chosen && "literal" in chosen ? chosen.literal : chosen?.key;
      if (kind === "state-after") {
        // The diagram draws each state change on the row of the segment that caused it.
        const model = buildSequence(trace, diagramStrings, { hosts: ["client", "server"] });
        const row = num(q, "row");
        const lane = q.vars["receiver"] === "client" ? 0 : 1;
        expect(statesAfter(model, row)[lane], `seed ${seed}`).toBe(answer);
      } else if (kind === "who-time-wait") {
        const tw = new Set(trace.flatMap((e) => (e.kind === "state" && e.to === "TIME_WAIT" ? [e.sock.host] : [])));
        const who = tw.size === 2 ? "both" : tw.has("client") ? "client" : tw.has("server") ? "server" : "neither";
        expect(answer).toBe(`side.${who}`);
        const closer = String(q.vars["closer"]).replace("closer.", "");
        expect(who).toBe(closer === "simultaneous" ? "both" : closer);
      } else {
        const row = num(q, "row");
        const asked = segments[row - 1];
        if (!asked) throw new Error("row");
        // The receiver's next segment is the first it sends once the asked one has arrived.
        const arrived = trace.findIndex((e) => e.kind === "deliver" && e.seg.id === asked.id);
        const reply = trace
          .slice(arrived)
          .flatMap((e) => (e.kind === "send" && e.seg.src.ip === asked.dst.ip ? [e.seg] : []))[0];
        // Nothing from the receiver crossed the asked segment, so the capture shown is the whole story.
        expect(segments.slice(0, row).every((s) => s.id <= asked.id)).toBe(true);
        expect(segments.indexOf(reply as never)).toBeGreaterThanOrEqual(row);
        expect(reply && segmentName(reply)).toBe(answer);
      }
    }
  });
});

describe("TIME_WAIT, port and sysctl answers agree with the core and the lab", () => {
  it("checks every kind over many seeds", () => {
    const kinds = Object.values(GENERATORS.timewait)
      .concat(GENERATORS.sysctl)
      .map((g) => g.kind);
    for (let seed = 0; seed < depth(160, 400); seed++) {
      const level = LEVELS[seed % 3] as Level;
      const kind = kinds[seed % kinds.length] as string;
      const g = Object.values(GENERATORS)
        .flat()
        .find((x) => x.kind === kind);
      if (!g || !g.levels.includes(level)) continue;
      const q = single(kind, level, seed * 31 + 5);
      switch (q.kind) {
        case "tw-duration": {
          const profile = String(q.vars["profile"]).replace("profile.", "") as keyof typeof PROFILES;
          expect(numericAnswer(q)).toBe(PROFILES[profile].timeWaitLen / 1_000_000);
          break;
        }
        case "max-rate":
        case "max-rate-ips": {
          const ports = num(q, "portHigh") - num(q, "portLow") + 1;
          expect(Math.abs(numericAnswer(q) - (ports * num(q, "sourceIps")) / 60)).toBeLessThanOrEqual(0.05);
          break;
        }
        case "little": {
          expect(Math.abs(numericAnswer(q) - num(q, "rate") * 60)).toBeLessThanOrEqual(num(q, "rate") / 2);
          if (seed < 100) {
            // A separate run (other seed, longer) measures the same population.
            const r = runScenario("port-exhaustion", { seed: 9, params: { rate: num(q, "rate"), durationSec: 70 } });
            expect(Math.abs(numericAnswer(q) - Number(r.summary["peakTimeWait"]))).toBeLessThanOrEqual(
              num(q, "rate") / 2,
            );
          }
          break;
        }
        case "fix-effect": {
          if (q.answer.kind !== "choice") throw new Error("fix");
          const fix = String(q.vars["fix"]);
          // lab: tw-reuse-modes: reuse 2 only acts on loopback; every other fix removes the port limit here.
          const chosen = q.answer.options[q.answer.correct] as { key: string };
          expect(chosen.key, fix).toBe(fix === "fix.reuse2" ? "effect.same" : "effect.none");
          expect(q.answer.options).toHaveLength(4);
          break;
        }
        case "fin-timeout-tw":
          expect(numericAnswer(q)).toBe(PROFILES.linux.timeWaitLen / 1_000_000);
          break;
        case "knob-default": {
          const v = knobDef(String(q.vars["knob"]))?.defaults.linux;
          expect(String(v)).toBe(
            q.answer.kind === "choice" ? (q.answer.options[q.answer.correct] as { literal: string }).literal : "",
          );
          // lab: knob-defaults: syncookies 1, tw_reuse 2.
          expect(v).toBe(q.vars["knob"] === "net.ipv4.tcp_syncookies" ? 1 : 2);
          break;
        }
        case "port-range-count":
          expect(numericAnswer(q)).toBe(60999 - 32768 + 1);
          break;
        case "tw-buckets":
          expect(numericAnswer(q)).toBe(Math.min(num(q, "connections"), num(q, "maxTwBuckets")));
          break;
        case "keepalive-detect":
          expect(numericAnswer(q)).toBe(num(q, "keepaliveTime") + num(q, "keepaliveProbes") * num(q, "keepaliveIntvl"));
          break;
        case "tw-recycle-today":
        case "tw-reuse-direction": {
          if (q.answer.kind !== "choice") throw new Error("choice");
          const key = (q.answer.options[q.answer.correct] as { key: string }).key;
          expect(key).toBe(q.kind === "tw-recycle-today" ? "recycle.noSuchFile" : "reuse.outgoing");
          break;
        }
        default:
          throw new Error(`unchecked kind ${q.kind}`);
      }
    }
  });
});

describe("distractors", () => {
  it("never equal the answer, never repeat, and name a mistake", () => {
    for (let seed = 0; seed < 150; seed++) {
      const level = LEVELS[seed % 3] as Level;
      for (const q of generateQuiz({ topics: ["handshake", "timewait", "sysctl"], count: 3, level, seed })) {
        const answer = q.answer.kind === "number" ? q.answer.value : numericAnswerOrNaN(q);
        const values = q.distractors.map((d) => d.value);
        expect(new Set(values).size).toBe(values.length);
        for (const d of q.distractors) {
          expect(d.value, `${q.kind} seed ${seed}`).not.toBe(answer);
          if (q.answer.kind === "number")
            expect(Math.abs(d.value - q.answer.value)).toBeGreaterThan(q.answer.tolerance);
          expect(d.mistake).not.toBe("");
        }
        if (q.answer.kind === "choice") {
          const texts = q.answer.options.map((o) => ("literal" in o ? o.literal : o.key));
          expect(new Set(texts).size).toBe(texts.length);
        }
      }
    }
  });

  it("turn the typical mistake into a hint", () => {
    const q = single("next-seq", "medium", 4242);
    const x = num(q, "clientIsn");
    const bytes = num(q, "bytes");
    const v = checkAnswer(q, String(seqAdd(x, bytes)));
    expect(v).toEqual({ status: "wrong", mistake: "forgotSynPlusOne" });
  });
});

function numericAnswerOrNaN(q: Question): number {
  try {
    return numericAnswer(q);
  } catch {
    return Number.NaN;
  }
}
