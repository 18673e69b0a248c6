/**
 * A host: its addresses, sysctl table, counters, connection table (ehash),
 * listeners and ports. It demultiplexes incoming segments (tcp_v4_rcv():
 * established/request/TIME_WAIT table first, then listeners, else RST) and
 * owns the socket-call entry points a learner uses.
 */
import { ssStateName } from "./ss-names.ts";
import type { Endpoint, Micros, Segment, TcpOptions, ControlBits } from "./segment.ts";
import { segmentSeqLength } from "./segment.ts";
import { seqAdd, type SeqNum } from "./seq.ts";
import type { SsRow, KernelProfile } from "./scenarios/types.ts";
import type { TcpState } from "./trace.ts";
import type { Scheduler } from "./scheduler.ts";
import type { Tracer } from "./tracer.ts";
import type { Rng } from "./rng.ts";
import type { NetNode, Network } from "./net/network.ts";
import { Counters, type CounterName } from "./counters.ts";
import { SysctlTable } from "./sysctl.ts";
import { PROFILES, type ProfileTraits } from "./profiles.ts";
import { KeyedHash, linuxIsn, tsClock } from "./isn.ts";
import { ipToU32, isValidIp } from "./addr.ts";
import { PortTable } from "./tcp/ports.ts";
import { type TableEntry } from "./tcp/table-entry.ts";
import { MSS_DEFAULT, SEC } from "./tcp/constants.ts";
import { ConnTable, type Conn, type LazyConns } from "./tcp/conn-table.ts";
import { PortChooser } from "./tcp/port-choice.ts";
import type { OpeningSocket, Stack } from "./tcp/stack.ts";
import { TcpSocket, sysError, type SysError } from "./tcp/socket.ts";
import { Listener, type ListenOptions } from "./tcp/listener.ts";
import { CTL_RST, NO_OPTIONS } from "./tcp/segments.ts";
import { knobId } from "./sysctl.ts";

// Knobs read once or more per connection, by index (sysctl.ts knobId()).
const K_TCP_TIMESTAMPS = knobId("net.ipv4.tcp_timestamps");

/** What a host needs from the simulation it lives in. */
export interface SimContext {
  readonly sched: Scheduler;
  readonly tracer: Tracer;
  readonly rng: Rng;
  readonly net: Network;
  readonly hasher: KeyedHash;
  nextSegmentId(): number;
  nextSocketId(): number;
}

export interface HostOptions {
  /** MSS we announce (default 1460). */
  readonly mss?: number;
  /** Kernel profile of this host (default: the simulation's). */
  readonly profile?: KernelProfile;
  /** Fixed ISN for every connection this host opens or accepts (a lesson's choice). */
  readonly isn?: number;
  /** Base of this host's timestamp clock (think uptime); default random from the seed. */
  readonly tsClock?: number;
  /** sysctl values for this host, as `sysctl -w` takes them. */
  readonly sysctl?: Readonly<Record<string, string | number>>;
}

export interface ConnectOptions {
  /** Bind this local port first (explicit bind; EADDRINUSE if taken). */
  readonly localPort?: number;
  /** Source address (must be one of the host's). */
  readonly localIp?: string;
  readonly reuseAddr?: boolean;
  readonly keepAlive?: boolean;
  /** SO_LINGER {on, 0}: close() sends RST and skips TIME_WAIT. */
  readonly linger0?: boolean;
  /** IP_BIND_ADDRESS_NO_PORT with localIp: choose the address now, the port at connect(). */
  readonly bindAddressNoPort?: boolean;
  /** Fixed ISN for this connection. */
  readonly isn?: number;
  readonly keepIdle?: number;
  readonly keepIntvl?: number;
  readonly keepCnt?: number;
  readonly synCnt?: number;
  /** SO_LINGER {1, N}: close() waits up to N seconds for the FIN to be acknowledged. */
  readonly linger?: number;
  /** TCP_USER_TIMEOUT in ms: drop the connection when data stays unacknowledged that long. */
  readonly userTimeout?: number;
  /** TCP_RTO_MAX_MS: this socket's RTO ceiling in ms (1000 to 120000). */
  readonly rtoMaxMs?: number;
}

