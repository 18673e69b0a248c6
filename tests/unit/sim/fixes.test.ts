/**
 * Regression tests for defects the core's users reported. Each one failed
 * before its fix.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { Simulation } from "../../../src/sim/simulation.ts";
import { ssTimerText } from "../../../src/sim/host.ts";
import { fullKnobName, knobDef } from "../../../src/sim/sysctl.ts";
import { Rng } from "../../../src/sim/rng.ts";

describe("result(): many ss rows", { timeout: 120_000 }, () => {
  it("packs more than 120 000 TIME_WAIT rows without overflowing the call stack", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 3000, durationSec: 50, sourceIps: 3, destPorts: 2 } });
    expect(r.summary["failedEaddrnotavail"]).toBe(0);
    const tw = r.ss.filter((row) => row.state === "TIME-WAIT").length;
    // tcp_max_tw_buckets (131 072 by default) caps the TIME_WAIT rows; the rest are overflows.
    expect(tw).toBe(131_072);
    expect(r.counters["client"]?.["TcpExtTCPTimeWaitOverflow"]).toBeGreaterThan(0);
    expect(r.ss.length).toBeGreaterThan(tw);
  });
});

describe("port-exhaustion with a keep-alive pool", () => {
  const keys = Object.keys(runScenario("port-exhaustion", { params: { rate: 50, durationSec: 3 } }).summary).sort();

  it("returns the load run's summary keys and per-second series", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 600, durationSec: 10, pool: 8 } });
    expect(
      Object.keys(r.summary)
        .filter((k) => k !== "requestsServed")
        .sort(),
    ).toEqual(keys);
    expect(r.summary).toMatchObject({
      attempted: 8,
      succeeded: 8,
      failedEaddrnotavail: 0,
      requestsServed: 6000,
      peakTimeWait: 0,
      peakServerTimeWait: 0,
      firstFailureAtSec: -1,
    });
    expect(r.series?.["successes"]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.series?.["failures"]).toEqual(Array.from({ length: 10 }, () => 0));
    expect(r.series?.["timeWait"]).toHaveLength(10);
    expect(r.series?.["serverTimeWait"]).toHaveLength(10);
  });

  it("a pool larger than the port range fails at second 0", () => {
    const r = runScenario("port-exhaustion", {
      params: { rate: 10, durationSec: 2, pool: 6, portLow: 40000, portHigh: 40003 },
    });
    expect(r.summary).toMatchObject({ attempted: 6, succeeded: 4, failedEaddrnotavail: 2, firstFailureAtSec: 0 });
    expect(r.series?.["failures"]).toEqual([2, 0]);
  });
});

describe("ss timer text", () => {
  it("is never empty: under 1 ms left prints 000ms", () => {
    expect(ssTimerText(0)).toBe("000ms");
    expect(ssTimerText(0.4)).toBe("000ms");
    expect(ssTimerText(1)).toBe("001ms");
    expect(ssTimerText(60_000)).toBe("1min");
  });

  it("a TIME_WAIT socket half a millisecond before expiry shows timewait,000ms,0", () => {
    const sim = new Simulation({ seed: 1 });
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: 500 });
    const l = server.listen(80, 8);
    if (!l.ok) throw new Error("listen failed");
    l.onConnection = (x) => {
      const a = x.accept();
      if (a.ok) a.onPeerClose = (s) => void s.close();
    };
    const c = client.connect({ ip: "10.0.0.2", port: 80 });
    if (!c.ok) throw new Error("connect failed");
    c.onEstablished = (s) => void s.close();
    sim.runFor(100_000);
    const enter = sim.trace.find((e) => e.kind === "state" && e.to === "TIME_WAIT");
    if (enter === undefined) throw new Error("no TIME_WAIT");
    sim.runUntil(enter.t + 60_000_000 - 500);
    expect(client.ss()[0]).toMatchObject({ state: "TIME-WAIT", timer: "timewait,000ms,0" });
  });
});

describe("out-of-window ACKs are rate-limited (tcp_invalid_ratelimit)", () => {
  const sends = (r: ReturnType<typeof runScenario>) => r.trace.filter((e) => e.kind === "send").length;

  it("old-duplicate without TIME_WAIT: no ACK war, the stale bytes still get in", () => {
    const r = runScenario("old-duplicate", { params: { timeWait: false } });
    expect(r.summary).toMatchObject({ staleBytesAccepted: true, delayedSegmentFate: "accepted" });
    expect(sends(r)).toBeLessThan(30);
    expect(r.summary["segmentsInSecondAfterArrival"]).toBeLessThanOrEqual(4);
  });

  it("and on the pre-4.12 profile", () => {
    const r = runScenario("old-duplicate", { profile: "linux-pre-4.12", params: { timeWait: false } });
    expect(sends(r)).toBeLessThan(30);
  });

  it("is a knob: tcp_invalid_ratelimit in ms, 500 by default", () => {
    expect(knobDef("tcp_invalid_ratelimit")).toMatchObject({ unit: "milliseconds", defaults: { linux: 500 } });
    // A TIME_WAIT socket answers a burst of out-of-window ACKs once per 500 ms.
    const burst = (ratelimit: number | undefined) => {
      const sim = new Simulation({
        seed: 1,
        sysctl: ratelimit === undefined ? {} : { tcp_invalid_ratelimit: ratelimit },
      });
      const client = sim.addHost("client", "10.0.0.1");
      const server = sim.addHost("server", "10.0.0.2");
      sim.link(client, server, { delay: 500 });
      const l = server.listen(80, 8);
      if (!l.ok) throw new Error("listen failed");
      l.onConnection = (x) => {
        const a = x.accept();
        if (a.ok) a.onPeerClose = (s) => void s.close();
      };
      const c = client.connect({ ip: "10.0.0.2", port: 80 });
      if (!c.ok) throw new Error("connect failed");
      c.onEstablished = (s) => void s.close();
      sim.runFor(100_000);
      for (let i = 0; i < 10; i++)
        server.sendRaw({
          src: { ip: "10.0.0.2", port: 80 },
          dst: { ip: "10.0.0.1", port: c.localPort },
          seq: 1,
          ack: 1,
        });
      sim.runFor(100_000);
      return client.counters.TcpExtTCPACKSkippedTimeWait;
    };
    expect(burst(undefined)).toBe(9);
    expect(burst(0)).toBe(0);
  });
});

describe("data-and-close: fixed ISNs and a visible CLOSE_WAIT", () => {
  it("defaults keep today's behaviour (close at once, kernel ISNs)", () => {
    const r = runScenario("data-and-close");
    expect(r.summary).toMatchObject({ timeWaitOn: "client", timeWaitSeconds: 60, closeWaitSeconds: 0 });
  });

  it("clientIsn/serverIsn fix the ISNs; passiveCloseDelayMs holds CLOSE_WAIT", () => {
    const r = runScenario("data-and-close", {
      params: { clientIsn: 1000, serverIsn: 5000, passiveCloseDelayMs: 2000 },
    });
    expect(r.summary).toMatchObject({ clientIsn: 1000, serverIsn: 5000, closeWaitSeconds: 2 });
    const syns = r.trace.filter((e) => e.kind === "send" && e.seg.ctl.syn);
    expect(syns.map((e) => (e.kind === "send" ? e.seg.seq : -1))).toEqual([1000, 5000]);
    const server = r.trace.filter((e) => e.kind === "state" && e.sock.host === "server" && e.sock.remote !== undefined);
    expect(server.map((e) => (e.kind === "state" ? e.to : ""))).toEqual([
      "SYN_RECV",
      "ESTABLISHED",
      "CLOSE_WAIT",
      "LAST_ACK",
      "CLOSED",
    ]);
    expect(r.summary["statesHalfASecondAfterClose"]).toContain("server:CLOSE-WAIT");
    expect(r.summary["statesHalfASecondAfterClose"]).toContain("client:FIN-WAIT-2");
  });
});

describe("Rng seeding", () => {
  const popcount = (x: number) => {
    let n = 0;
    for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
    return n;
  };

  it("neighbouring seeds start far apart (about half the bits differ)", () => {
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

  it("is still deterministic and roughly uniform", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 1000 }, () => a.float());
    expect(Array.from({ length: 1000 }, () => b.float())).toEqual(xs);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe("reported by the sysctl pages", () => {
  it("fin-wait2-timeout runs on the rfc9293 profile, which has no tcp_fin_timeout: FIN-WAIT-2 just waits", () => {
    const r = runScenario("fin-wait2-timeout", { profile: "rfc9293" });
    expect(r.summary["stillInFinWait2AtEnd"]).toBe(true);
    expect(r.summary["timeWaitSeconds"]).toBe(240);
  });

  it("fullKnobName leaves dotted names alone and completes only bare ones", () => {
    expect(fullKnobName("fs.file-max")).toBe("fs.file-max");
    expect(fullKnobName("net/core/somaxconn")).toBe("net.core.somaxconn");
    expect(fullKnobName("tcp_tw_reuse")).toBe("net.ipv4.tcp_tw_reuse");
  });
});
