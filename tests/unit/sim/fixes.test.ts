/**
 * Regression tests for defects the core's users reported. Each one failed
 * before its fix.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/sim/scenarios/index.ts";

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
