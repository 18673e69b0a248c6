import { describe, expect, it } from "vitest";
import { runScenario, scenarios, scenarioNames } from "../../../src/sim/scenarios/index.ts";
import { formatTrace } from "./builders.ts";

describe("scenario registry", { timeout: 60_000 }, () => {
  it("lists every scenario with described, defaulted params", () => {
    expect(scenarioNames).toEqual([
      "handshake",
      "data-and-close",
      "lost-final-ack",
      "old-duplicate",
      "port-exhaustion",
      "proxy-backend",
      "syn-flood",
      "syn-to-timewait",
      "fin-wait2-timeout",
      "keepalive",
      "tw-buckets-overflow",
      "tw-recycle-nat",
      "accept-queue",
    ]);
    for (const d of Object.values(scenarios)) {
      expect(d.description.length).toBeGreaterThan(20);
      for (const p of d.params) expect(p.description.length).toBeGreaterThan(5);
    }
  });

  it("unknown names and bad params throw one-line errors listing valid choices", () => {
    expect(() => runScenario("nope")).toThrow(/unknown scenario "nope"; valid: handshake, data-and-close/);
    expect(() => runScenario("data-and-close", { params: { closer: "nobody" } })).toThrow(
      /must be one of client, server, simultaneous/,
    );
    expect(() => runScenario("handshake", { params: { bogus: 1 } })).toThrow(
      /unknown parameter "bogus"; valid: clientIsn/,
    );
    expect(() => runScenario("handshake", { params: { dropSyn: -1 } })).toThrow(/must be >= 0/);
    expect(() => runScenario("handshake", { sysctl: { tcp_tw_recycle: 1 } })).toThrow(
      /cannot stat \/proc\/sys\/net\/ipv4\/tcp_tw_recycle/,
    );
  });

  it("every scenario runs with its defaults and returns the contract's fields", () => {
    for (const n of scenarioNames) {
      const r = runScenario(n, n === "port-exhaustion" || n === "proxy-backend" ? { params: { durationSec: 5 } } : {});
      expect(r.name).toBe(n);
      expect(Object.keys(r.summary).length).toBeGreaterThan(2);
      expect(r.hosts.length).toBeGreaterThan(0);
      expect(r.endTime).toBeGreaterThan(0);
    }
  });
});

describe("handshake", () => {
  it("trace as text (fixed ISNs, a lost SYN-ACK)", () => {
    const r = runScenario("handshake", { params: { clientIsn: 1000, serverIsn: 5000, dropSynAck: 1 } });
    expect(r.summary).toMatchObject({
      clientIsn: 1000,
      serverIsn: 5000,
      clientAckOfSynAck: 5001,
      established: true,
      synsSent: 2,
      synAcksSent: 3,
    });
    expect(formatTrace(r.trace)).toMatchInlineSnapshot(`
      "0.000000 state server:80 CLOSED -> LISTEN
      0.000000 state client:41888 CLOSED -> SYN_SENT
      0.000000 send client 41888>80 [S] seq 0 len 0
      0.000500 state server:80 LISTEN -> SYN_RECV
      0.000500 send server 80>41888 [S.] seq 0 ack 1 len 0
      0.000500 drop server 80>41888 [S.] seq 0 ack 1 len 0 DROP(fault)
      1.000000 send client 41888>80 [S] seq 0 len 0
      1.000500 send server 80>41888 [S.] seq 0 ack 1 len 0
      1.000500 send server 80>41888 [S.] seq 0 ack 1 len 0
      1.001000 state client:41888 SYN_SENT -> ESTABLISHED
      1.001000 send client 41888>80 [.] seq 1 ack 1 len 0
      1.001000 drop client 80>41888 [S.] seq 0 ack 1 len 0 DROP(invalid)
      1.001000 send client 41888>80 [.] seq 1 ack 1 len 0
      1.001500 state server:80 SYN_RECV -> ESTABLISHED"
    `);
  });

  it("lost SYNs follow the SYN schedule (two lost: established after 2 s)", () => {
    const r = runScenario("handshake", { params: { dropSyn: 2 } });
    expect(r.summary).toMatchObject({ synsSent: 3, clientEstablishedAtSec: 2.001 });
  });
});

