/**
 * The bulk fast path (scenarios/load.ts) must be invisible: for any run it
 * accepts, the summaries, per-second series, counters and `ss` rows equal
 * those of the full segment-by-segment engine. fast-check draws the runs.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulation } from "../../../src/sim/simulation.ts";
import { runLoad, fastPathDelay, type LoadSpec, type LoadStats } from "../../../src/sim/scenarios/load.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import type { KernelProfile } from "../../../src/sim/scenarios/types.ts";
import type { TimeWaitSock } from "../../../src/sim/tcp/timewait.ts";
import { depth } from "../support/depth.ts";

interface Setup {
  readonly seed: number;
  readonly profile: KernelProfile;
  readonly rate: number;
  readonly durationSec: number;
  readonly portLow: number;
  readonly ports: number;
  readonly sourceIps: number;
  readonly destPorts: number;
  readonly delay: number;
  readonly timestamps: boolean;
  readonly twReuse: number;
  readonly maxTwBuckets: number;
  /**
   * Something looks at the client mid-run, which makes the fast path hand its
   * held connections to the table (bulk-conns.ts): an `ss`, a count, or a
   * stray in-window ACK to the oldest TIME_WAIT socket (restarts its timer).
   */
  readonly probe: "none" | "ss" | "count" | "stray";
  readonly probeAtMs: number;
}

/** Drive runLoad directly (as the bench does) so the test can see how many connections took the fast path. */
function drive(x: Setup, fastPath: boolean) {
  const sysctl: Record<string, string | number> = {
    "client:ip_local_port_range": `${x.portLow} ${x.portLow + x.ports - 1}`,
  };
  // rfc9293 has no tcp_tw_reuse; before 4.18 it was 0/1.
  if (x.profile === "linux" || (x.profile === "linux-pre-4.12" && x.twReuse < 2))
    sysctl["client:tcp_tw_reuse"] = x.twReuse;
  if (!x.timestamps) sysctl["tcp_timestamps"] = 0;
  if (x.maxTwBuckets > 0 && x.profile !== "rfc9293") sysctl["client:tcp_max_tw_buckets"] = x.maxTwBuckets;
  const sim = new Simulation({ seed: x.seed, profile: x.profile, traceLevel: fastPath ? "none" : "states", sysctl });
  const ips = Array.from({ length: x.sourceIps }, (_, i) => `10.0.0.${i + 1}`);
  const client = sim.addHost("client", ips);
  const server = sim.addHost("server", "10.0.1.1", { sysctl: { "net.core.somaxconn": 65535 } });
  sim.link(client, server, { delay: x.delay });
  const listeners = Array.from({ length: x.destPorts }, (_, i) => {
    const l = server.listen(8080 + i, 65535);
    if (!l.ok) throw new Error("listen failed");
    return l;
  });
  const spec: LoadSpec = {
    sim,
    client,
    server,
    listeners,
    rate: x.rate,
    durationUs: x.durationSec * 1_000_000,
    closer: "client",
    sourceIps: ips,
    serverIp: "10.0.1.1",
    requestBytes: 0,
    responseBytes: 0,
    fastPath,
  };
  const probes: unknown[] = [];
  if (x.probe !== "none")
    sim.at(x.probeAtMs * 1000, () => {
      // Only connections that reached TIME_WAIT: the fast path does not rebuild the
      // few that are mid-handshake at that instant (a full socket's exchange).
      const entered = () =>
        [...client.ehash.values()].filter(
          (c): c is TimeWaitSock => c.kind === "tw" && (c as TimeWaitSock).deadline !== Infinity,
        );
      if (x.probe === "ss")
        probes.push(client.ss().filter((r) => r.state === "TIME-WAIT" && !/Infinity|NaN/.test(r.timer ?? "")));
      else if (x.probe === "count") probes.push(entered().length, client.twCount);
      else {
        for (const tw of entered()) {
          if (tw.state !== "TIME_WAIT") continue;
          server.sendRaw({
            src: { ip: tw.remoteIp, port: tw.remotePort },
            dst: { ip: tw.localIp, port: tw.localPort },
            seq: tw.rcvNxt,
            ack: tw.sndNxt,
          });
          probes.push(`${tw.localIp}:${tw.localPort}>${tw.remoteIp}:${tw.remotePort}`, tw.deadline);
          break;
        }
      }
    });
  const stats: LoadStats = runLoad(spec);
  return {
    stats: { ...stats, fastConnections: 0 },
    fast: stats.fastConnections,
    eligible: fastPathDelay(spec) !== undefined,
    counters: { client: client.counterSet.snapshot(), server: server.counterSet.snapshot() },
    ss: [...client.ss(), ...server.ss()],
    twCount: [client.twCount, server.twCount],
    probes,
    now: sim.now,
  };
}

