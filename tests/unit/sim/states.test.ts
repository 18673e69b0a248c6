/**
 * The state machine, state by state, with the numbers the lab/ experiments measured on Linux 6.18.
 * Every test drives the public API (hosts, sockets, faults) and reads the trace.
 */
import { describe, expect, it } from "vitest";
import { established, pair, sendTimes, states, MS, SEC } from "./builders.ts";
import { match } from "../../../src/sim/net/faults.ts";
import { Simulation } from "../../../src/sim/simulation.ts";
import { seqAdd } from "../../../src/sim/seq.ts";
import type { TcpSocket } from "../../../src/sim/tcp/socket.ts";

const synTimes = (p: ReturnType<typeof pair>) =>
  sendTimes(p.sim.trace, "client", (e) => e.seg.ctl.syn && e.seg.ack === undefined).map((t) => t / SEC);

describe("CLOSED", () => {
  it("a SYN to a port nobody listens on gets RST,ACK and connect() fails with ECONNREFUSED", () => {
    const p = pair();
    const c = p.client.connect({ ip: "10.0.0.2", port: 81 });
    if (!c.ok) throw new Error("sync failure");
    p.sim.runFor(10 * MS);
    expect(c.state).toBe("CLOSED");
    expect(c.error).toBe("ECONNREFUSED");
    const rst = p.sim.trace.find((e) => e.kind === "send" && e.host === "server" && e.seg.ctl.rst);
    expect(rst?.kind === "send" && rst.seg.ack === seqAdd(c.iss, 1)).toBe(true);
    expect(p.server.counters.TcpOutRsts).toBe(1);
    expect(p.client.counters.TcpAttemptFails).toBe(1);
  });

  it("connect() rejects a bad address with EINVAL synchronously", () => {
    const p = pair();
    const r = p.client.connect({ ip: "10.0.0.999", port: 80 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errno).toBe("EINVAL");
  });
});

describe("LISTEN", () => {
  it("listen() caps the backlog at somaxconn (lab accept-queue: listen(100) with somaxconn 5 → 5)", () => {
    const sim = new Simulation({ sysctl: { "server:net.core.somaxconn": 5 } });
    const s = sim.addHost("server", "127.0.0.1");
    const l = s.listen(9000, 100);
    expect(l.ok && l.backlog).toBe(5);
    expect(s.ss()[0]).toMatchObject({ state: "LISTEN", sendQ: 5 });
  });

  it("lab accept-queue: the accept queue holds backlog+1 = 6; four later clients stay in SYN-SENT, ListenOverflows = ListenDrops = 4", () => {
    const p = pair({ sysctl: { "server:net.core.somaxconn": 5 }, backlog: 100, link: { delay: 10 } });
    const socks: TcpSocket[] = [];
    for (let i = 0; i < 10; i++) {
      p.sim.at(i * 50 * MS, () => socks.push(p.connect()));
    }
    p.sim.runFor(650 * MS);
    expect(socks.filter((s) => s.state === "ESTABLISHED")).toHaveLength(6);
    expect(socks.filter((s) => s.state === "SYN_SENT")).toHaveLength(4);
    expect(p.server.counters.TcpExtListenOverflows).toBe(4);
    expect(p.server.counters.TcpExtListenDrops).toBe(4);
    expect(p.listener.acceptQueue).toHaveLength(6);
    // After accept() makes room, the next SYN retransmission gets in.
    for (let i = 0; i < 6; i++) p.accept();
    p.sim.runFor(2 * SEC);
    expect(socks.filter((s) => s.state === "ESTABLISHED")).toHaveLength(10);
  });

  it("a stray ACK to a listener is answered with RST (seq = its ack)", () => {
    const p = pair();
    p.client.sendRaw({ src: { ip: "10.0.0.1", port: 5555 }, dst: { ip: "10.0.0.2", port: 80 }, seq: 1, ack: 777 });
    p.sim.runFor(5 * MS);
    const rst = p.sim.trace.find((e) => e.kind === "send" && e.host === "server" && e.seg.ctl.rst);
    expect(rst?.kind === "send" && rst.seg.seq).toBe(777);
  });

  it("listen() on a port in use fails with EADDRINUSE", () => {
    const p = pair();
    const r = p.server.listen(80, 5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errno).toBe("EADDRINUSE");
  });

  it("closing a listener resets connections nobody accepted", () => {
    const p = pair();
    const c = p.connect();
    p.sim.runFor(10 * MS);
    p.listener.close();
    p.sim.runFor(10 * MS);
    expect(c.state).toBe("CLOSED");
    expect(c.error).toBe("ECONNRESET");
  });
});

describe("SYN_SENT", () => {
  it("handshake: SYN seq=x, SYN-ACK ack=x+1, ACK seq=x+1 ack=y+1; client ESTABLISHED one RTT before the server", () => {
    const p = pair();
    const c = p.connect();
    p.sim.runFor(10 * MS);
    const sends = p.sim.trace.filter((e) => e.kind === "send");
    const [syn, synack, ack] = sends.map((e) => (e.kind === "send" ? e.seg : undefined));
    expect(syn?.ctl.syn && syn.ack === undefined).toBe(true);
    expect(synack?.ack).toBe(seqAdd(c.iss, 1));
    expect(ack?.seq).toBe(seqAdd(c.iss, 1));
    expect(ack?.ack).toBe(seqAdd(synack?.seq ?? 0, 1));
    const est = p.sim.trace.filter((e) => e.kind === "state" && e.to === "ESTABLISHED").map((e) => e.t);
    expect(est).toEqual([1000, 1500]);
    expect(states(p.sim.trace, "server")).toEqual(["CLOSED>LISTEN", "LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED"]);
  });

  it("SYN options: MSS 1460, SACK-permitted, wscale 7, timestamps when both have tcp_timestamps", () => {
    const p = pair();
    const c = p.connect();
    p.sim.runFor(10 * MS);
    const syn = p.sim.trace.find((e) => e.kind === "send");
    expect(syn?.kind === "send" && syn.seg.options).toMatchObject({ mss: 1460, sackPermitted: true, windowScale: 7 });
    expect(syn?.kind === "send" && syn.seg.window).toBe(64240);
    expect(c.tsOn).toBe(true);
  });

  it("timestamps are negotiated: off on one side means off", () => {
    const p = pair({ server: { sysctl: { tcp_timestamps: 0 } } });
    const c = p.connect();
    p.sim.runFor(10 * MS);
    expect(c.state).toBe("ESTABLISHED");
    expect(c.tsOn).toBe(false);
  });

  it("≥6.5 defaults: SYNs at 0,1,2,3,4,5,7,11,19,35,67 s and ETIMEDOUT at 131 s", () => {
    const p = pair();
    p.sim.addFault({ match: match.syn, count: Infinity, action: "drop" });
    const c = p.connect();
    let failedAt = -1;
    c.onClose = () => (failedAt = p.sim.now);
    p.sim.runFor(200 * SEC);
    expect(synTimes(p)).toEqual([0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67]);
    expect(failedAt).toBe(131 * SEC);
    expect(c.error).toBe("ETIMEDOUT");
    expect(p.client.counters.TcpExtTCPSynRetrans).toBe(10);
  });

  it("tcp_syn_linear_timeouts=0 (3.7–6.4): SYNs at 0,1,3,7,15,31,63 s and failure at 127 s", () => {
    const p = pair({ client: { sysctl: { tcp_syn_linear_timeouts: 0 } } });
    p.sim.addFault({ match: match.syn, count: Infinity, action: "drop" });
    const c = p.connect();
    p.sim.runFor(126 * SEC);
    expect(c.state).toBe("SYN_SENT");
    p.sim.runFor(2 * SEC);
    expect(synTimes(p)).toEqual([0, 1, 3, 7, 15, 31, 63]);
    expect(c.error).toBe("ETIMEDOUT");
  });

  it("tcp_syn_retries=2: SYNs at 0..5 s, failure at 7 s (the (2^3−1) s time cap)", () => {
    const p = pair({ client: { sysctl: { tcp_syn_retries: 2 } } });
    p.sim.addFault({ match: match.syn, count: Infinity, action: "drop" });
    const c = p.connect();
    let failedAt = -1;
    c.onClose = () => (failedAt = p.sim.now);
    p.sim.runFor(20 * SEC);
    expect(synTimes(p)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(failedAt).toBe(7 * SEC);
  });

  it("linux-pre-4.12 has no linear timeouts: exponential from the start", () => {
    const p = pair({ profile: "linux-pre-4.12" });
    p.sim.addFault({ match: match.syn, count: Infinity, action: "drop" });
    p.connect();
    p.sim.runFor(200 * SEC);
    expect(synTimes(p)).toEqual([0, 1, 3, 7, 15, 31, 63]);
  });

  it("a lost SYN is retransmitted after 1 s and then the handshake completes", () => {
    const p = pair();
    p.sim.addFault({ from: "client", match: match.syn, action: "drop" });
    const c = p.connect();
    p.sim.runFor(2 * SEC);
    expect(c.state).toBe("ESTABLISHED");
    expect(c.handshakeRetransmitted).toBe(true);
    // TCP_TIMEOUT_FALLBACK: data starts with RTO 3 s after handshake retransmissions.
    expect(c.rto).toBe(3 * SEC);
  });

  it("an unacceptable ACK gets RST <SEQ=SEG.ACK> and the SYN is resent 8 ms (2 jiffies) later", () => {
    const p = pair();
    p.sim.addFault({ from: "client", match: match.syn, action: "drop" });
    const c = p.connect();
    // Answer the SYN with a bogus bare ACK (as a TIME_WAIT socket of an old incarnation would).
    p.sim.at(1, () => p.server.sendRaw({ src: { ip: "10.0.0.2", port: 80 }, dst: c.local, seq: 5, ack: 12345 }));
    p.sim.runFor(20 * MS);
    const rst = p.sim.trace.find((e) => e.kind === "send" && e.host === "client" && e.seg.ctl.rst);
    expect(rst?.kind === "send" && rst.seg.seq).toBe(12345);
    expect(synTimes(p)).toEqual([0, 0.008501]);
    p.sim.runFor(10 * MS);
    expect(c.state).toBe("ESTABLISHED");
  });

  it("simultaneous open: both sides SYN_SENT → SYN_RECV → ESTABLISHED", () => {
    const sim = new Simulation();
    const a = sim.addHost("a", "10.0.0.1");
    const b = sim.addHost("b", "10.0.0.2");
    sim.link(a, b, { delay: 1000 });
    const x = a.connect({ ip: "10.0.0.2", port: 7000 }, { localPort: 6000 });
    const y = b.connect({ ip: "10.0.0.1", port: 6000 }, { localPort: 7000 });
    if (!x.ok || !y.ok) throw new Error("connect");
    sim.runFor(50 * MS);
    expect(x.state).toBe("ESTABLISHED");
    expect(y.state).toBe("ESTABLISHED");
    expect(states(sim.trace, "a")).toEqual(["CLOSED>SYN_SENT", "SYN_SENT>SYN_RECV", "SYN_RECV>ESTABLISHED"]);
  });

  it("close() in SYN_SENT just deletes the TCB", () => {
    const p = pair();
    p.sim.addFault({ match: match.syn, count: Infinity, action: "drop" });
    const c = p.connect();
    c.close();
    expect(c.state).toBe("CLOSED");
    expect(p.client.ss()).toEqual([]);
  });
});

describe("SYN_RECV", () => {
  it("a half-open connection is a request socket shown as SYN-RECV; SYN-ACKs at 0,1,3,7,15,31 s, dropped at 63 s", () => {
    const p = pair();
    p.sim.addFault({ from: "server", match: match.synAck, count: Infinity, action: "drop" });
    p.sim.addFault({ from: "client", match: match.syn, nth: 2, count: Infinity, action: "drop" });
    p.connect();
    p.sim.runFor(100 * MS);
    expect(p.server.ss().find((r) => r.state === "SYN-RECV")?.timer).toBe("on,900ms,0");
    p.sim.runFor(62 * SEC);
    const t = sendTimes(p.sim.trace, "server", (e) => e.seg.ctl.syn).map((x) => (x - 500) / SEC);
    expect(t).toEqual([0, 1, 3, 7, 15, 31]);
    expect(p.server.count("SYN_RECV")).toBe(1);
    p.sim.runFor(1 * SEC);
    expect(p.server.count("SYN_RECV")).toBe(0);
    const drop = p.sim.trace.find((e) => e.kind === "state" && e.sock.host === "server" && e.to === "CLOSED");
    expect(drop?.t).toBe(63 * SEC + 500);
  });

  it("a lost final ACK: the server's SYN-ACK retransmission is re-ACKed and the server completes", () => {
    const p = pair();
    p.sim.addFault({ from: "client", match: match.pureAck, action: "drop" });
    p.connect();
    p.sim.runFor(500 * MS);
    expect(p.server.count("SYN_RECV")).toBe(1);
    p.sim.runFor(1 * SEC);
    expect(p.listener.acceptQueue).toHaveLength(1);
  });

  it("an RST in the window removes the request socket", () => {
    const p = pair();
    p.sim.addFault({ from: "server", match: match.synAck, count: Infinity, action: "drop" });
    const c = p.connect();
    p.sim.runFor(10 * MS);
    p.client.sendRaw({ src: c.local, dst: c.remote, seq: seqAdd(c.iss, 1), ctl: { rst: true } });
    p.sim.runFor(10 * MS);
    expect(p.server.count("SYN_RECV")).toBe(0);
  });
});

describe("ESTABLISHED", () => {
  it("data flows in MSS-sized segments and is acknowledged; read() empties Recv-Q", () => {
    const { sim, c, s } = established();
    c.send(5000);
    sim.runFor(10 * MS);
    expect(s.unread).toBe(5000);
    expect(sendTimes(sim.trace, "client", (e) => e.seg.len > 0)).toHaveLength(4);
    expect(c.unsentOrUnacked()).toBe(0);
    expect(s.read()).toBe(5000);
    expect(s.unread).toBe(0);
  });

  it("a lost data segment is retransmitted by RTO and delivered exactly once", () => {
    const { sim, c, s } = established();
    sim.addFault({ from: "client", match: match.data, action: "drop" });
    c.send(3000);
    sim.runFor(5 * SEC);
    expect(s.bytesReceived).toBe(3000);
    expect(c.unsentOrUnacked()).toBe(0);
    expect(sim.host("client").counters.TcpRetransSegs).toBeGreaterThan(0);
  });

  it("the application hears of a segment once all of it is processed: data with a FIN reaches onData in CLOSE_WAIT, and the reply acknowledges the FIN too", () => {
    const { sim, c, s, client } = established({ client: { sysctl: { tcp_timestamps: 0 } } });
    const seen: string[] = [];
    s.onData = (x, bytes) => {
      seen.push(`data ${bytes} in ${x.state}`);
      x.read();
      x.send(10);
    };
    s.onPeerClose = (x) => seen.push(`peer close in ${x.state}`);
    const from = sim.trace.length;
    client.sendRaw({ src: c.local, dst: c.remote, seq: c.sndNxt, ack: c.rcvNxt, ctl: { fin: true }, len: 100 });
    sim.runFor(5 * MS);
    expect(seen).toEqual(["data 100 in CLOSE_WAIT", "peer close in CLOSE_WAIT"]);
    const replies = sim.trace.slice(from).filter((e) => e.kind === "send" && e.host === "server");
    // One segment: the reply carries the ACK of the 100 bytes and the FIN (no pure ACK before it).
    expect(replies.map((e) => (e.kind === "send" ? [e.seg.len, e.seg.ack] : []))).toEqual([
      [10, seqAdd(c.sndNxt, 101)],
    ]);
  });

  it("a socket its application has closed is told nothing more (an orphan wakes no reader)", () => {
    const { sim, c, s } = established();
    const told: string[] = [];
    c.onData = () => told.push("data");
    c.onPeerClose = () => told.push("peer close");
    // Both close at once: the FINs cross, so the client is still a full socket (FIN_WAIT1) when the peer's FIN arrives.
    c.close();
    s.close();
    sim.runFor(5 * MS);
    expect(told).toEqual([]);
    expect(c.state).toBe("TIME_WAIT");
    expect(states(sim.trace, "client")).toContain("FIN_WAIT1>CLOSING");
  });

  it("RFC 5961: an in-window RST not at RCV.NXT gets a challenge ACK; one at RCV.NXT resets (ECONNRESET)", () => {
    const { sim, c, s, client } = established();
    client.sendRaw({ src: c.local, dst: c.remote, seq: seqAdd(c.sndNxt, 10), ctl: { rst: true } });
    sim.runFor(5 * MS);
    expect(s.state).toBe("ESTABLISHED");
    expect(sim.host("server").counters.TcpExtTCPChallengeACK).toBe(1);
    client.sendRaw({ src: c.local, dst: c.remote, seq: c.sndNxt, ctl: { rst: true } });
    sim.runFor(5 * MS);
    expect(s.state).toBe("CLOSED");
    expect(s.error).toBe("ECONNRESET");
    expect(sim.host("server").counters.TcpEstabResets).toBe(1);
  });

  it("RFC 5961 §4: a SYN on an established connection gets a challenge ACK", () => {
    const { sim, c, s, client } = established();
    client.sendRaw({ src: c.local, dst: c.remote, seq: seqAdd(c.sndNxt, 100), ctl: { syn: true } });
    sim.runFor(5 * MS);
    expect(s.state).toBe("ESTABLISHED");
    expect(sim.host("server").counters.TcpExtTCPSYNChallenge).toBe(1);
  });

  it("PAWS: a segment with an older timestamp is dropped (TcpExtPAWSEstab)", () => {
    const { sim, c, s, client } = established();
    client.sendRaw({
      src: c.local,
      dst: c.remote,
      seq: c.sndNxt,
      ack: c.rcvNxt,
      len: 100,
      options: { timestamp: { val: (s.tsRecent - 1000) >>> 0, ecr: 0 } },
    });
    sim.runFor(5 * MS);
    expect(s.unread).toBe(0);
    expect(sim.host("server").counters.TcpExtPAWSEstab).toBe(1);
  });

  it("peer closes first → CLOSE_WAIT; close() → LAST_ACK → CLOSED", () => {
    const { sim, c, s } = established();
    s.close();
    sim.runFor(5 * MS);
    expect(c.state).toBe("CLOSE_WAIT");
    c.close();
    sim.runFor(5 * MS);
    expect(states(sim.trace, "client").slice(-3)).toEqual([
      "ESTABLISHED>CLOSE_WAIT",
      "CLOSE_WAIT>LAST_ACK",
      "LAST_ACK>CLOSED",
    ]);
  });

  it("close() with unread data sends RST instead of FIN (TcpExtTCPAbortOnClose)", () => {
    const { sim, c, s } = established();
    c.send(100);
    sim.runFor(5 * MS);
    s.close();
    sim.runFor(5 * MS);
    expect(sendTimes(sim.trace, "server", (e) => e.seg.ctl.rst)).toHaveLength(1);
    expect(sendTimes(sim.trace, "server", (e) => e.seg.ctl.fin)).toHaveLength(0);
    expect(c.error).toBe("ECONNRESET");
    expect(sim.host("server").counters.TcpExtTCPAbortOnClose).toBe(1);
  });

  it("SO_LINGER {1,0}: close() sends RST and skips TIME_WAIT", () => {
    const p = pair();
    const c = p.connect({ linger0: true });
    p.sim.runFor(5 * MS);
    const s = p.accept();
    c.close();
    p.sim.runFor(5 * MS);
    expect(c.state).toBe("CLOSED");
    expect(p.client.ss()).toEqual([]);
    expect(s.error).toBe("ECONNRESET");
  });

  it("send() after shutdown is EPIPE", () => {
    const { c } = established();
    c.shutdown("SHUT_WR");
    const r = c.send(1);
    expect(r.ok === false && r.errno).toBe("EPIPE");
  });

  it("keepalive (lab keepalive settings): probes every keepalive_time while answered; none without SO_KEEPALIVE", () => {
    const p = pair({ sysctl: { tcp_keepalive_time: 2, tcp_keepalive_intvl: 1 } });
    const a = p.connect({ keepAlive: true });
    const b = p.connect();
    p.sim.runFor(6.5 * SEC);
    const probes = (port: number) =>
      sendTimes(
        p.sim.trace,
        "client",
        (e) =>
          e.seg.src.port === port &&
          e.seg.len === 0 &&
          e.seg.seq === ((e.seg.ack ?? 0) >= 0 ? e.seg.seq : 0) &&
          e.t > 10 * MS,
      );
    expect(probes(a.localPort).map((t) => Math.round(t / MS) / 1000)).toEqual([2.001, 4.002, 6.003]);
    expect(probes(b.localPort)).toEqual([]);
  });

  it("keepalive against a dead peer: probes at 7200 + k·75 s, reset at 7875 s with ETIMEDOUT", () => {
    const p = pair();
    const c = p.connect({ keepAlive: true });
    p.sim.runFor(1 * SEC);
    p.server.down = true;
    const idle = c.lastRecvAt;
    let deadAt = -1;
    c.onClose = () => (deadAt = p.sim.now);
    p.sim.runFor(8000 * SEC);
    expect((deadAt - idle) / SEC).toBe(7875);
    expect(c.error).toBe("ETIMEDOUT");
    const probes = sendTimes(p.sim.trace, "client", (e) => e.seg.len === 0 && !e.seg.ctl.rst && e.t > 1 * SEC);
    expect(probes.map((t) => (t - idle) / SEC)).toEqual([7200, 7275, 7350, 7425, 7500, 7575, 7650, 7725, 7800]);
  });
});

describe("FIN_WAIT1", () => {
  it("a lost FIN is retransmitted", () => {
    const { sim, c, s } = established();
    sim.addFault({ from: "client", match: match.fin, action: "drop" });
    c.close();
    sim.runFor(100 * MS);
    expect(c.state).toBe("FIN_WAIT1");
    sim.runFor(2 * SEC);
    expect(s.state).toBe("CLOSE_WAIT");
    expect(sendTimes(sim.trace, "client", (e) => e.seg.ctl.fin)).toHaveLength(2);
  });

  it("simultaneous close: FIN_WAIT1 → CLOSING → TIME_WAIT on both sides", () => {
    const { sim, c, s } = established();
    c.close();
    s.close();
    sim.runFor(10 * MS);
    expect(states(sim.trace, "client").slice(-3)).toEqual([
      "ESTABLISHED>FIN_WAIT1",
      "FIN_WAIT1>CLOSING",
      "CLOSING>TIME_WAIT",
    ]);
    expect(c.state).toBe("TIME_WAIT");
    expect(s.state).toBe("TIME_WAIT");
  });

  it("FIN and ACK of our FIN in one segment: straight on to TIME_WAIT", () => {
    const { sim, c, s } = established();
    s.onPeerClose = (x) => void x.close();
    c.close();
    sim.runFor(10 * MS);
    expect(c.state).toBe("TIME_WAIT");
    const finAck = sendTimes(sim.trace, "server", (e) => e.seg.ctl.fin && e.seg.ack === seqAdd(c.finSeq, 1));
    expect(finAck).toHaveLength(1);
  });
});

describe("FIN_WAIT2", () => {
  it("orphaned (close()) FIN_WAIT2 ends after tcp_fin_timeout (lab fin-wait2-orphan: 5 s), shown with a timewait timer", () => {
    const p = pair({ client: { sysctl: { tcp_fin_timeout: 5 } } });
    const c = p.connect();
    p.sim.runFor(10 * MS);
    p.accept();
    c.close();
    p.sim.runFor(200 * MS);
    const row = p.client.ss()[0];
    expect(row?.state).toBe("FIN-WAIT-2");
    expect(row?.timer).toMatch(/^timewait,4\.\d{3}ms,0$/);
    p.sim.runFor(5 * SEC);
    expect(c.state).toBe("CLOSED");
    const fw2 = p.sim.trace.filter(
      (e) => e.kind === "state" && e.sock.host === "client" && (e.to === "FIN_WAIT2" || e.from === "FIN_WAIT2"),
    );
    expect(fw2).toHaveLength(2);
    expect(((fw2[1]?.t ?? NaN) - (fw2[0]?.t ?? NaN)) / SEC).toBe(5);
  });

  it("3.5×RTO floor: tcp_fin_time() = max(tcp_fin_timeout, 3.5 RTO)", () => {
    const { c } = established({ client: { sysctl: { tcp_fin_timeout: 1 } } });
    c.rto = 2 * SEC;
    expect(c.finTime()).toBe(7 * SEC);
  });

  it("after shutdown(SHUT_WR) FIN_WAIT2 has no timer and waits forever", () => {
    const { sim, c, client } = established();
    c.shutdown("SHUT_WR");
    sim.runFor(1000 * SEC);
    expect(c.state).toBe("FIN_WAIT2");
    expect(client.ss()[0]?.timer).toBeUndefined();
  });

  it("the peer's FIN moves an orphaned FIN_WAIT2 to TIME_WAIT for 60 s", () => {
    const { sim, c, s } = established();
    c.close();
    sim.runFor(10 * SEC);
    expect(c.state).toBe("FIN_WAIT2");
    s.close();
    sim.runFor(10 * MS);
    expect(c.state).toBe("TIME_WAIT");
    const entered = sim.now;
    sim.runFor(59 * SEC);
    expect(c.state).toBe("TIME_WAIT");
    sim.runFor(1 * SEC);
    expect(c.state).toBe("CLOSED");
    expect(entered).toBeGreaterThan(0);
  });

  it("tcp_fin_timeout above 60 s keeps the full socket first, then the mini-socket (kernel arithmetic)", () => {
    const { sim, c } = established({ client: { sysctl: { tcp_fin_timeout: 100 } } });
    c.close();
    sim.runFor(10 * MS);
    sim.runFor(79 * SEC);
    expect(c.state).toBe("FIN_WAIT2");
    sim.runFor(2 * SEC);
    expect(c.state).toBe("CLOSED");
  });
});

describe("CLOSE_WAIT and LAST_ACK", () => {
  it("a lost ACK of the LAST_ACK FIN: the FIN is resent and re-ACKed by TIME_WAIT", () => {
    const { sim, c, s } = established();
    let serverFin = 0;
    sim.addFault({ from: "server", match: (x) => (x.ctl.fin ? (serverFin++, false) : false), action: "drop" });
    sim.addFault({ from: "client", match: (x) => serverFin === 1 && match.pureAck(x), action: "drop" });
    c.close();
    sim.runFor(5 * MS);
    s.close();
    sim.runFor(5 * MS);
    expect(s.state).toBe("LAST_ACK");
    sim.runFor(2 * SEC);
    expect(s.state).toBe("CLOSED");
    expect(s.error).toBeUndefined();
    expect(serverFin).toBe(2);
  });
});

describe("CLOSING", () => {
  it("lost FIN-ACK in simultaneous close: CLOSING waits for the ACK of its FIN", () => {
    const { sim, c, s } = established();
    c.close();
    s.close();
    sim.runFor(700 * MS);
    expect(c.state).toBe("TIME_WAIT");
    expect(s.state).toBe("TIME_WAIT");
  });
});
