/** TIME_WAIT: tcp_timewait_state_process(), tcp_max_tw_buckets, tcp_tw_reuse, tw_recycle. */
import { describe, expect, it } from "vitest";
import { established, pair, sendTimes, MS, SEC } from "./builders.ts";
import { match } from "../../../src/sim/net/faults.ts";
import { seqAdd } from "../../../src/sim/seq.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";

describe("TIME_WAIT", () => {
  it("the active closer holds TIME_WAIT for 60 s on linux (ss: timewait,59sec,0)", () => {
    const { sim, c, s, client } = established();
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(100 * MS);
    expect(client.ss()[0]).toMatchObject({ state: "TIME-WAIT", timer: "timewait,59sec,0" });
    const enter = sim.trace.find((e) => e.kind === "state" && e.to === "TIME_WAIT");
    if (enter === undefined) throw new Error("no TIME_WAIT entry in the trace");
    const t0 = enter.t;
    sim.runUntil(t0 + 60 * SEC - 1);
    expect(c.state).toBe("TIME_WAIT");
    sim.runFor(1);
    expect(c.state).toBe("CLOSED");
    expect(client.ss()).toEqual([]);
  });

  it("rfc9293 profile: 2×MSL = 240 s", () => {
    const { sim, c, s } = established({ profile: "rfc9293" });
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(239 * SEC);
    expect(c.state).toBe("TIME_WAIT");
    sim.runFor(2 * SEC);
    expect(c.state).toBe("CLOSED");
  });

  it("a retransmitted FIN is re-ACKed and restarts the 60 s timer", () => {
    const { sim, c, s, client } = established();
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(30 * SEC);
    // The peer's FIN again (a duplicate of what TIME_WAIT already acknowledged). The server
    // socket is gone, so its host would answer our re-ACK with an RST that kills the
    // TIME_WAIT (assassination): lose that RST to watch the timer restart.
    sim.addFault({ from: "server", match: match.rst, count: Infinity, action: "drop" });
    sim.host("server").sendRaw({
      src: c.remote,
      dst: c.local,
      seq: seqAdd(c.rcvNxt, -1),
      ack: seqAdd(c.finSeq, 1),
      ctl: { fin: true },
    });
    sim.runFor(10 * MS);
    const acks = sendTimes(sim.trace, "client", (e) => e.t > 30 * SEC && match.pureAck(e.seg));
    expect(acks).toHaveLength(1);
    expect(client.ss()[0]?.timer).toBe("timewait,59sec,0");
    sim.runFor(59 * SEC);
    expect(c.state).toBe("TIME_WAIT");
    sim.runFor(1 * SEC);
    expect(c.state).toBe("CLOSED");
  });

  it("an RST at rcv_nxt kills TIME_WAIT (RFC 1337 assassination)…", () => {
    const { sim, c, s } = established();
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(1 * SEC);
    sim.host("server").sendRaw({ src: c.remote, dst: c.local, seq: c.rcvNxt, ctl: { rst: true } });
    sim.runFor(1 * MS);
    expect(c.state).toBe("CLOSED");
  });

  it("…unless tcp_rfc1337=1", () => {
    const { sim, c, s } = established({ sysctl: { tcp_rfc1337: 1 } });
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(1 * SEC);
    sim.host("server").sendRaw({ src: c.remote, dst: c.local, seq: c.rcvNxt, ctl: { rst: true } });
    sim.runFor(1 * MS);
    expect(c.state).toBe("TIME_WAIT");
  });

  it("lab tw-buckets-overflow: 12 client-first closes with tcp_max_tw_buckets=5 → 5 TIME_WAIT, 7 overflows, TcpExtTW 5", () => {
    const r = runScenario("tw-buckets-overflow", { params: { connections: 12, maxTwBuckets: 5 } });
    expect(r.summary).toMatchObject({ timeWaitSockets: 5, tcpTimeWaitOverflow: 7, tcpExtTW: 5 });
    expect(r.ss.filter((x) => x.state === "TIME-WAIT")).toHaveLength(5);
  });

  it("a newer SYN (timestamps) is accepted straight from the server's TIME_WAIT with ISN = snd_nxt + 65537", () => {
    const r = runScenario("syn-to-timewait", { params: { timestamps: true } });
    expect(r.summary).toMatchObject({
      outcome: "accepted-at-once",
      clientRstsSent: 0,
      isnIsOldSndNxtPlus65537: true,
      acceptedFromTimeWait: 1,
    });
  });

  it("a newer sequence number (no timestamps, small transfer) is also accepted at once (lab syn-to-timewait)", () => {
    const r = runScenario("syn-to-timewait", { params: { timestamps: false } });
    expect(r.summary).toMatchObject({ outcome: "accepted-at-once", isnIsOldSndNxtPlus65537: true });
  });

  it("an old sequence number without timestamps: ACK, client RST, SYN again after 8 ms (lab syn-to-timewait: 9.9 ms)", () => {
    const r = runScenario("syn-to-timewait", { params: { timestamps: false, oldSeq: true } });
    expect(r.summary).toMatchObject({ outcome: "ack-rst-resend", clientRstsSent: 1, synsSent: 2 });
    expect(r.summary["reconnectMs"]).toBeGreaterThanOrEqual(8);
    expect(r.summary["reconnectMs"]).toBeLessThan(12);
  });

  it("the same with tcp_rfc1337=1 waits for TIME_WAIT to expire (lab syn-to-timewait: 67.5 s)", () => {
    const r = runScenario("syn-to-timewait", { params: { timestamps: false, oldSeq: true, rfc1337: true } });
    expect(r.summary["outcome"]).toBe("waited-for-timewait");
    expect(r.summary["reconnectSeconds"]).toBeGreaterThan(59);
    expect(r.summary["reconnectSeconds"]).toBeLessThan(70);
  });

  /** Client closes first, server closes on the FIN: the client ends in TIME_WAIT. */
  const clientInTimeWait = (sysctl: Record<string, number> = {}) => {
    const p = pair({ seed: 1, sysctl });
    p.listener.onConnection = (x) => {
      const a = x.accept();
      if (a.ok) a.onPeerClose = (s) => void s.close();
    };
    const c = p.connect();
    c.onEstablished = (s) => void s.close();
    p.sim.runFor(100 * MS);
    return { ...p, c };
  };

  it("half a millisecond before expiry, ss shows timewait,000ms,0 (never an empty timer)", () => {
    const { sim, client } = clientInTimeWait();
    const enter = sim.trace.find((e) => e.kind === "state" && e.to === "TIME_WAIT");
    if (enter === undefined) throw new Error("no TIME_WAIT");
    sim.runUntil(enter.t + 60 * SEC - 500);
    expect(client.ss()[0]).toMatchObject({ state: "TIME-WAIT", timer: "timewait,000ms,0" });
  });

  it("answers a burst of out-of-window ACKs once per tcp_invalid_ratelimit (500 ms; 0: every one)", () => {
    const burst = (sysctl: Record<string, number>) => {
      const { sim, server, client, c } = clientInTimeWait(sysctl);
      for (let i = 0; i < 10; i++)
        server.sendRaw({
          src: { ip: "10.0.0.2", port: 80 },
          dst: { ip: "10.0.0.1", port: c.localPort },
          seq: 1,
          ack: 1,
        });
      sim.runFor(100 * MS);
      return client.counters.TcpExtTCPACKSkippedTimeWait;
    };
    expect(burst({})).toBe(9);
    expect(burst({ tcp_invalid_ratelimit: 0 })).toBe(0);
  });
});

