import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Scheduler, Timer, type EventTarget } from "../../../src/sim/scheduler.ts";
import { Rng } from "../../../src/sim/rng.ts";
import { isnClock, reincarnationIsn, KeyedHash, linuxIsn } from "../../../src/sim/isn.ts";
import { ssTimerText } from "../../../src/sim/host.ts";

class Recorder implements EventTarget {
  log: [number, number][] = [];
  sched: Scheduler;
  constructor(s: Scheduler) {
    this.sched = s;
  }
  onEvent(tag: number, data: unknown, gen: number): void {
    if (data instanceof Timer && !data.expired(gen, this.sched.now)) return;
    this.log.push([this.sched.now, tag]);
  }
}

describe("scheduler", () => {
  it("runs events in (time, insertion) order", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { maxLength: 200 }), (times) => {
        const s = new Scheduler();
        const r = new Recorder(s);
        times.forEach((t, i) => s.schedule(t, r, i));
        s.runUntil(Infinity);
        const want = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(r.log).toEqual(want);
      }),
    );
  });

  it("FIFO lanes keep a plain priority queue's order: events queued while running, few or many delays, reserved orders", () => {
    // Each event, when it runs, queues one more `delay` ahead (from a small or a large set of delays,
    // so lanes are shared, reused and run dry), sometimes with an insertion number reserved earlier.
    // The same script drives the Scheduler and a plain list searched for its least (time, order).
    const plan = fc.array(fc.record({ delay: fc.nat({ max: 12 }), spread: fc.boolean(), reserve: fc.boolean() }), {
      minLength: 1,
      maxLength: 300,
    });
    /** Runs the script on a queue given as (queue, reserve, now, next) and returns the ids in run order. */
    const drive = (
      steps: readonly { delay: number; spread: boolean; reserve: boolean }[],
      queue: (time: number, order: number, id: number) => void,
      reserveOrder: () => number,
      now: () => number,
      runAll: (run: (id: number) => void) => void,
    ): number[] => {
      const ran: number[] = [];
      const reserved: number[] = [];
      let next = 0;
      let id = 0;
      const run = (k: number): void => {
        ran.push(k);
        const st = steps[next++ % steps.length];
        if (st === undefined || next > 600) return;
        if (st.reserve) reserved.push(reserveOrder());
        const order = st.reserve || reserved.length === 0 ? reserveOrder() : (reserved.shift() as number);
        queue(now() + (st.spread ? st.delay * 997 + 1 : st.delay), order, id++);
      };
      for (let i = 0; i < 3; i++) queue(i * 5, reserveOrder(), id++);
      runAll(run);
      return ran;
    };
    fc.assert(
      fc.property(plan, (steps) => {
        const s = new Scheduler();
        let runEvent: (id: number) => void = () => undefined;
        const target: EventTarget = { onEvent: (tag) => runEvent(tag) };
        const got = drive(
          steps,
          (t, o, k) => s.scheduleOrdered(t, o, target, k),
          () => s.reserveOrder(),
          () => s.now,
          (run) => {
            runEvent = run;
            s.runUntil(Infinity);
          },
        );
        expect(s.pending).toBe(0);
        const list: [number, number, number][] = [];
        let counter = 0;
        let clock = 0;
        const want = drive(
          steps,
          (t, o, k) => list.push([Math.max(t, clock), o, k]),
          () => counter++,
          () => clock,
          (run) => {
            while (list.length > 0) {
              let m = 0;
              for (let i = 1; i < list.length; i++) {
                const a = list[i] as [number, number, number];
                const b = list[m] as [number, number, number];
                if (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) m = i;
              }
              const [t, , k] = list.splice(m, 1)[0] as [number, number, number];
              clock = t;
              run(k);
            }
          },
        );
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it("timers: cancel is lazy, re-arming later fires once at the new deadline, earlier re-queues", () => {
    const s = new Scheduler();
    const r = new Recorder(s);
    const t = new Timer(s, r, 7);
    t.arm(100);
    t.arm(300); // later: no new heap entry needed
    s.runUntil(200);
    expect(r.log).toEqual([]);
    s.runUntil(400);
    expect(r.log).toEqual([[300, 7]]);
    t.arm(500);
    t.cancel();
    s.runUntil(1000);
    expect(r.log).toHaveLength(1);
    t.arm(2000);
    t.arm(1500);
    s.runUntil(3000);
    expect(r.log).toEqual([
      [300, 7],
      [1500, 7],
    ]);
  });

  it("handles a million events", { timeout: 30_000 }, () => {
    const s = new Scheduler();
    const r: EventTarget = { onEvent: () => {} };
    for (let i = 0; i < 1_000_000; i++) s.schedule((i * 7919) % 100_000, r, 0);
    s.runUntil(Infinity);
    expect(s.executed).toBe(1_000_000);
  });
});

describe("rng", () => {
  it("same seed, same stream; different seeds differ", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 10 }, () => a.u32());
    expect(Array.from({ length: 10 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.u32())).not.toEqual(xs);
  });
  it("float in [0,1), below(n) in range", () => {
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      const k = r.below(10);
      expect(k >= 0 && k < 10 && Number.isInteger(k)).toBe(true);
    }
  });

  it("neighbouring seeds start far apart (about half the bits differ)", () => {
    const popcount = (x: number) => {
      let n = 0;
      for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
      return n;
    };
    let bits = 0;
    for (let seed = 1; seed <= 64; seed++) {
      const a = new Rng(seed).u32();
      const b = new Rng(seed + 1).u32();
      expect(a).not.toBe(seed >>> 0);
      expect(a).not.toBe(~seed >>> 0);
      bits += popcount(a ^ b);
    }
    expect(bits / 64).toBeGreaterThan(12);
    expect(bits / 64).toBeLessThan(20);
  });

  it("is deterministic and roughly uniform", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 1000 }, () => a.float());
    expect(Array.from({ length: 1000 }, () => b.float())).toEqual(xs);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe("ISN", () => {
  it("the clock ticks 15.625 M per second (64 ns), lab syn-to-timewait: 0.3054 s ≈ 4.77 M", () => {
    expect(isnClock(1_000_000)).toBe(15_625_000);
    expect(isnClock(305_400)).toBe(4_771_875);
  });
  it("same 4-tuple: ISN grows with the clock; different tuples are unrelated", () => {
    const h = new KeyedHash(new Rng(5));
    const a = linuxIsn(h, "10.0.0.1", 40000, "10.0.0.2", 80, 0);
    const b = linuxIsn(h, "10.0.0.1", 40000, "10.0.0.2", 80, 1_000_000);
    expect((b - a + 2 ** 32) % 2 ** 32).toBe(15_625_000);
    expect(linuxIsn(h, "10.0.0.1", 40001, "10.0.0.2", 80, 0)).not.toBe(a);
  });
  it("reincarnation ISN is snd_nxt + 65537 and never 0", () => {
    expect(reincarnationIsn(1000)).toBe(66537);
    expect(reincarnationIsn(2 ** 32 - 65537)).toBe(1);
  });
});

describe("ss timer text (print_ms_timer)", () => {
  it("formats like ss", () => {
    expect(ssTimerText(59_999)).toBe("59sec");
    expect(ssTimerText(4804)).toBe("4.804ms");
    expect(ssTimerText(900)).toBe("900ms");
    expect(ssTimerText(119_000)).toBe("1min59sec");
  });

  it("is never empty: under 1 ms left prints 000ms", () => {
    expect(ssTimerText(0)).toBe("000ms");
    expect(ssTimerText(0.4)).toBe("000ms");
    expect(ssTimerText(1)).toBe("001ms");
    expect(ssTimerText(60_000)).toBe("1min");
  });
});
