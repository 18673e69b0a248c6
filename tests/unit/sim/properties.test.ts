/** Property tests over random fault schedules (fast-check drives seeds and probabilities). */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulation } from "../../../src/sim/simulation.ts";
import type { TcpState, TraceEvent } from "../../../src/sim/trace.ts";
import type { TcpSocket } from "../../../src/sim/tcp/socket.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { depth } from "../support/depth.ts";

/** Every transition the model may take (RFC 9293 Fig. 5 plus Linux: reset/timeout/abort to CLOSED, request sockets). */
const ALLOWED: Record<TcpState, readonly TcpState[]> = {
  CLOSED: ["LISTEN", "SYN_SENT"],
  LISTEN: ["SYN_RECV", "CLOSED"],
  SYN_SENT: ["SYN_RECV", "ESTABLISHED", "CLOSED"],
  SYN_RECV: ["ESTABLISHED", "FIN_WAIT1", "CLOSED"],
  ESTABLISHED: ["FIN_WAIT1", "CLOSE_WAIT", "CLOSED"],
  FIN_WAIT1: ["FIN_WAIT2", "CLOSING", "CLOSED"],
  FIN_WAIT2: ["TIME_WAIT", "CLOSED"],
  CLOSE_WAIT: ["LAST_ACK", "CLOSED"],
  CLOSING: ["TIME_WAIT", "CLOSED"],
  LAST_ACK: ["CLOSED"],
  TIME_WAIT: ["CLOSED"],
};

function illegal(trace: readonly TraceEvent[]): string[] {
  const bad: string[] = [];
  for (const e of trace) if (e.kind === "state" && !ALLOWED[e.from].includes(e.to)) bad.push(`${e.from}->${e.to}`);
  return bad;
}

interface Run {
  trace: readonly TraceEvent[];
  c: TcpSocket;
  s: TcpSocket | undefined;
  sent: [number, number];
}

function lossyExchange(
  seed: number,
  loss: number,
  dup: number,
  reorder: number,
  bytes: [number, number],
  isn?: [number, number],
): Run {
  const sim = new Simulation({ seed });
  const client = sim.addHost("client", "10.0.0.1", isn ? { isn: isn[0] } : {});
  const server = sim.addHost("server", "10.0.0.2", isn ? { isn: isn[1] } : {});
  sim.link(client, server, { delay: 300, loss, duplicate: dup, reorder });
  const l = server.listen(80, 16);
  if (!l.ok) throw new Error("listen");
  let s: TcpSocket | undefined;
  l.onConnection = () => {
    const a = l.accept();
    if (!a.ok) return;
    s = a;
    a.onData = (x) => void x.read();
    a.onPeerClose = (x) => {
      x.read();
      x.close();
    };
    a.send(bytes[1]);
  };
  const c = client.connect({ ip: "10.0.0.2", port: 80 });
  if (!c.ok) throw new Error("connect");
  // The client closes once it has everything; the server closes when it sees the client's FIN.
  c.onData = (x) => {
    x.read();
    if (x.bytesReceived === bytes[1]) x.close();
  };
  c.onEstablished = (x) => {
    x.send(bytes[0]);
    if (bytes[1] === 0) x.close();
  };
  // Until nothing is left to do (at most a simulated day): at 60 % loss both ways a
  // connection can still be retransmitting after an hour, but it must end.
  sim.run();
  return { trace: sim.trace, c, s, sent: bytes };
}

/** Fault rates up to 0.6: past half the segments lost, the connection must still fail cleanly. */
const rate = fc.oneof(fc.double({ min: 0, max: 0.6, noNaN: true }), fc.constantFrom(0, 0.6));
const faults = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  loss: rate,
  dup: rate,
  reorder: rate,
  a: fc.integer({ min: 0, max: 20_000 }),
  b: fc.integer({ min: 0, max: 20_000 }),
});

describe("properties under random loss, duplication and reordering", () => {
  it("no illegal state transition ever appears in the trace", () => {
    fc.assert(
      fc.property(faults, (f) => {
        const r = lossyExchange(f.seed, f.loss, f.dup, f.reorder, [f.a, f.b]);
        expect(illegal(r.trace)).toEqual([]);
      }),
      { numRuns: depth(30, 150) },
    );
  });

  it("every byte is delivered exactly once in order, or the connection reports an error", () => {
    fc.assert(
      fc.property(faults, (f) => {
        const r = lossyExchange(f.seed, f.loss, f.dup, f.reorder, [f.a, f.b]);
        const failed = r.c.error !== undefined || (r.s?.error ?? undefined) !== undefined || r.s === undefined;
        if (!failed) {
          expect(r.s?.bytesReceived).toBe(f.a);
          expect(r.c.bytesReceived).toBe(f.b);
        } else {
          // Never more than was sent, even with duplicates.
          expect(r.s === undefined || r.s.bytesReceived <= f.a).toBe(true);
          expect(r.c.bytesReceived).toBeLessThanOrEqual(f.b);
        }
        // A half-open connection is legal TCP: a client with nothing (left) to send never learns
        // that the server gave up (no keepalive here), so it may stay ESTABLISHED, but only then:
        // nothing sent, or all it sent acknowledged before the server's give-up.
        const idle = f.a === 0 || r.c.sndUna === r.c.sndMax;
        const halfOpen = idle && (r.s === undefined || r.s.state === "CLOSED") && r.c.bytesReceived < f.b;
        if (halfOpen) expect(["ESTABLISHED", "CLOSED"]).toContain(r.c.state);
        else expect(r.c.state).toBe("CLOSED");
      }),
      { numRuns: depth(30, 150) },
    );
  });

  it("sequence numbers wrap at 2^32: ISNs near 0xffffffff still deliver every byte", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0xffff_0000, max: 0xffff_ffff }),
        fc.integer({ min: 0xffff_0000, max: 0xffff_ffff }),
        fc.integer({ min: 1, max: 1000 }),
        (ci, si, seed) => {
          const r = lossyExchange(seed, 0.05, 0.05, 0.05, [100_000, 70_000], [ci, si]);
          expect(illegal(r.trace)).toEqual([]);
          if (r.c.error === undefined && r.s?.error === undefined) {
            expect(r.s?.bytesReceived).toBe(100_000);
            expect(r.c.bytesReceived).toBe(70_000);
          }
        },
      ),
      { numRuns: depth(10, 40) },
    );
  });

  it("determinism: same seed and options give a deep-equal trace; another seed gives a different one", () => {
    fc.assert(
      fc.property(faults, (f) => {
        const a = lossyExchange(f.seed, f.loss, f.dup, f.reorder, [f.a, f.b]);
        const b = lossyExchange(f.seed, f.loss, f.dup, f.reorder, [f.a, f.b]);
        expect(b.trace).toEqual(a.trace);
      }),
      { numRuns: depth(10, 30) },
    );
    const x = runScenario("handshake", { seed: 1 });
    const y = runScenario("handshake", { seed: 2 });
    expect(x.summary["clientIsn"]).not.toBe(y.summary["clientIsn"]);
  });

  it("scenario runs are deterministic too", () => {
    const a = runScenario("port-exhaustion", { seed: 9, params: { rate: 50, durationSec: 3, trace: "all" } });
    const b = runScenario("port-exhaustion", { seed: 9, params: { rate: 50, durationSec: 3, trace: "all" } });
    expect(b.trace).toEqual(a.trace);
    expect(b.summary).toEqual(a.summary);
  });
});