const setup: fc.Arbitrary<Setup> = fc
  .record({
    seed: fc.integer({ min: 1, max: 1000 }),
    profile: fc.constantFrom<KernelProfile>("linux", "linux-pre-4.12", "rfc9293"),
    // Rates whose arrival spacing ties with multiples of the link delay, and random ones.
    rate: fc.oneof(fc.constantFrom(1, 50, 400, 500, 1250, 2500, 5000, 10_000), fc.integer({ min: 1, max: 3000 })),
    durationSec: fc.integer({ min: 1, max: 130 }),
    portLow: fc.integer({ min: 1024, max: 60000 }),
    ports: fc.integer({ min: 1, max: 400 }),
    sourceIps: fc.integer({ min: 1, max: 3 }),
    destPorts: fc.integer({ min: 1, max: 2 }),
    delay: fc.constantFrom(1, 100, 250, 400, 1000),
    timestamps: fc.boolean(),
    twReuse: fc.constantFrom(0, 2, 1),
    maxTwBuckets: fc.constantFrom(0, 0, 0, 5, 200),
    probe: fc.constantFrom<Setup["probe"]>("none", "none", "ss", "count", "stray"),
    probeAtMs: fc.integer({ min: 0, max: 130_000 }),
  })
  .filter((x) => x.rate * x.durationSec <= 40_000); // keep each pair of runs small

/** Random setups compared; test:deep runs 40. */
const RUNS = depth(14, 40);

describe("bulk fast path", { timeout: 120_000 }, () => {
  it("gives the same stats, series, counters and ss as the full engine (random runs)", () => {
    let fastRuns = 0;
    fc.assert(
      fc.property(setup, (x) => {
        const full = drive(x, false);
        const fast = drive(x, true);
        expect(full.fast).toBe(0);
        expect(fast.stats).toEqual(full.stats);
        expect(fast.counters).toEqual(full.counters);
        expect(fast.ss).toEqual(full.ss);
        expect(fast.twCount).toEqual(full.twCount);
        expect(fast.probes).toEqual(full.probes);
        expect(fast.now).toBe(full.now);
        // Only tcp_tw_reuse=1 (reuse possible) keeps the run on the full engine.
        expect(fast.eligible).toBe(!(x.twReuse === 1 && x.profile !== "rfc9293"));
        if (fast.fast > 0) fastRuns++;
      }),
      { numRuns: RUNS, seed: 20240611 },
    );
    // The property is about the fast path: most drawn runs must have used it.
    expect(fastRuns).toBeGreaterThan(RUNS / 2);
  });

  it('port-exhaustion at trace "none" equals the traced run, past saturation', () => {
    const params = { rate: 600, durationSec: 150, portLow: 40000, portHigh: 49999 };
    const fast = runScenario("port-exhaustion", { seed: 3, params: { ...params, trace: "none" } });
    const full = runScenario("port-exhaustion", { seed: 3, params: { ...params, trace: "states" } });
    expect(fast.summary).toEqual(full.summary);
    expect(fast.series).toEqual(full.series);
    expect(fast.counters).toEqual(full.counters);
    expect(fast.ss).toEqual(full.ss);
    expect(fast.endTime).toBe(full.endTime);
    expect(full.summary["failedEaddrnotavail"]).toBeGreaterThan(0);
  });

  it("ineligible runs (server closes, data, faults) stay on the full engine", () => {
    const base = {
      seed: 1,
      profile: "linux" as const,
      rate: 100,
      durationSec: 2,
      portLow: 40000,
      ports: 100,
      sourceIps: 1,
      destPorts: 1,
      delay: 100,
      timestamps: true,
      twReuse: 0,
      maxTwBuckets: 0,
      probe: "none" as const,
      probeAtMs: 0,
    };
    expect(drive(base, true).fast).toBeGreaterThan(50);
    const sim = new Simulation({ seed: 1, traceLevel: "none" });
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.1.1");
    sim.link(client, server, { delay: 100 });
    const l = server.listen(8080, 128);
    if (!l.ok) throw new Error("listen failed");
    const spec: LoadSpec = {
      sim,
      client,
      server,
      listeners: [l],
      rate: 10,
      durationUs: 1_000_000,
      closer: "client",
      sourceIps: ["10.0.0.1"],
      serverIp: "10.0.1.1",
      requestBytes: 0,
      responseBytes: 0,
      fastPath: true,
    };
    expect(fastPathDelay(spec)).toBe(100);
    expect(fastPathDelay({ ...spec, closer: "server" })).toBeUndefined();
    expect(fastPathDelay({ ...spec, requestBytes: 200 })).toBeUndefined();
    sim.addFault({ match: () => false, action: "drop" });
    expect(fastPathDelay(spec)).toBeUndefined();
  });
});