describe("data-and-close", () => {
  it.each([
    ["client", "client", false],
    ["server", "server", false],
    ["simultaneous", "client+server", true],
  ])("closer=%s → TIME_WAIT on %s for 60 s", (closer, tw, closing) => {
    const r = runScenario("data-and-close", { params: { closer } });
    expect(r.summary).toMatchObject({
      bytesClientToServer: 1000,
      bytesServerToClient: 2000,
      timeWaitOn: tw,
      timeWaitSeconds: 60,
      wentThroughClosing: closing,
    });
  });

  it("defaults close at once with kernel ISNs", () => {
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

describe("lost-final-ack", () => {
  it("with TIME_WAIT the resent FIN is re-ACKed; without, it gets RST", () => {
    expect(runScenario("lost-final-ack").summary).toMatchObject({
      clientAnswerToResentFin: "ACK",
      serverSawRst: false,
      serverFinTransmissions: 2,
    });
    expect(runScenario("lost-final-ack", { params: { timeWait: false } }).summary).toMatchObject({
      clientAnswerToResentFin: "RST",
      serverSawRst: true,
      timeWaitOverflows: 1,
    });
  });
});

describe("old-duplicate", () => {
  it("TIME_WAIT blocks the reincarnation and absorbs the old segment", () => {
    const s = runScenario("old-duplicate").summary;
    expect(s).toMatchObject({
      staleBytesAccepted: false,
      delayedSegmentFate: "answered-by-time-wait",
      timeWaitKilledByRst: true,
    });
    // The reincarnation is possible only after the old segment was absorbed.
    expect(s["reconnectSucceededAtSec"]).toBeGreaterThan(s["delayedSegmentArrivedAtSec"] as number);
  });
  it("without TIME_WAIT and with the same ISNs, the stale bytes corrupt the new stream", () => {
    expect(runScenario("old-duplicate", { params: { timeWait: false } }).summary).toMatchObject({
      staleBytesAccepted: true,
      staleBytes: 100,
      reconnectSucceededAtSec: 7,
    });
  });
  it("Linux's clock-driven ISNs put the old segment outside the window", () => {
    expect(runScenario("old-duplicate", { params: { timeWait: false, isnMode: "linux" } }).summary).toMatchObject({
      staleBytesAccepted: false,
    });
  });

  const sends = (r: ReturnType<typeof runScenario>) => r.trace.filter((e) => e.kind === "send").length;

  it("without TIME_WAIT: out-of-window ACKs are rate-limited (no ACK war), the stale bytes still get in", () => {
    const r = runScenario("old-duplicate", { params: { timeWait: false } });
    expect(r.summary).toMatchObject({ staleBytesAccepted: true, delayedSegmentFate: "accepted" });
    expect(sends(r)).toBeLessThan(30);
    expect(r.summary["segmentsInSecondAfterArrival"]).toBeLessThanOrEqual(4);
  });

  it("without TIME_WAIT on the pre-4.12 profile: no ACK war either", () => {
    const r = runScenario("old-duplicate", { profile: "linux-pre-4.12", params: { timeWait: false } });
    expect(sends(r)).toBeLessThan(30);
  });
});

describe("port-exhaustion", { timeout: 60_000 }, () => {
  it("client closes first above capacity: EADDRNOTAVAIL; steady rate ≈ ports ÷ 60 s = 470.5/s", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 600, durationSec: 150 } });
    expect(r.summary["theoreticalCeilingPerSec"]).toBe(470.5);
    expect(r.summary["peakTimeWait"]).toBe(28232);
    expect(r.summary["failedEaddrnotavail"]).toBeGreaterThan(0);
    expect(r.summary["firstFailureAtSec"]).toBe(47);
    const rate = r.summary["steadySuccessRatePerSec"] as number;
    expect(Math.abs(rate - 470.5)).toBeLessThan(10);
    expect(r.series?.["timeWait"]).toHaveLength(150);
  });
  it("below capacity nothing fails; Little's law: TIME_WAIT ≈ rate × 60 s", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 300, durationSec: 90 } });
    expect(r.summary).toMatchObject({ failedEaddrnotavail: 0, peakTimeWait: 18000 });
  });
  it("server closes first: no client TIME_WAIT, no port limit", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 600, durationSec: 90, closer: "server" } });
    expect(r.summary).toMatchObject({ failedEaddrnotavail: 0, peakTimeWait: 0 });
  });
  it("two source IPs double the ceiling", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 600, durationSec: 90, sourceIps: 2 } });
    expect(r.summary).toMatchObject({ failedEaddrnotavail: 0, theoreticalCeilingPerSec: 941.1 });
  });
  it("a keep-alive pool needs no new ports", () => {
    const r = runScenario("port-exhaustion", { params: { rate: 600, durationSec: 10, pool: 8 } });
    expect(r.summary).toMatchObject({ attempted: 8, failedEaddrnotavail: 0, requestsServed: 6000 });
  });

  it(
    "packs more than 120 000 TIME_WAIT rows into the result without overflowing the call stack",
    { timeout: 120_000 },
    () => {
      const r = runScenario("port-exhaustion", { params: { rate: 3000, durationSec: 50, sourceIps: 3, destPorts: 2 } });
      expect(r.summary["failedEaddrnotavail"]).toBe(0);
      const tw = r.ss.filter((row) => row.state === "TIME-WAIT").length;
      // tcp_max_tw_buckets (131 072 by default) caps the TIME_WAIT rows; the rest are overflows.
      expect(tw).toBe(131_072);
      expect(r.counters["client"]?.["TcpExtTCPTimeWaitOverflow"]).toBeGreaterThan(0);
      expect(r.ss.length).toBeGreaterThan(tw);
    },
  );

  it("with a keep-alive pool: the load run's summary keys and per-second series", () => {
    const keys = Object.keys(runScenario("port-exhaustion", { params: { rate: 50, durationSec: 3 } }).summary).sort();
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

  it("a keep-alive pool larger than the port range fails at second 0", () => {
    const r = runScenario("port-exhaustion", {
      params: { rate: 10, durationSec: 2, pool: 6, portLow: 40000, portHigh: 40003 },
    });
    expect(r.summary).toMatchObject({ attempted: 6, succeeded: 4, failedEaddrnotavail: 2, firstFailureAtSec: 0 });
    expect(r.series?.["failures"]).toEqual([2, 0]);
  });
});