describe("TIME_WAIT reuse by connect()", () => {
  const burst = (p: ReturnType<typeof pair>, n: number) => {
    const ports: number[] = [];
    let err = "";
    for (let i = 0; i < n; i++) {
      const c = p.client.connect({ ip: p.server.ips[0] as string, port: 80 });
      if (!c.ok) {
        err = c.errno;
        break;
      }
      ports.push(c.localPort);
      c.onEstablished = (x) => void x.close();
      p.sim.runFor(5 * MS);
    }
    return { ports, err };
  };
  const setup = (sysctl: Record<string, string | number>, loop = true) => {
    const p = pair({
      clientIp: loop ? "127.0.0.1" : "10.0.0.1",
      serverIp: loop ? "127.0.0.2" : "10.0.0.2",
      client: { sysctl: { ip_local_port_range: "40000 40009", ...sysctl } },
      link: { delay: 10 },
    });
    p.listener.onConnection = (l) => {
      const a = l.accept();
      if (a.ok) a.onPeerClose = (x) => void x.close();
    };
    return p;
  };

  it("lab tw-reuse-modes: tw_reuse=0, range of 10 ports: 10 connects (even ports first) then EADDRNOTAVAIL at once", () => {
    const p = setup({ tcp_tw_reuse: 0 });
    const { ports, err } = burst(p, 20);
    expect(ports).toHaveLength(10);
    expect(ports.slice(0, 5).every((x) => x % 2 === 0)).toBe(true);
    expect(ports.slice(5).every((x) => x % 2 === 1)).toBe(true);
    expect(err).toBe("EADDRNOTAVAIL");
    expect(p.client.count("TIME_WAIT")).toBe(10);
  });

  it("lab port-capacity: the limit is per destination: another server port gets 10 more", () => {
    const p = setup({ tcp_tw_reuse: 0 });
    burst(p, 20);
    const l2 = p.server.listen(81, 128);
    if (!l2.ok) throw new Error("listen");
    l2.onConnection = (l) => void l.accept();
    let ok = 0;
    for (let i = 0; i < 20; i++) if (p.client.connect({ ip: "127.0.0.2", port: 81 }).ok) ok++;
    expect(ok).toBe(10);
  });

  it("lab tw-reuse-delay: tw_reuse=2 on loopback with delay 1000 ms: 10 ports give 10 connects per second, TWRecycled counts them", () => {
    const r = runScenario("port-exhaustion", {
      params: { rate: 20, durationSec: 10, portLow: 40000, portHigh: 40009, loopback: true },
    });
    expect(r.series?.["successes"]).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(r.summary["twRecycled"]).toBe(90);
  });

  it("tw_reuse=2 does nothing off loopback; tw_reuse=1 does", () => {
    const a = runScenario("port-exhaustion", { params: { rate: 20, durationSec: 5, portLow: 40000, portHigh: 40009 } });
    expect(a.summary["succeeded"]).toBe(10);
    const b = runScenario("port-exhaustion", {
      params: { rate: 20, durationSec: 5, portLow: 40000, portHigh: 40009, twReuse: 1 },
    });
    expect(b.summary["succeeded"]).toBe(50);
  });

  it("tw_reuse_delay: a younger TIME_WAIT is not reused", () => {
    const p = setup({ tcp_tw_reuse: 1, tcp_tw_reuse_delay: 5000 });
    burst(p, 10);
    p.sim.runFor(3 * SEC);
    expect(p.client.connect({ ip: "127.0.0.2", port: 80 }).ok).toBe(false);
    p.sim.runFor(2 * SEC);
    const c = p.client.connect({ ip: "127.0.0.2", port: 80 });
    expect(c.ok).toBe(true);
    expect(p.client.counters.TcpExtTWRecycled).toBe(1);
  });

  it("reuse gives ISN = old snd_nxt + 65537", () => {
    const p = setup({ tcp_tw_reuse: 1, ip_local_port_range: "40000 40000" });
    const first = p.client.connect({ ip: "127.0.0.2", port: 80 });
    if (!first.ok) throw new Error("connect");
    first.onEstablished = (x) => void x.close();
    p.sim.runFor(2 * SEC);
    const old = first.tw?.sndNxt ?? -1;
    const second = p.client.connect({ ip: "127.0.0.2", port: 80 });
    expect(second.ok && second.iss).toBe(seqAdd(old, 65537));
  });

  it("timestamps off: TIME_WAIT is never reusable (lab tw-reuse-modes)", () => {
    const p = setup({ tcp_tw_reuse: 1, tcp_timestamps: 0 });
    burst(p, 10);
    p.sim.runFor(2 * SEC);
    expect(burst(p, 5).ports).toHaveLength(0);
  });

  it("explicit bind() into a TIME_WAIT port needs SO_REUSEADDR on both; connect then takes it over if timestamps were used", () => {
    const cases: [boolean, boolean, number, string][] = [
      [false, true, 1, "bind: EADDRINUSE"],
      [true, false, 1, "bind: EADDRINUSE"],
      [true, true, 1, "ok"],
      [true, true, 0, "connect: EADDRNOTAVAIL"],
    ];
    for (const [oldReuse, newReuse, ts, want] of cases) {
      const p = setup({ tcp_tw_reuse: 0, tcp_timestamps: ts });
      const c = p.client.connect({ ip: "127.0.0.2", port: 80 }, { localPort: 45000, reuseAddr: oldReuse });
      if (!c.ok) throw new Error("connect");
      c.onEstablished = (x) => void x.close();
      p.sim.runFor(50 * MS);
      expect(c.state).toBe("TIME_WAIT");
      const n = p.client.socket();
      if (newReuse) n.setsockopt("SO_REUSEADDR", true);
      const b = n.bind({ port: 45000 });
      let got: string;
      if (!b.ok) got = `bind: ${b.errno}`;
      else {
        const r = n.connect({ ip: "127.0.0.2", port: 80 });
        got = r.ok ? "ok" : `connect: ${r.errno}`;
      }
      expect(got).toBe(want);
    }
  });
});

