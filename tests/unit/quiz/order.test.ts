/**
 * Ordering questions accept exactly the orders the rows allow. The solver
 * here is written independently of src/quiz/order.ts (which replays the rows
 * one by one): it builds "must come before" pairs from the numbers and
 * enumerates every order that respects them, then compares the two sets.
 */
import { describe, expect, it } from "vitest";
import { orderSegments } from "../../../src/quiz/gen/handshake.ts";
import { checkAnswer } from "../../../src/quiz/answer.ts";
import { Dice, questionSeed } from "../../../src/quiz/seeded.ts";
import { LEVELS, type Level, type Question, type SegmentRow } from "../../../src/quiz/types.ts";
import { depth } from "../support/depth.ts";

const M = 2 ** 32;
const rel = (n: number, base: number): number => (((n - base) % M) + M) % M;
const space = (r: SegmentRow): number => r.len + (/SYN/.test(r.name) ? 1 : 0) + (/FIN/.test(r.name) ? 1 : 0);

/** Every order of `rows` that respects the precedence the numbers imply (letters in table order). */
function solve(rows: readonly SegmentRow[], letters: readonly string[]): string[] {
  const isn = {
    client: rows.find((r) => r.from === "client" && r.name === "SYN")?.seq,
    server: rows.find((r) => r.from === "server" && r.name === "SYN-ACK")?.seq,
  };
  if (isn.client === undefined || isn.server === undefined) throw new Error("no handshake in the table");
  const info = rows.map((r) => {
    const own = isn[r.from] as number;
    const peer = isn[r.from === "client" ? "server" : "client"] as number;
    const s = rel(r.seq, own);
    return { side: r.from, s, e: s + space(r), a: r.ack === undefined ? -1 : rel(r.ack, peer), pure: space(r) === 0 };
  });
  // before[q] = rows that must come before row q.
  const before = rows.map(() => new Set<number>());
  info.forEach((p, i) =>
    info.forEach((q, j) => {
      if (i === j) return;
      if (p.side === q.side) {
        // One sender's segments: by sequence number; a bare ACK before a segment starting at the same number
        // (that segment takes the number, so an ACK after it would carry a later one); bare ACKs by ack.
        const first = p.s < q.s || (p.s === q.s && p.pure && !q.pure) || (p.s === q.s && p.pure && q.pure && p.a < q.a);
        if (first) before[j]?.add(i);
      } else if (!p.pure && q.a >= p.e) before[j]?.add(i); // q acknowledges p: p was sent first
    }),
  );
  const out: string[] = [];
  const placed: number[] = [];
  const walk = (): void => {
    if (placed.length === rows.length) return void out.push(placed.map((i) => letters[i]).join(""));
    for (let j = 0; j < rows.length; j++) {
      if (placed.includes(j) || [...(before[j] as Set<number>)].some((i) => !placed.includes(i))) continue;
      placed.push(j);
      walk();
      placed.pop();
    }
  };
  walk();
  return out.sort();
}

function orderQuestion(seed: number, level: Level): Question {
  const body = orderSegments.generate(new Dice(questionSeed(seed, 0)), level);
  return { id: "q1", topic: "handshake", level, ...body };
}

/** Every permutation of a string (for tables of up to 8 rows). */
function permutations(s: string): string[] {
  if (s.length <= 1) return [s];
  return [...s].flatMap((c, i) => permutations(s.slice(0, i) + s.slice(i + 1)).map((p) => c + p));
}

describe("ordering questions accept exactly the orders the numbers allow", () => {
  const SEEDS = depth(40, 1500);
  it(`${SEEDS} seeds at each level: accepted set = independent solver's set, the sent order among them`, () => {
    const counts: Record<string, number> = {};
    for (const level of LEVELS)
      for (let seed = 1; seed <= SEEDS; seed++) {
        const q = orderQuestion(seed * 2654435761, level);
        if (q.answer.kind !== "order" || !q.table?.letters) throw new Error("not an order question");
        const solved = solve(q.table.rows, q.table.letters);
        expect([...q.answer.accepted].sort(), `${level} seed ${seed}`).toEqual(solved);
        expect(q.answer.accepted).toContain(q.answer.correct);
        counts[`${level}:${solved.length}`] = (counts[`${level}:${solved.length}`] ?? 0) + 1;
      }
    // Without data there is one order; with client data, the server's ACK of it and the client's FIN may cross.
    expect(Object.keys(counts).sort()).toEqual(["easy:1", "hard:2", "medium:1"]);
  }, 120_000);

  it("the site's grading takes every accepted order in any spacing and case, and no other order", () => {
    for (const level of LEVELS)
      for (let seed = 1; seed <= depth(6, 60); seed++) {
        const q = orderQuestion(seed * 40503 + 7, level);
        if (q.answer.kind !== "order" || !q.table?.letters) throw new Error("not an order question");
        const accepted = new Set(q.answer.accepted);
        for (const o of accepted) {
          expect(checkAnswer(q, o).status).toBe("correct");
          expect(checkAnswer(q, [...o].join(" ").toLowerCase()).status).toBe("correct");
          expect(checkAnswer(q, ` ${[...o].join(", ")} `).status).toBe("correct");
        }
        const letters = q.table.letters.join("");
        // Every permutation of short tables; long ones: each swap of two rows of an accepted order.
        const others =
          letters.length <= 8
            ? permutations(letters)
            : [...accepted].flatMap((o) =>
                [...o].flatMap((_, i) =>
                  [...o].map((__, j) => {
                    const c = [...o];
                    [c[i], c[j]] = [c[j] as string, c[i] as string];
                    return c.join("");
                  }),
                ),
              );
        for (const o of others) expect(checkAnswer(q, o).status).toBe(accepted.has(o) ? "correct" : "wrong");
      }
  }, 120_000);
});
