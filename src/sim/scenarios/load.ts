/**
 * Shared engine for the bulk scenarios (port-exhaustion, proxy-backend):
 * open short connections at a fixed rate and sample once per second.
 * Arrivals are one self-rescheduling event, not a closure per connection,
 * so hour-long runs stay small.
 *
 * Bulk fast path (`fastPath: true`, which the scenarios set only at trace
 * level "none"): when a run can hold no surprise — see fastPathDelay() — a
 * connection that finds a free port is not played segment by segment.
 * Its port comes from the same PortChooser.chooseConnectPort() (same hash, same
 * RNG draws), its TIME_WAIT mini-socket is computed from the same constants
 * (ISN, timestamps, RTO: what the handshake would have produced) and put in
 * the connection table at once, and one macro event at t0 + 4 × delay —
 * the moment the client would process the server's FIN — counts it in and
 * arms its 60 s timer, which then expires through the normal engine. Connections
 * whose exchange would not be over by the end of the run, and every
 * connection of an ineligible run, take the full engine, so `ss` and counters
 * at the end are the same. tests/unit/sim/fastpath.test.ts checks that both
 * paths give identical summaries, series, counters and ss.
 */
import type { Simulation } from "../simulation.ts";
import type { Host } from "../host.ts";
import type { EventTarget } from "../scheduler.ts";
import { RCV_WND_SCALED, rtoFromSample, type TcpSocket } from "../tcp/socket.ts";
import type { Listener } from "../tcp/listener.ts";
import { TimeWaitSock } from "../tcp/timewait.ts";
import { ipToU32, isLoopback } from "../addr.ts";
import { BulkConns, type BulkDest, type BulkOwner } from "./bulk-conns.ts";
import { linuxIsn } from "../isn.ts";
import { seqAdd } from "../seq.ts";
import type { Micros } from "../segment.ts";

/** connect() options of a one-source-IP load (shared: connect() only reads them). */
const NO_CONNECT_OPTIONS = Object.freeze({});

export interface LoadSpec {
  readonly sim: Simulation;
  readonly client: Host;
  readonly server: Host;
  readonly listeners: readonly Listener[];
  readonly rate: number;
  readonly durationUs: number;
  /** Who closes first: the connecting side or the accepting side. */
  readonly closer: "client" | "server";
  readonly sourceIps: readonly string[];
  readonly serverIp: string;
  readonly requestBytes: number;
  readonly responseBytes: number;
  /** Allow the bulk fast path (only when nothing is traced; see the file comment). */
  readonly fastPath?: boolean;
}

export interface LoadStats {
  attempted: number;
  succeeded: number;
  failed: number;
  established: number;
  /** Connections advanced by the bulk fast path (0 when the full engine ran them all). */
  fastConnections: number;
  readonly perSecond: { clientTimeWait: number[]; serverTimeWait: number[]; successes: number[]; failures: number[] };
}

const TAG_ARRIVAL = 1;
const TAG_SAMPLE = 2;

/**
 * The link delay when the fast path is exact for this run, else undefined.
 * Eligible: the client closes first and no data is exchanged (the
 * port-exhaustion shape, 6 segments), the hosts share a plain link (no loss,
 * duplication, reordering or scripted fault, 1 µs..100 ms so no timer can
 * fire mid-exchange), both are up, no tw_recycle (pre-4.12), the server does
 * not force SYN cookies, and tcp_tw_reuse cannot apply (0, or 2 with no
 * loopback address): the client then never reuses a TIME_WAIT and the server
 * never holds one, so no SYN meets a TIME_WAIT.
 */
