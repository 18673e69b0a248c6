/**
 * Regression tests for defects the core's users reported. Each one failed
 * before its fix.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { Simulation } from "../../../src/sim/simulation.ts";
import { ssTimerText } from "../../../src/sim/host.ts";

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
