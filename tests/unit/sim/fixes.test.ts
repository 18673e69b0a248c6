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
