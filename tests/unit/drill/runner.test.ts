/**
 * The runner's reports (parse errors with line and column, first mismatch with
 * expected vs actual) and the fd API's Linux semantics used outside scripts.
 */
import { describe, expect, it } from "vitest";
import {
  ERRNO_NUMBER,
  RawPeer,
  Simulation,
  SocketApi,
  formatDrillFailure,
  parseDrill,
  runDrill,
  flagString,
  type Segment,
} from "../../../src/sim/index.ts";

const OPEN = `0 \`sysctl -q net.ipv4.tcp_timestamps=0\`
+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>
+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>
+.1 < . 1:1(0) ack 1 win 257
+0 accept(3, ..., ...) = 4
`;

describe("parse errors", () => {
  const cases: [string, number, number, RegExp][] = [
    ["0 < S 0:0(0) win 1 <mss 1460,bogus>", 1, 30, /unknown TCP option "bogus"/],
    ["0 socket(..., SOCK_STREAM) = 3\n+x close(3) = 0", 2, 1, /expected a time/],
    ["0 > S. 0:5(0) ack 1", 1, 5, /spans 5 bytes/],
    ["0 > S. 0:0(0)", 1, 5, /ACK bit.*no "ack N"/],
    ["0 read(3, ..., 10) = -1", 1, 24, /needs an errno/],
    ["0 %{ assert tcpi_state == 1", 1, 3, /never closed/],
    ["0 hello", 1, 3, /expected "<", ">", a system call/],
    ["0 < S 0:0(0) win 1 port 70000", 1, 20, /port 70000 is not between 1 and 65535/],
  ];
  for (const [src, line, col, msg] of cases) {
    it(`${JSON.stringify(src)} → line ${line}, column ${col}`, () => {
      const r = runDrill(src);
      expect(r.ok).toBe(false);
      expect(r.failure?.line).toBe(line);
      expect(r.failure?.column).toBe(col);
      expect(r.failure?.message).toMatch(msg);
      expect(formatDrillFailure("t.pkt", r.failure ?? { line: 0, message: "" })).toMatch(
        new RegExp(`^t\\.pkt:${line}:${col}: syntax error`),
      );
    });
  }
  it("parses options, errnos, structs and code blocks", () => {
    const ev = parseDrill(
      "0 < S. 0:0(0) ack 1 win 5 <mss 1000,sackOK,TS val 7 ecr 0,nop,wscale 2>\n" +
        "+.5 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = -1 EINVAL (Invalid argument)\n" +
        "1 %{\nassert tcpi_state == 1\nassert tcpi_rto >= 200000\n}%",
    );
    expect(ev[0]).toMatchObject({ kind: "packet", dir: "<", flags: "S.", ack: 1, win: 5 });
    expect(ev[0]).toMatchObject({ options: { mss: 1000, sackOK: true, ts: { val: 7, ecr: 0 }, wscale: 2 } });
    expect(ev[1]).toMatchObject({ kind: "call", name: "setsockopt", ret: -1, errno: "EINVAL", time: 0.5 });
    expect(ev[2]).toMatchObject({ kind: "code", relative: false, time: 1 });
    expect(ev[2]?.kind === "code" && ev[2].asserts.length).toBe(2);
  });
});