export function fastPathDelay(s: LoadSpec): Micros | undefined {
  if (s.closer !== "client" || s.requestBytes !== 0 || s.responseBytes !== 0) return undefined;
  const c = s.client;
  const v = s.server;
  if (c.down || v.down) return undefined;
  const d = s.sim.net.plainDelay(c, v);
  if (d === undefined || d < 1 || d > 100_000 || s.sim.net.owner(s.serverIp) !== v) return undefined;
  for (const h of [c, v]) if (h.sysctl.num("net.ipv4.tcp_tw_recycle", 0) !== 0) return undefined;
  if (v.sysctl.num("net.ipv4.tcp_syncookies", 1) === 2) return undefined;
  const reuse = c.sysctl.num("net.ipv4.tcp_tw_reuse", 0);
  const loop = isLoopback(s.serverIp) || s.sourceIps.some(isLoopback) || c.ips.some(isLoopback);
  if (!(reuse === 0 || (reuse === 2 && !loop))) return undefined;
  for (const l of s.listeners)
    if (l.state !== "LISTEN" || (l.ip !== "0.0.0.0" && l.ip !== s.serverIp)) return undefined;
  return d;
}

class LoadDriver implements EventTarget, BulkOwner {
  private readonly s: LoadSpec;
  readonly stats: LoadStats = {
    attempted: 0,
    succeeded: 0,
    failed: 0,
    established: 0,
    fastConnections: 0,
    perSecond: { clientTimeWait: [], serverTimeWait: [], successes: [], failures: [] },
  };
  private n = 0;
  private secOk = 0;
  private secFail = 0;
  private readonly interval: number;
  /** Link delay when the fast path is on, else -1. */
  private readonly fastDelay: number;
  /** Last arrival time that may take the fast path (its exchange ends before the run does). */
  private readonly fastUntil: Micros;
  private readonly clientHooks: Pick<TcpSocket, "onEstablished" | "onData" | "onPeerClose">;
  /** The fast path's connection store (undefined: every connection takes the full engine). */
  private readonly bulk: BulkConns | undefined;
  private readonly bulkDests: BulkDest[] = [];
  private readonly localU32: number[] = [];
  private readonly proven: number[] = [];
  /** (source IP number × listeners + listener number) → bulk destination number, -1 before first use. */
  private readonly destNos: number[];
  private readonly serverU32: number;

  constructor(s: LoadSpec) {
    this.s = s;
    this.interval = 1_000_000 / s.rate;
    const d = s.fastPath === true ? fastPathDelay(s) : undefined;
    this.fastDelay = d ?? -1;
    this.fastUntil = d === undefined ? -1 : s.sim.now + s.durationUs - 5 * d - 1;
    this.destNos = Array.from({ length: s.sourceIps.length * s.listeners.length }, () => -1);
    this.serverU32 = ipToU32(s.serverIp);
    if (d !== undefined && s.client.lazyConns === undefined) {
      this.bulk = new BulkConns(s.client, this, 4 * d);
      s.client.lazyConns = this.bulk;
    } else {
      this.bulk = undefined;
    }
    const st = this.stats;
    // One set of hook functions shared by every connection (no per-connection closures).
    this.clientHooks = {
      onEstablished: (c) => {
        st.established++;
        if (s.requestBytes > 0) c.send(s.requestBytes);
        else if (s.closer === "client") c.close();
      },
      onData: (c) => {
        c.read();
        if (s.closer === "client" && c.state === "ESTABLISHED") c.close();
      },
      onPeerClose: (c) => {
        c.read();
        c.close();
      },
    };
    const serverData = (a: TcpSocket) => {
      a.read();
      if (s.responseBytes > 0 && a.bytesWritten === 0) a.send(s.responseBytes);
      if (s.closer === "server" && a.state === "ESTABLISHED") a.close();
    };
    const serverPeerClose = (a: TcpSocket) => {
      a.read();
      a.close();
    };
    for (const l of s.listeners) {
      l.onConnection = (lst) => {
        const a = lst.accept();
        if (!a.ok) return;
        a.onData = serverData;
        a.onPeerClose = serverPeerClose;
        if (s.requestBytes === 0) {
          if (s.responseBytes > 0) a.send(s.responseBytes);
          if (s.closer === "server") a.close();
        }
      };
    }
  }