describe("tcp_tw_recycle (linux-pre-4.12)", () => {
  it("on the current profile the knob does not exist", () => {
    const r = runScenario("tw-recycle-nat", { profile: "linux" });
    expect(r.summary["twRecycle"]).toBe(
      "sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No such file or directory",
    );
    expect(r.summary["synsDroppedByTwRecycle"]).toBe(0);
    expect(r.summary["connectionsEstablished"]).toBe(r.summary["connectionsAttempted"]);
  });

  it("behind NAT, SYNs with lagging timestamps are silently dropped (TcpExtPAWSPassive)", () => {
    const r = runScenario("tw-recycle-nat");
    expect(r.summary["profile"]).toBe("linux-pre-4.12");
    expect(r.summary["synsDroppedByTwRecycle"]).toBeGreaterThan(0);
    expect(r.summary["clientsAffected"]).toBeGreaterThan(0);
    // A dropped SYN is retransmitted after 1 s, 3 s, 7 s...: the victims connect late or not at all.
    expect(r.summary["slowestConnectSec"]).toBeGreaterThan(1);
    const worse = runScenario("tw-recycle-nat", { seed: 5 });
    expect(worse.summary["connectionsTimedOut"]).toBeGreaterThan(0);
    expect(worse.summary["connectionsEstablished"]).toBeLessThan(worse.summary["connectionsAttempted"] as number);
  });

  it("without tw_recycle the same clients all connect", () => {
    const r = runScenario("tw-recycle-nat", { params: { twRecycle: false } });
    expect(r.summary["synsDroppedByTwRecycle"]).toBe(0);
    expect(r.summary["connectionsEstablished"]).toBe(r.summary["connectionsAttempted"]);
  });
});