describe("first mismatch", () => {
  it("names the field, expected and actual of a wrong outbound packet", () => {
    const r = runDrill(OPEN.replace("> S. 0:0(0) ack 1", "> S. 0:0(0) ack 2"));
    expect(r.failure).toMatchObject({ line: 6, message: "live packet field tcp_ack: expected: 2 vs actual: 1" });
    expect(r.failure?.actual).toMatch(/^> S\. 0:0\(0\) ack 1 win \d+ <mss 1460,sackOK,wscale 7>$/);
  });
  it("checks the flow of an outbound packet when the line names its port", () => {
    const r = runDrill(OPEN.replace("> S. 0:0(0) ack 1 <", "> S. 0:0(0) ack 1 port 40001 <"));
    expect(r.failure).toMatchObject({
      line: 6,
      message: "live packet field tcp_dport: expected: 40001 vs actual: 40000",
    });
  });
  it("reports a packet the script did not expect", () => {
    const r = runDrill(
      OPEN.replace(/^\+0 > S\..*$/m, "+0 accept(3, ..., ...) = -1 EAGAIN").replace(
        "+0 listen(3, 1) = 0",
        "+0 listen(3, 1) = 0\n+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
      ),
    );
    expect(r.failure?.message).toMatch(/unexpected outbound packet/);
    expect(r.failure?.actual).toMatch(/^> S\. 0:0\(0\) ack 1/);
  });
  it("times out waiting for a packet the host never sends", () => {
    const r = runDrill(`${OPEN}+0 > F. 1:1(0) ack 1\n`);
    expect(r.failure).toMatchObject({ line: 9, actual: "no packet" });
    expect(r.failure?.message).toMatch(/timed out waiting/);
  });
  it("reports a wrong syscall result and an unfinished blocking call", () => {
    expect(runDrill(`${OPEN}+0 read(4, ..., 10) = 3\n+0 < P. 1:4(3) ack 1 win 257\n`).ok).toBe(true);
    const r = runDrill(`${OPEN}+0 read(4, ..., 10) = 3\n`);
    expect(r.failure).toMatchObject({ line: 9, message: "blocking read call had not returned when the script ended" });
    expect(runDrill(`${OPEN}+0 read(4, ..., 0) = 0\n+0 read(4, ..., -1) = -1 EINVAL\n`).ok).toBe(true);
    const w = runDrill(`${OPEN}+0 write(4, ..., 10) = 11\n`);
    expect(w.failure).toMatchObject({ line: 9, expected: "11", actual: "10" });
  });
  it("rejects a sysctl the core does not know, and non-sysctl commands", () => {
    expect(runDrill("0 `sysctl -q net.ipv4.tcp_nonsense=1`").failure?.message).toMatch(/^sysctl: /);
    expect(runDrill("0 `rm -rf /`").failure?.message).toMatch(/only sysctl commands/);
    // Unmodelled knobs: their Linux default is accepted (scripts restate it), anything else is refused.
    expect(
      runDrill('0 `sysctl -q net.ipv4.tcp_sack=1 net.ipv4.tcp_ecn=2 net.ipv4.tcp_wmem="4096 16384 4194304"`').ok,
    ).toBe(true);
    expect(runDrill("0 `sysctl -q net.ipv4.tcp_ecn=1`").failure?.message).toMatch(/tcp_ecn is not modelled/);
    expect(runDrill('0 `sysctl -q net.ipv4.tcp_rmem="4096 131072 6291456"`').ok).toBe(true);
    expect(runDrill('0 `sysctl -q net.ipv4.tcp_rmem="4096 131072 33554432"`').ok).toBe(false);
    // Modelled knobs are set (and range-checked) like any other.
    expect(runDrill("0 `sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_rto_max_ms=1000`").ok).toBe(true);
    expect(runDrill("0 `sysctl -q net.ipv4.tcp_rto_max_ms=999`").failure?.message).toMatch(/Invalid argument/);
  });

  it("a time range checks when a blocking call returns", () => {
    const head = [
      "0 `sysctl -q net.ipv4.tcp_timestamps=0`",
      "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
      "+0 connect(3, ..., ...) = 0",
      "+0 > S 0:0(0) <mss 1460,sackOK,nop,nop,nop,wscale 7>",
      "+.1 < S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>",
      "+0 > . 1:1(0) ack 1",
      "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=3}, 8) = 0",
    ];
    const tail = ["+0 > F. 1:1(0) ack 1", "+.2 < . 1:1(0) ack 2 win 257"];
    expect(runDrill([...head, "+0...0.2 close(3) = 0", ...tail].join("\n")).ok).toBe(true);
    const early = runDrill([...head, "+0...0.1 close(3) = 0", ...tail].join("\n"));
    expect(early.failure?.line).toBe(8);
    expect(early.failure?.message).toMatch(
      /expected close\(\) to return at 0\.200000 s but it returned at 0\.300000 s/,
    );
    expect(runDrill("0...x socket(..., SOCK_STREAM, IPPROTO_TCP) = 3").failure?.column).toBeDefined();
    expect(runDrill("0...1 `sysctl -q net.ipv4.tcp_timestamps=0`").failure?.message).toMatch(/only a system call/);
  });
});

function seg(peer: RawPeer, i: number): Segment {
  const c = peer.received[i];
  if (c === undefined) throw new Error(`the peer received no segment #${i}`);
  return c.seg;
}