  start(): void {
    const sched = this.s.sim.sched;
    sched.schedule(sched.now, this, TAG_ARRIVAL);
    sched.schedule(sched.now + 1_000_000, this, TAG_SAMPLE);
  }

  onEvent(tag: number): void {
    const s = this.s;
    const sched = s.sim.sched;
    if (tag === TAG_SAMPLE) {
      const p = this.stats.perSecond;
      p.clientTimeWait.push(s.client.twCount);
      p.serverTimeWait.push(s.server.twCount);
      p.successes.push(this.secOk);
      p.failures.push(this.secFail);
      this.secOk = 0;
      this.secFail = 0;
      if (p.successes.length * 1_000_000 < s.durationUs) sched.schedule(sched.now + 1_000_000, this, TAG_SAMPLE);
      return;
    }
    const i = this.n++;
    const nIps = s.sourceIps.length;
    const ipNo = i % nIps;
    const lNo = Math.floor(i / nIps) % s.listeners.length;
    const ip = s.sourceIps[ipNo] as string;
    const l = s.listeners[lNo] as Listener;
    this.stats.attempted++;
    if (this.bulk !== undefined && sched.now <= this.fastUntil) {
      this.fastConnect(this.destFor(ipNo, lNo, ip, l));
    } else {
      this.fullConnect(ip, l);
    }
    const next = Math.round(this.n * this.interval);
    if (next < s.durationUs) sched.schedule(next, this, TAG_ARRIVAL);
  }

  private fullConnect(ip: string, l: Listener): void {
    const s = this.s;
    const c = s.client.connect(
      { ip: s.serverIp, port: l.port },
      s.sourceIps.length > 1 ? { localIp: ip, bindAddressNoPort: true } : NO_CONNECT_OPTIONS,
    );
    if (c.ok) {
      this.stats.succeeded++;
      this.secOk++;
      c.onEstablished = this.clientHooks.onEstablished;
      c.onData = this.clientHooks.onData;
      c.onPeerClose = this.clientHooks.onPeerClose;
    } else {
      this.stats.failed++;
      this.secFail++;
    }
  }

  /**
   * One eligible connection as the full engine would play it with link delay d
   * (tests/unit/sim/fastpath.test.ts holds the two together):
   *   t0     connect(): port, ISN, SYN                (client TcpActiveOpens)
   *   t0+d   server: request socket, SYN-ACK          (server ISN and TSval at t0+d)
   *   t0+2d  client: ESTABLISHED, ACK, close() → FIN  (RTO from the 2d sample)
   *   t0+3d  server: ESTABLISHED, FIN → CLOSE_WAIT → LAST_ACK, FIN-ACK (TcpPassiveOpens)
   *   t0+4d  client: FIN_WAIT2 → TIME_WAIT, last ACK  (TcpExtTW; bulk-conns.ts enter lane)
   *   t0+5d  server: CLOSED
   * Only the port choice happens now; the connection is two numbers in
   * BulkConns until something looks at it (then build() makes its socket).
   */
  private fastConnect(destNo: number): void {
    const s = this.s;
    const c = s.client;
    const bd = this.bulkDests[destNo] as BulkDest;
    const port = c.portChooser.chooseConnectPort(
      bd.index,
      bd.localIp,
      this.localU32[destNo] as number,
      s.serverIp,
      this.serverU32,
      bd.dstPort,
    );
    if (port < 0) {
      this.stats.failed++;
      this.secFail++;
      return;
    }
    (this.bulk as BulkConns).add(destNo, port);
    c.counterSet.inc("TcpActiveOpens");
    s.server.counterSet.inc("TcpPassiveOpens");
    if (this.proven[destNo] === 0) {
      // Idempotent: once per destination is enough.
      this.proven[destNo] = 1;
      c.provenPeer(s.serverIp);
      s.server.provenPeer(bd.localIp);
    }
    this.stats.succeeded++;
    this.stats.established++;
    this.stats.fastConnections++;
    this.secOk++;
  }