describe("proxy-backend", { timeout: 60_000 }, () => {
  it("the backend holds TIME_WAIT; reused proxy ports land on it and are accepted at once", () => {
    const r = runScenario("proxy-backend", { params: { rate: 500, durationSec: 90 } });
    expect(r.summary["failedEaddrnotavail"]).toBe(0);
    expect(r.summary["proxyPeakTimeWait"]).toBe(0);
    // SYNs accepted from TIME_WAIT end those sockets early, so fewer than rate × 60 s remain.
    expect(r.summary["backendPeakTimeWait"]).toBeGreaterThan(10_000);
    expect(r.summary["acceptedFromTimeWait"]).toBeGreaterThan(0);
  });
});

describe("syn-flood (lab: syn-queue-cookies)", () => {
  it("cookies off, listen(8): 9 request sockets, 41 dropped", () => {
    expect(
      runScenario("syn-flood", { params: { syncookies: 0, maxSynBacklog: 8192, backlog: 8 } }).summary,
    ).toMatchObject({
      requestSocketsAfterFlood: 9,
      floodReqQFullDrop: 41,
    });
  });
  it("cookies off, tcp_max_syn_backlog 16, listen(4096): 13 (the 3/4 rule)", () => {
    expect(
      runScenario("syn-flood", { params: { syncookies: 0, maxSynBacklog: 16, backlog: 4096 } }).summary,
    ).toMatchObject({
      requestSocketsAfterFlood: 13,
      floodReqQFullDrop: 0,
    });
  });
  it("cookies on, listen(8): 9 request sockets + 41 cookies; the real client gets in at once", () => {
    expect(
      runScenario("syn-flood", { params: { syncookies: 1, maxSynBacklog: 16, backlog: 8 } }).summary,
    ).toMatchObject({
      requestSocketsAfterFlood: 9,
      floodCookiesSent: 41,
      synCookiesRecv: 1,
      legitEstablished: true,
      legitConnectSeconds: 0,
    });
  });
  it("cookies off: the real client waits until the flood's requests expire (≈63 s)", () => {
    const s = runScenario("syn-flood", { params: { syncookies: 0, backlog: 8 } }).summary;
    expect(s["legitEstablished"]).toBe(true);
    expect(s["legitConnectSeconds"]).toBeGreaterThan(60);
  });
  it("syncookies=2: every SYN gets a cookie, no request sockets", () => {
    expect(runScenario("syn-flood", { params: { syncookies: 2 } }).summary).toMatchObject({
      requestSocketsAfterFlood: 0,
      floodCookiesSent: 50,
    });
  });
});