/** ss's print_ms_timer(): "59sec", "4.804ms", "1min59sec". */
export function ssTimerText(ms: number): string {
  let msecs = Math.floor(ms) % 1000;
  let secs = Math.floor(ms / 1000);
  const minutes = Math.floor(secs / 60);
  secs %= 60;
  let out = "";
  if (minutes) {
    msecs = 0;
    out += `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    out += `${secs}${msecs ? "." : "sec"}`;
  }
  if (msecs) out += `${String(msecs).padStart(3, "0")}ms`;
  // Under 1 ms left (the kernel reports whole milliseconds): print ss's "%03ldms" of 0, never "".
  return out === "" ? "000ms" : out;
}

export type { LazyConns } from "./tcp/conn-table.ts";

export class Host implements NetNode, Stack {
  readonly name: string;
  readonly ips: readonly string[];
  readonly profile: KernelProfile;
  readonly traits: ProfileTraits;
  readonly sysctl: SysctlTable;
  readonly counterSet: Counters;
  readonly ports: PortTable;
  readonly sched: Scheduler;
  readonly tracer: Tracer;
  readonly rng: Rng;
  readonly hasher: KeyedHash;
  readonly mss: number;
  fixedIsn: number | undefined;
  /** Connection table: 4-tuple → socket, request socket or TIME_WAIT (tcp/conn-table.ts). */
  private readonly table = new ConnTable();
  /** connect()'s port choice and the tcp_tw_reuse rules (tcp/port-choice.ts). */
  readonly portChooser: PortChooser;
  private readonly listeners = new Map<number, Listener[]>();
  twCount = 0;
  /** Figures Linux has no counter for, kept for lessons. */
  readonly stats = {
    /** SYNs that found a TIME_WAIT socket and were accepted at once (new ISN = snd_nxt + 65537). */
    synAcceptedFromTimeWait: 0,
    /** SYNs that found a TIME_WAIT socket and were answered with an ACK instead. */
    synAckedByTimeWait: 0,
    /** TIME_WAIT sockets killed by an RST (RFC 1337 assassination). */
    timeWaitAssassinated: 0,
  };
  /** A switched-off host silently drops everything (a dead peer for keepalive). */
  down = false;
  private readonly ctx: SimContext;
  private readonly tsBase: number;
  private readonly proven = new Set<string>();
  /** Pre-4.12 per-peer timestamp cache (inet_peer / tcp_metrics) used by tw_recycle. */
  private readonly peerTs = new Map<string, { ts: number; at: Micros }>();

  constructor(ctx: SimContext, name: string, ips: readonly string[], profile: KernelProfile, opts: HostOptions = {}) {
    if (ips.length === 0) throw new Error(`host ${name} needs at least one address`);
    for (const ip of ips) if (!isValidIp(ip)) throw new Error(`host ${name}: not an IPv4 address: "${ip}"`);
    this.ctx = ctx;
    this.name = name;
    this.ips = [...ips];
    this.profile = opts.profile ?? profile;
    this.traits = PROFILES[this.profile];
    this.sysctl = new SysctlTable(this.profile);
    this.sched = ctx.sched;
    this.tracer = ctx.tracer;
    this.rng = ctx.rng;
    this.hasher = ctx.hasher;
    this.mss = opts.mss ?? MSS_DEFAULT;
    this.fixedIsn = opts.isn;
    this.tsBase = opts.tsClock ?? ctx.rng.u32();
    this.counterSet = new Counters(name, ctx.tracer);
    if (opts.sysctl !== undefined) for (const [k, v] of Object.entries(opts.sysctl)) this.sysctl.setOrThrow(k, v);
    this.ports = new PortTable(
      this.table,
      () => this.table.materialize(),
      this.sysctl.has("ip_local_port_range") ? this.sysctl.portRange() : [32768, 60999],
    );
    this.sysctl.onChange = (n) => {
      if (n === "net.ipv4.ip_local_port_range") this.ports.setRange(this.sysctl.portRange());
    };
    this.table.ports = this.ports;
    this.portChooser = new PortChooser(this);
  }

  /**
   * Connections the bulk fast path (scenarios/load.ts) keeps outside the table
   * as plain numbers. They are put into it, in their order, as soon as anything
   * looks at the table or adds to it, so no caller can tell the difference.
   */
  get lazyConns(): LazyConns | undefined {
    return this.table.lazy;
  }

  set lazyConns(l: LazyConns | undefined) {
    this.table.lazy = l;
  }

  get now(): Micros {
    return this.sched.now;
  }

  /** Connection table: 4-tuple → socket, request socket or TIME_WAIT (complete: see lazyConns). */
  get ehash(): ReadonlyMap<number, Conn> {
    return this.table.all();
  }

  /** Bring the fast path's connections into the table before anyone reads or extends it. */
  materialize(): void {
    this.table.materialize();
  }

  /** nstat-style counters, live. */
  get counters(): Readonly<Record<CounterName, number>> {
    return this.counterSet.values;
  }

  nextSocketId(): number {
    return this.ctx.nextSocketId();
  }

  // ---------------------------------------------------------------- wire

  emit(
    src: Endpoint,
    dst: Endpoint,
    seq: SeqNum,
    ack: SeqNum | undefined,
    ctl: ControlBits,
    len: number,
    window: number,
    options: TcpOptions,
  ): void {
    const id = this.ctx.nextSegmentId();
    const seg: Segment =
      ack === undefined
        ? { id, src, dst, seq, ctl, window, len, options }
        : { id, src, dst, seq, ack, ctl, window, len, options };
    this.ctx.net.transmit(this, seg);
  }

  /** Send a hand-made segment (spoofed SYNs of a flood, a raw RST...). */
  sendRaw(s: {
    readonly src: Endpoint;
    readonly dst: Endpoint;
    readonly seq: SeqNum;
    readonly ack?: SeqNum;
    readonly ctl?: Partial<ControlBits>;
    readonly len?: number;
    readonly window?: number;
    readonly options?: TcpOptions;
  }): void {
    const ctl: ControlBits = { syn: false, fin: false, rst: false, psh: false, ...s.ctl };
    this.emit(s.src, s.dst, s.seq, s.ack, ctl, s.len ?? 0, s.window ?? 64240, s.options ?? NO_OPTIONS);
  }

  /** RFC 9293 §3.10.7.1: the reset for a segment that matches no connection. */
  sendResetFor(seg: Segment): void {
    if (seg.ctl.rst) return;
    this.counterSet.inc("TcpOutRsts");
    if (seg.ack !== undefined) this.emit(seg.dst, seg.src, seg.ack, undefined, CTL_RST, 0, 0, NO_OPTIONS);
    else this.emit(seg.dst, seg.src, 0, seqAdd(seg.seq, segmentSeqLength(seg)), CTL_RST, 0, 0, NO_OPTIONS);
  }

  receive(seg: Segment): void {
    if (this.down) {
      this.tracer.drop(this.name, seg, "host_down");
      return;
    }
    const c = this.table.find(seg.dst.ip, seg.dst.port, seg.src.ip, seg.src.port);
    if (c !== undefined) {
      c.receive(seg);
      return;
    }
    const l = this.findListener(seg.dst.ip, seg.dst.port);
    if (l !== undefined) {
      l.receive(seg);
      return;
    }
    // No socket at all: CLOSED state (RFC 9293 §3.10.7.1).
    this.sendResetFor(seg);
  }

  // ---------------------------------------------------------------- numbers

  /** TSval this host's clock shows at time `t` for a connection with this offset. */
  tsValAt(t: Micros, offset: number): number {
    return (tsClock(t) + this.tsBase + offset) >>> 0;
  }

  /** TSval now for a connection with this offset. */
  tsNow(offset: number): number {
    return (tsClock(this.now) + this.tsBase + offset) >>> 0;
  }

  /** Per-connection timestamp offset, by profile (and tcp_timestamps=2: none). */
  tsOffsetFor(localIp: string, localPort: number, remoteIp: string, remotePort: number): number {
    // secure_tcp_ts_off(): offsets only when tcp_timestamps is exactly 1 (2, and 3..255, mean none).
    if (this.sysctl.numAt(K_TCP_TIMESTAMPS, 1) >= 2) return 0;
    switch (this.traits.tsOffsets) {
      case "per-4-tuple":
        return this.hasher.hash(ipToU32(localIp), ipToU32(remoteIp), ((localPort << 16) | remotePort) >>> 0, 0x7500);
      case "per-host-pair":
        return this.hasher.hash(ipToU32(localIp), ipToU32(remoteIp), 0, 0x7500);
      default:
        return 0;
    }
  }

  secureIsn(localIp: string, localPort: number, remoteIp: string, remotePort: number): SeqNum {
    return linuxIsn(this.hasher, localIp, localPort, remoteIp, remotePort, this.now);
  }

  provenPeer(ip: string): void {
    this.proven.add(ip);
  }

  isProvenPeer(ip: string): boolean {
    return this.proven.has(ip);
  }

  /** tcp_remember_stamp(): keep the newest timestamp seen from a peer IP. */
  rememberPeerTimestamp(ip: string, ts: number): void {
    const cur = this.peerTs.get(ip);
    if (cur === undefined || ((cur.ts - ts) | 0) <= 0 || this.now - cur.at >= 60 * SEC)
      this.peerTs.set(ip, { ts, at: this.now });
  }

  peerTimestamp(ip: string): { readonly ts: number; readonly at: Micros } | undefined {
    return this.peerTs.get(ip);
  }

  // ---------------------------------------------------------------- tables

  /** The connection-table key of a 4-tuple (tcp/conn-table.ts). */
  connKey(localIp: string, localPort: number, remoteIp: string, remotePort: number): number {
    return this.table.key(localIp, localPort, remoteIp, remotePort);
  }

  keyLocalIp(key: number): string {
    return this.table.localIpOf(key);
  }

  keyRemoteIp(key: number): string {
    return this.table.remoteIpOf(key);
  }

  /** The connection-table entry for a 4-tuple (local side first), if any. */
  findConn(localIp: string, localPort: number, remoteIp: string, remotePort: number): Conn | undefined {
    return this.table.find(localIp, localPort, remoteIp, remotePort);
  }

  insertConn(key: number, c: TableEntry): void {
    this.table.insert(key, c);
  }

  /** Put `c` where another object of the same 4-tuple was (child for request, TIME_WAIT for socket). */
  replaceConn(key: number, c: TableEntry): void {
    this.table.replace(key, c);
  }

  removeConn(c: TableEntry): void {
    this.table.remove(c);
  }

  findListener(ip: string, port: number): Listener | undefined {
    const ls = this.listeners.get(port);
    if (ls === undefined) return undefined;
    for (const l of ls) if (l.ip === ip) return l;
    for (const l of ls) if (l.ip === "0.0.0.0") return l;
    return undefined;
  }

  removeListener(l: Listener): void {
    const ls = this.listeners.get(l.port);
    if (ls === undefined) return;
    const i = ls.indexOf(l);
    if (i >= 0) ls.splice(i, 1);
    if (ls.length === 0) this.listeners.delete(l.port);
  }

  /** tcp_v4_rcv() TCP_TW_SYN: a SYN accepted from TIME_WAIT goes to the listener with its ISN. */
  synFromTimeWait(tw: { kill(): void }, seg: Segment, isn: SeqNum): boolean {
    const l = this.findListener(seg.dst.ip, seg.dst.port);
    if (l === undefined) return false;
    tw.kill();
    this.stats.synAcceptedFromTimeWait++;
    l.receive(seg, isn);
    return true;
  }

  // ---------------------------------------------------------------- socket calls

  /** socket(AF_INET, SOCK_STREAM): a fresh, unbound socket. */
  socket(): TcpSocket {
    return new TcpSocket(this);
  }

  /** socket() + options + optional bind() + connect(), in one call. */
  connect(dst: { readonly ip: string; readonly port: number }, opts: ConnectOptions = {}): TcpSocket | SysError {
    const s = this.socket();
    if (opts.reuseAddr) s.setsockopt("SO_REUSEADDR", true);
    if (opts.keepAlive) s.setsockopt("SO_KEEPALIVE", true);
    if (opts.linger0) s.setsockopt("SO_LINGER", 0);
    if (opts.bindAddressNoPort) s.setsockopt("IP_BIND_ADDRESS_NO_PORT", true);
    if (opts.keepIdle !== undefined) s.setsockopt("TCP_KEEPIDLE", opts.keepIdle);
    if (opts.keepIntvl !== undefined) s.setsockopt("TCP_KEEPINTVL", opts.keepIntvl);
    if (opts.keepCnt !== undefined) s.setsockopt("TCP_KEEPCNT", opts.keepCnt);
    if (opts.synCnt !== undefined) s.setsockopt("TCP_SYNCNT", opts.synCnt);
    if (opts.linger !== undefined) s.setsockopt("SO_LINGER", opts.linger);
    if (opts.userTimeout !== undefined) s.setsockopt("TCP_USER_TIMEOUT", opts.userTimeout);
    if (opts.rtoMaxMs !== undefined) s.setsockopt("TCP_RTO_MAX_MS", opts.rtoMaxMs);
    if (opts.isn !== undefined) s.fixedIsn = opts.isn;
    if (opts.localPort !== undefined || opts.localIp !== undefined) {
      const b = s.bind({
        ...(opts.localIp !== undefined ? { ip: opts.localIp } : {}),
        port: opts.localPort ?? 0,
      });
      if (!b.ok) return b;
    }
    const r = s.connect(dst);
    if (!r.ok) {
      s.close();
      return r;
    }
    return s;
  }

  /** The body of connect(): choose the 4-tuple and send the SYN. Returns an errno on failure. */
  activeOpen(
    s: OpeningSocket,
    dst: { readonly ip: string; readonly port: number },
  ): "EINVAL" | "EADDRNOTAVAIL" | undefined {
    if (!isValidIp(dst.ip) || !Number.isInteger(dst.port) || dst.port < 1 || dst.port > 65535) return "EINVAL";
    const localIp = s.boundExplicitly || s.boundIpOnly ? s.localIp : (this.ips[0] as string);
    let port: number;
    let takeover: { isn: SeqNum; recent: number; stamp: Micros } | undefined;
    if (s.boundExplicitly) {
      port = s.localPort;
      const existing = this.table.find(localIp, port, dst.ip, dst.port);
      if (existing !== undefined) {
        if (existing.kind !== "tw" || !this.portChooser.twReusable(existing, false)) return "EADDRNOTAVAIL";
        takeover = existing.takeOver();
        this.counterSet.inc("TcpExtTWRecycled");
      }
    } else {
      port = this.portChooser.chooseConnectPort(
        this.ports.dest(localIp, dst.ip, dst.port),
        localIp,
        ipToU32(localIp),
        dst.ip,
        ipToU32(dst.ip),
        dst.port,
      );
      if (port < 0) return "EADDRNOTAVAIL";
      const existing = this.table.find(localIp, port, dst.ip, dst.port);
      if (existing !== undefined && existing.kind === "tw") {
        takeover = existing.takeOver();
        this.counterSet.inc("TcpExtTWRecycled");
      }
      this.ports.acquire(port, s.reuseAddr, false);
      s.portHeld = true;
    }
    s.setAddresses(localIp, port, dst.ip, dst.port);
    s.key = this.table.key(localIp, port, dst.ip, dst.port);
    this.insertConn(s.key, s);
    s.hashed = true;
    const isn = takeover?.isn ?? s.fixedIsn ?? this.fixedIsn ?? this.secureIsn(localIp, port, dst.ip, dst.port);
    s.startHandshake(isn, takeover !== undefined ? { recent: takeover.recent, stamp: takeover.stamp } : undefined);
    return undefined;
  }

  /** socket() + bind() + listen(backlog). The effective backlog is min(backlog, somaxconn). */
  listen(port: number, backlog = 128, opts: ListenOptions = {}): Listener | SysError {
    const ip = opts.ip ?? "0.0.0.0";
    if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(backlog)) {
      this.tracer.call(this.name, `listen(${port})`, "EINVAL");
      return sysError("listen", "EINVAL");
    }
    if (ip !== "0.0.0.0" && !this.ips.includes(ip)) {
      this.tracer.call(this.name, `listen(${port})`, "EADDRNOTAVAIL");
      return sysError("bind", "EADDRNOTAVAIL");
    }
    if (this.ports.bindConflict(port, opts.reuseAddr ?? false) || (this.listeners.get(port)?.length ?? 0) > 0) {
      this.tracer.call(this.name, `listen(${port})`, "EADDRINUSE");
      return sysError("bind", "EADDRINUSE");
    }
    const l = new Listener(this, ip, port, backlog, opts);
    this.ports.acquire(port, l.reuseAddr, true, true);
    let ls = this.listeners.get(port);
    if (ls === undefined) this.listeners.set(port, (ls = []));
    ls.push(l);
    this.tracer.call(this.name, `listen(${port}, ${backlog})`, "ok", l.ref);
    l.setState("LISTEN");
    return l;
  }

  // ---------------------------------------------------------------- observation

  /** Sockets in a state, counted from the connection table (TIME_WAIT, SYN_RECV, ...). */
  count(state: TcpState): number {
    if (state === "TIME_WAIT") {
      let n = 0;
      for (const c of this.ehash.values()) if (c.kind === "tw" && c.state === "TIME_WAIT") n++;
      return n;
    }
    if (state === "LISTEN") {
      let n = 0;
      for (const ls of this.listeners.values()) n += ls.length;
      return n;
    }
    let n = 0;
    for (const c of this.ehash.values()) if (c.state === state) n++;
    return n;
  }

  /** `ss -tano` snapshot. */
  ss(): SsRow[] {
    const rows: SsRow[] = [];
    const now = this.now;
    for (const ls of this.listeners.values()) {
      for (const l of ls) {
        rows.push({
          host: this.name,
          state: "LISTEN",
          local: `${l.ip}:${l.port}`,
          peer: "0.0.0.0:*",
          recvQ: l.acceptQueue.length,
          sendQ: l.backlog,
        });
      }
    }
    for (const c of this.ehash.values()) {
      const base = {
        host: this.name,
        state: ssStateName(c.state),
        local: `${c.localIp}:${c.localPort}`,
        peer: `${c.remoteIp}:${c.remotePort}`,
      };
      let timer: string | undefined;
      let recvQ = 0;
      let sendQ = 0;
      if (c.kind === "tw") {
        timer = `timewait,${ssTimerText((c.deadline - now) / 1000)},0`;
      } else if (c.kind === "req") {
        timer = `on,${ssTimerText((c.deadline - now) / 1000)},${c.numTimeout}`;
      } else {
        const t = c.timerInfo();
        if (t !== undefined) timer = `${t.name},${ssTimerText((t.at - now) / 1000)},${t.count}`;
        recvQ = c.unread;
        sendQ = c.unsentOrUnacked();
      }
      rows.push(timer === undefined ? { ...base, recvQ, sendQ } : { ...base, timer, recvQ, sendQ });
    }
    return rows;
  }

  /** Set a sysctl (`sysctl -w`); throws a SysctlError worded like sysctl on failure. */
  setSysctl(name: string, value: string | number): void {
    this.sysctl.setOrThrow(name, value);
  }

  /** All sockets of this host that are connected (not TIME_WAIT, not half-open). */
  sockets(): TcpSocket[] {
    const out: TcpSocket[] = [];
    for (const c of this.ehash.values()) if (c.kind === "sock") out.push(c);
    return out;
  }
}
