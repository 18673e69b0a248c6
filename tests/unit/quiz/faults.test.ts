/**
 * The handshake-fault kinds (RST from a closed port, lost SYNs): over many
 * seeds and every level, the answer read from the core equals an oracle
 * computed from the question's visible variables alone (RFC 9293's RST
 * fields; Linux's SYN schedule: 1 s, then doubling after
 * tcp_syn_linear_timeouts timeouts), so the variables decide the answer; only
 * that answer is accepted, every distractor is rejected with its hint, and
 * every prompt, explanation and hint exists in both languages.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  rstClosedPort,
  rstOnClose,
  synRetransSeq,
  synRetransTime,
  runConnect,
  runRstOnClose,
} from "../../../src/quiz/gen/faults.ts";
import { checkAnswer } from "../../../src/quiz/answer.ts";
import { Dice } from "../../../src/quiz/seeded.ts";
import { generateQuiz } from "../../../src/quiz/quiz.ts";
import { LEVELS, type Question } from "../../../src/quiz/types.ts";
import type { Generator } from "../../../src/quiz/gen/types.ts";
import { SEQ_MODULUS } from "../../../src/sim/seq.ts";

const SEEDS = 120;

/** Seconds from connect() to SYN number k+1 (the k-th retransmission), from the schedule alone. */
function synTime(k: number, linear: number): number {
  let t = 0;
  for (let n = 0; n < k; n++) t += n === 0 || n <= linear ? 1 : 2 ** (n - linear);
  return t;
}

function oracle(q: Question): number {
  const v = q.vars as Record<string, number>;
  switch (q.kind) {
    case "rst-closed-port":
      return ((v["clientIsn"] as number) + 1) % SEQ_MODULUS;
    case "syn-retrans-time":
      return synTime(v["lost"] as number, v["linear"] as number);
    case "syn-retrans-seq":
      return v["clientIsn"] as number;
    case "rst-unread":
    case "rst-linger0":
      return ((v["serverIsn"] as number) + 1 + (v["serverBytes"] as number)) % SEQ_MODULUS;
  }
  throw new Error(q.kind);
}

function generate(g: Generator, seed: number, level: (typeof LEVELS)[number]): Question {
  return { id: "q1", topic: g.topic, level, ...g.generate(new Dice(seed), level) };
}

describe("handshake-fault kinds", () => {
  for (const g of [rstClosedPort, synRetransTime, synRetransSeq, rstOnClose])
    for (const level of g.levels)
      it(`${g.kind} (${level}): the core's answer is the one the shown variables determine, and only it is accepted`, () => {
        const byVars = new Map<string, number>();
        const answers = new Set<number>();
        const kinds: string[] = [];
        for (let seed = 1; seed <= SEEDS; seed++) {
          const q = generate(g, seed * 7919, level);
          expect(q.answer.kind).toBe("number");
          if (q.answer.kind !== "number") continue;
          const answer = q.answer.value;
          expect(answer, JSON.stringify(q.vars)).toBe(oracle(q));
          kinds.push(q.kind);
          answers.add(answer);
          const key = JSON.stringify([q.kind, q.vars]);
          expect(byVars.get(key) ?? answer).toBe(answer);
          byVars.set(key, answer);
          expect(checkAnswer(q, String(answer))).toEqual({ status: "correct" });
          expect(q.distractors.length).toBeGreaterThanOrEqual(2);
          const values = q.distractors.map((d) => d.value);
          expect(new Set(values).size).toBe(values.length);
          for (const d of q.distractors) {
            expect(d.value).not.toBe(answer);
            expect(checkAnswer(q, String(d.value))).toEqual({ status: "wrong", mistake: d.mistake });
          }
          expect(checkAnswer(q, String(answer + 1)).status === "correct").toBe(false);
        }
        // The kind varies: not one answer for every seed.
        expect(answers.size).toBeGreaterThan(1);
        if (g === rstOnClose) expect(new Set(kinds)).toEqual(new Set(["rst-unread", "rst-linger0"]));
      });

  it("close() with unread data and with SO_LINGER 0 sends a RST (no FIN) carrying SND.NXT", () => {
    for (const reason of ["unread", "linger0"] as const) {
      const segs = runRstOnClose(1, 1000, 5000, 300, 200, reason).flatMap((e) =>
        e.kind === "send" && e.seg.src.ip.endsWith(".2") ? [e.seg] : [],
      );
      expect(segs.some((s) => s.ctl.fin)).toBe(false);
      const rst = segs.filter((s) => s.ctl.rst);
      expect(rst).toHaveLength(1);
      expect(rst[0]?.seq).toBe(5201);
      expect(rst[0]?.ack).toBe(1301);
    }
  });

  it("the closed port's RST is SEQ 0 with RST and ACK; the retransmitted SYNs repeat the ISN", () => {
    const rst = runConnect(3, SEQ_MODULUS - 1, false, 0).flatMap((e) =>
      e.kind === "send" && e.seg.ctl.rst ? [e.seg] : [],
    );
    expect(rst).toHaveLength(1);
    expect(rst[0]?.seq).toBe(0);
    expect(rst[0]?.ack).toBe(0); // 2^32 − 1 + 1 wraps
    const syns = runConnect(3, 12345, true, 3, 0).flatMap((e) =>
      e.kind === "send" && e.seg.ctl.syn && e.seg.ack === undefined ? [e] : [],
    );
    expect(syns.map((e) => e.seg.seq)).toEqual([12345, 12345, 12345, 12345]);
    expect(syns.map((e) => e.t / 1e6)).toEqual([0, 1, 3, 7]);
  });

  it("has a prompt, an explanation and every hint in English and Chinese", () => {
    for (const lang of ["en", "zh-cn"]) {
      const s = JSON.parse(
        readFileSync(new URL(`../../../content/_strings/${lang}/quiz.json`, import.meta.url), "utf8"),
      ) as { kinds: Record<string, { prompt: string; explain: string }>; mistakes: Record<string, string> };
      for (const g of [rstClosedPort, synRetransTime, synRetransSeq, rstOnClose]) {
        for (const level of g.levels)
          for (let seed = 1; seed <= 8; seed++) {
            const q = generate(g, seed, level);
            expect(s.kinds[q.kind]?.prompt, q.kind).toBeTruthy();
            expect(s.kinds[q.kind]?.explain, q.kind).toBeTruthy();
            for (const d of q.distractors) expect(s.mistakes[d.mistake], d.mistake).toBeTruthy();
          }
      }
    }
  });

  it("appear in handshake quizzes", () => {
    const kinds = new Set(
      generateQuiz({ topics: ["handshake"], count: 12, level: "medium", seed: 4 }).map((q) => q.kind),
    );
    for (const k of ["rst-closed-port", "syn-retrans-time", "syn-retrans-seq"]) expect(kinds).toContain(k);
    expect(kinds.has("rst-unread") || kinds.has("rst-linger0")).toBe(true);
  });
});