  /** The bulk destination for arrival `i` (source IP i mod n, listener ⌊i / n⌋ mod m), made on first use. */
  private destFor(ipNo: number, lNo: number, ip: string, l: Listener): number {
    const k = ipNo * this.s.listeners.length + lNo;
    let no = this.destNos[k] as number;
    if (no < 0) {
      const s = this.s;
      const localIp = s.sourceIps.length > 1 ? ip : (s.client.ips[0] as string);
      const bd: BulkDest = {
        index: s.client.ports.dest(localIp, s.serverIp, l.port),
        localIp,
        dstPort: l.port,
        listener: l,
      };
      no = (this.bulk as BulkConns).addDest(bd);
      this.bulkDests[no] = bd;
      this.localU32[no] = ipToU32(localIp);
      this.proven[no] = 0;
      this.destNos[k] = no;
    }
    return no;
  }

  /** BulkOwner: the TIME_WAIT mini-socket the full engine would hold (ISNs, timestamps, RTO as the handshake made them). */
  build(bd: BulkDest, port: number, t0: Micros, enteredAt: Micros): TimeWaitSock {
    const s = this.s;
    const c = s.client;
    const v = s.server;
    const d = this.fastDelay;
    const l = bd.listener;
    const localIp = bd.localIp;
    const dstPort = bd.dstPort;
    const ciss = c.fixedIsn ?? linuxIsn(c.hasher, localIp, port, s.serverIp, dstPort, t0);
    const clientTs = c.sysctl.num("net.ipv4.tcp_timestamps", 1) !== 0;
    const tsOn = clientTs && v.sysctl.num("net.ipv4.tcp_timestamps", 1) !== 0;
    const siss = l.fixedIsn ?? v.fixedIsn ?? linuxIsn(v.hasher, s.serverIp, dstPort, localIp, port, t0 + d);
    // The server's FIN-ACK (sent at t0+3d) is the last timestamp the client records, at t0+4d.
    const serverTsOffset = tsOn ? v.tsOffsetFor(s.serverIp, dstPort, localIp, port) : 0;
    return new TimeWaitSock(
      c,
      {
        key: c.connKey(localIp, port, s.serverIp, dstPort),
        localIp,
        localPort: port,
        remoteIp: s.serverIp,
        remotePort: dstPort,
        tsOn,
        wscaleOk: true,
        reuseAddr: false,
        sndMax: seqAdd(ciss, 2),
        rcvNxt: seqAdd(siss, 2),
        rcvWnd: RCV_WND_SCALED,
        tsRecent: tsOn ? v.tsValAt(t0 + 3 * d, serverTsOffset) : 0,
        tsRecentStamp: tsOn ? t0 + 4 * d : -1,
        tsOffset: c.tsOffsetFor(localIp, port, s.serverIp, dstPort),
        rto: rtoFromSample(2 * d),
      },
      "TIME_WAIT",
      enteredAt - c.now,
      true,
    );
  }

  /** TcpSocket.enterTimeWait() for a fast-path connection, including the tcp_max_tw_buckets overflow. */
  enterTimeWait(tw: TimeWaitSock): void {
    const c = this.s.client;
    if (c.twCount >= c.sysctl.num("net.ipv4.tcp_max_tw_buckets", Infinity)) {
      c.counterSet.inc("TcpExtTCPTimeWaitOverflow");
      tw.discardUnentered();
      return;
    }
    tw.enterLater();
  }
}

export function runLoad(spec: LoadSpec): LoadStats {
  const d = new LoadDriver(spec);
  const t0 = spec.sim.now;
  d.start();
  spec.sim.runUntil(t0 + spec.durationUs);
  return d.stats;
}

export function peak(xs: readonly number[]): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}