describe("SocketApi and RawPeer outside scripts", () => {
  function pair(): { sim: Simulation; api: SocketApi; peer: RawPeer } {
    const sim = new Simulation({ seed: 3, sysctl: { tcp_timestamps: 0 } });
    const host = sim.addHost("h", "10.0.0.1");
    const peer = new RawPeer(sim, "p", "10.0.0.2", 5555);
    sim.link(host, peer, { delay: 1000 });
    return { sim, api: new SocketApi(host), peer };
  }
  it("SYN|ACK injected relative to the host's ISN completes a non-blocking connect; ids come from the run's counter", () => {
    const { sim, api, peer } = pair();
    const fd = api.socket().ret;
    api.fcntl(fd, "F_SETFL", 0x800);
    expect(api.connect(fd, "10.0.0.2", 5555)).toEqual({ ret: -1, errno: "EINPROGRESS" });
    sim.runFor(1000);
    const syn = seg(peer, 0);
    expect(syn.ctl.syn).toBe(true);
    expect(api.connect(fd, "10.0.0.2", 5555)).toEqual({ ret: -1, errno: "EALREADY" });
    const sa = peer.inject({ dst: syn.src, flags: { syn: true }, seq: 100, ack: 1, ackRelative: true });
    expect(sa.id).toBe(syn.id + 1);
    expect(sa.ack).toBe((syn.seq + 1) >>> 0);
    sim.runFor(2000);
    expect(api.tcpInfo(fd)?.tcpi_state).toBe(1);
    expect(seg(peer, 1).ack).toBe(101);
    expect(seg(peer, 1).id).toBeGreaterThan(sa.id);
  });
  it("SO_ERROR reports ECONNREFUSED once; a blocking connect waits for the answer", () => {
    const { sim, api, peer } = pair();
    const fd = api.socket().ret;
    const c = api.connect(fd, "10.0.0.2", 5555);
    expect("pending" in c).toBe(true);
    sim.runFor(1000);
    const syn = seg(peer, 0);
    peer.injectAt(sim.now + 5000, { dst: syn.src, flags: { rst: true }, seq: 0, ack: 1, ackRelative: true });
    const r = SocketApi.wait(sim, c);
    expect(r).toEqual({ ret: -1, errno: "ECONNREFUSED" });
    expect(sim.now).toBe(7000);
    expect(api.getsockopt(fd, "SO_ERROR").out).toBe(0);
    const fd2 = api.socket().ret;
    expect(fd2).toBe(fd + 1);
    expect(ERRNO_NUMBER.ECONNREFUSED).toBe(111);
  });
  it("shutdown(SHUT_RD) on a listener stops it listening (Linux); SIOCINQ on a listener is EINVAL", () => {
    const { sim, api, peer } = pair();
    const fd = api.socket().ret;
    expect(api.bind(fd, undefined, 80).ret).toBe(0);
    expect(api.listen(fd, 5).ret).toBe(0);
    expect(api.ioctl(fd, "SIOCINQ")).toEqual({ ret: -1, errno: "EINVAL" });
    expect(api.shutdown(fd, "SHUT_RD").ret).toBe(0);
    peer.inject({ dst: { ip: "10.0.0.1", port: 80 }, flags: { syn: true }, seq: 1 });
    sim.runFor(3000);
    expect(seg(peer, 0).ctl.rst).toBe(true);
    expect(api.accept(fd)).toEqual({ ret: -1, errno: "EINVAL" });
  });
  it("simultaneous open through the core API: data written in SYN_RECV goes out once the peer's SYN-ACK arrives", () => {
    const { sim, peer } = pair();
    const c = sim.host("h").connect({ ip: "10.0.0.2", port: 5555 });
    if (!c.ok) throw new Error(c.errno);
    sim.runFor(1000);
    peer.inject({ dst: c.local, flags: { syn: true }, seq: 0 });
    sim.runFor(2000);
    expect(c.state).toBe("SYN_RECV");
    expect(c.send(10).ok).toBe(true);
    peer.inject({ dst: c.local, flags: { syn: true }, seq: 0, ack: 1, ackRelative: true });
    sim.runFor(2000);
    expect(c.state).toBe("ESTABLISHED");
    expect(peer.received.map((r) => `${flagString(r.seg)} ${r.seg.len}`)).toEqual(["S 0", "S. 0", "P. 10"]);
  });
});