describe("fin-wait2-timeout (lab: fin-wait2-orphan)", () => {
  it("orphaned FIN_WAIT2 lasts tcp_fin_timeout=5; TIME_WAIT still 60 s", () => {
    expect(runScenario("fin-wait2-timeout", { params: { finTimeout: 5 } }).summary).toMatchObject({
      finWait2Seconds: 5,
      timeWaitSeconds: 60,
    });
  });
  it("after shutdown() it never ends", () => {
    expect(runScenario("fin-wait2-timeout", { params: { mode: "shutdown" } }).summary).toMatchObject({
      finWait2Seconds: -1,
      stillInFinWait2AtEnd: true,
    });
  });

  it("runs on the rfc9293 profile, which has no tcp_fin_timeout: FIN-WAIT-2 just waits", () => {
    const r = runScenario("fin-wait2-timeout", { profile: "rfc9293" });
    expect(r.summary["stillInFinWait2AtEnd"]).toBe(true);
    expect(r.summary["timeWaitSeconds"]).toBe(240);
  });
});

describe("keepalive", () => {
  it("dead peer detected at time + probes × intvl = 7875 s", () => {
    expect(runScenario("keepalive").summary).toMatchObject({
      firstProbeAtSec: 7200,
      detectedAtSec: 7875,
      probesSent: 9,
      clientError: "ETIMEDOUT",
    });
  });
  it("blog value 1200 s → 1875 s", () => {
    expect(runScenario("keepalive", { params: { keepaliveTime: 1200 } }).summary).toMatchObject({
      detectedAtSec: 1875,
    });
  });
  it("live peer: probes every keepalive_time (lab: keepalive)", () => {
    const s = runScenario("keepalive", { params: { peer: "alive", keepaliveTime: 2, keepaliveIntvl: 1 } }).summary;
    expect(s["probeTimesSec"]).toBe("2,4,6,8.001,10.001");
    expect(s["clientState"]).toBe("ESTABLISHED");
  });
});

describe("accept-queue (lab: accept-queue)", () => {
  it("somaxconn 5: 6 established, 4 SYN-SENT, ListenOverflows 4", () => {
    expect(runScenario("accept-queue").summary).toMatchObject({
      effectiveBacklog: 5,
      clientsEstablished: 6,
      clientsSynSent: 4,
      listenOverflows: 4,
      listenDrops: 4,
    });
  });
});
