/**
 * Groups a capture's TCP segments into connections (one per incarnation of a
 * 4-tuple), infers both sides' states from what each side sent, and flags
 * what the lessons explain: SYN retries against Linux's schedule, a SYN to a
 * 4-tuple still in TIME_WAIT, a port reused within 60 s, RST after close with
 * unread data, challenge ACKs.
 */
import type { TcpState } from "../sim/index.ts";
import { msg, type Message } from "./message.ts";
import type { TcpPacket } from "./pcap-read.ts";

/** Linux's initial retransmission timeout for a SYN (TCP_TIMEOUT_INIT), in seconds. */
export const SYN_RTO_SECONDS = 1;
/** Default net.ipv4.tcp_syn_linear_timeouts (Linux 6.7+): that many retries keep the 1 s timeout before it doubles. */
export const SYN_LINEAR_TIMEOUTS = 4;

/** The gap Linux waits before SYN retry n (1-based): five 1 s gaps, then 2, 4, 8... s (lab/results/syn-retries). */
export function expectedSynGap(n: number, linear = SYN_LINEAR_TIMEOUTS): number {
  return n <= linear + 1 ? SYN_RTO_SECONDS : SYN_RTO_SECONDS * 2 ** (n - linear - 1);
}
/** How long Linux keeps TIME_WAIT (TCP_TIMEWAIT_LEN), in microseconds. */
export const TIME_WAIT_MICROS = 60_000_000;

export interface Side {
  readonly ip: string;
  readonly port: number;
}

export interface StateChange {
  /** Index of the packet (in the connection) at which the change is drawn. */
  readonly at: number;
  /** 0 = client (sent the first SYN, or the first packet), 1 = server. */
  readonly side: 0 | 1;
  readonly from: TcpState;
  readonly to: TcpState;
}

export interface Flag extends Message {
  /** Packet index in the connection the flag is about. */
  readonly at: number;
  /** Site path of the lesson that explains it. */
  readonly link: string;
}

export interface Connection {
  readonly id: number;
  readonly client: Side;
  readonly server: Side;
  /** True when the capture shows the client's SYN (the roles are then certain). */
  readonly sawSyn: boolean;
  readonly packets: TcpPacket[];
  /** Direction of each packet: 0 client → server, 1 server → client. */
  readonly dirs: (0 | 1)[];
  readonly changes: StateChange[];
  readonly states: [TcpState, TcpState];
  readonly flags: Flag[];
  /** Initial sequence numbers, when the SYNs were seen. */
  isn: [number | undefined, number | undefined];
}

const keyOf = (a: Side, b: Side): string => `${a.ip}|${a.port}|${b.ip}|${b.port}`;

const LINKS = {
  synRetry: "/handshake/three-way-handshake/",
  synToTimeWait: "/closing/time-wait/",
  portReuse: "/short-connections/port-exhaustion/",
  rstUnread: "/closing/time-wait/",
  challengeAck: "/closing/time-wait/",
  synAckRetry: "/handshake/three-way-handshake/",
} as const;

interface Live extends Connection {
  /** Highest sequence (end of data/FIN) each side sent. */
  nextSeq: [number | undefined, number | undefined];
  finSeq: [number | undefined, number | undefined];
  /** Data bytes each side sent. */
  dataSent: [number, number];
  synTimes: number[];
  synAckTimes: number[];
  lastT: number;
  /** Time the connection reached TIME_WAIT on either side, and which side. */
  timeWait: { t: number; side: 0 | 1 } | undefined;
}

/** Wraps a 32-bit difference: a after b? */
const after = (a: number, b: number): boolean => ((a - b) | 0) > 0;

function setState(c: Live, side: 0 | 1, to: TcpState, at: number, t: number): void {
  const from = c.states[side];
  if (from === to) return;
  c.states[side] = to;
  c.changes.push({ at, side, from, to });
  if (to === "TIME_WAIT") c.timeWait = { t, side };
}

/** Groups packets (in capture order) into connections. */
export function groupConnections(packets: readonly TcpPacket[]): Connection[] {
  const all: Live[] = [];
  const current = new Map<string, Live>();
  /** Last time each client ip:port was seen, and in which connection. */
  const portLast = new Map<string, Live>();

  const start = (p: TcpPacket, client: Side, server: Side, sawSyn: boolean): Live => {
    const c: Live = {
      id: all.length,
      client,
      server,
      sawSyn,
      packets: [],
      dirs: [],
      changes: [],
      states: sawSyn ? ["CLOSED", "LISTEN"] : ["ESTABLISHED", "ESTABLISHED"],
      flags: [],
      isn: [undefined, undefined],
      nextSeq: [undefined, undefined],
      finSeq: [undefined, undefined],
      dataSent: [0, 0],
      synTimes: [],
      synAckTimes: [],
      lastT: p.t,
      timeWait: undefined,
    };
    all.push(c);
    const key = keyOf(client, server);
    current.set(key, c);
    current.set(keyOf(server, client), c);
    // A port reused within 60 s, and a SYN to a 4-tuple in TIME_WAIT.
    const portKey = `${client.ip}|${client.port}`;
    const prev = portLast.get(portKey);
    if (sawSyn && prev && p.t - prev.lastT < TIME_WAIT_MICROS) {
      const same = prev.client.ip === client.ip && prev.server.ip === server.ip && prev.server.port === server.port;
      const gap = ((p.t - prev.lastT) / 1e6).toFixed(3);
      if (same && prev.timeWait) {
        const who = prev.timeWait.side === 0 ? "client" : "server"; // a strings key
        c.flags.push({
          ...msg("flag.synToTimeWait", { prev: prev.id + 1, gap, side: who }),
          at: 0,
          link: LINKS.synToTimeWait,
        });
      } else {
        c.flags.push({
          ...msg("flag.portReuse", { prev: prev.id + 1, gap, port: client.port }),
          at: 0,
          link: LINKS.portReuse,
        });
      }
    }
    portLast.set(portKey, c);
    return c;
  };

  for (const p of packets) {
    const src = { ip: p.src, port: p.sport };
    const dst = { ip: p.dst, port: p.dport };
    let c = current.get(keyOf(src, dst));
    const pureSyn = p.syn && p.ack === undefined;
    if (pureSyn && c) {
      const isRetry =
        c.isn[0] !== undefined && c.isn[0] === p.seq && c.client.ip === src.ip && c.client.port === src.port;
      if (!isRetry) {
        // A new SYN on a known 4-tuple: a new incarnation, unless the old one
        // is still open on the receiving side (then the old side answers it).
        const receiver = c.client.ip === dst.ip && c.client.port === dst.port ? 0 : 1;
        const rs = c.states[receiver];
        if (rs === "ESTABLISHED" || rs === "CLOSE_WAIT" || rs === "FIN_WAIT2" || rs === "FIN_WAIT1") {
          // keep c: the old connection will answer (challenge ACK)
          c.flags.push({ ...msg("flag.synToOpen", { state: rs }), at: c.packets.length, link: LINKS.challengeAck });
        } else c = undefined;
      }
    }
    if (!c) c = pureSyn ? start(p, src, dst, true) : start(p, src, dst, false);
    const dir: 0 | 1 = c.client.ip === src.ip && c.client.port === src.port ? 0 : 1;
    const other: 0 | 1 = dir === 0 ? 1 : 0;
    const at = c.packets.length;
    c.packets.push(p);
    c.dirs.push(dir);
    c.lastT = p.t;
    const endSeq = (p.seq + p.len + (p.syn ? 1 : 0) + (p.fin ? 1 : 0)) >>> 0;
    const prevNext = c.nextSeq[dir];
    if (prevNext === undefined || after(endSeq, prevNext)) c.nextSeq[dir] = endSeq;
    c.dataSent[dir] += p.len;

    if (p.rst) {
      // RST after close with data unread: the sender never sent a FIN, got data, and resets.
      if (
        c.finSeq[dir] === undefined &&
        c.dataSent[other] > 0 &&
        p.seq === c.nextSeq[dir] &&
        c.states[dir] !== "CLOSED"
      ) {
        c.flags.push({ ...msg("flag.rstUnread", { bytes: c.dataSent[other] }), at, link: LINKS.rstUnread });
      } else if (c.finSeq[dir] !== undefined && c.dataSent[other] > 0) {
        c.flags.push({ ...msg("flag.rstAfterFin"), at, link: LINKS.rstUnread });
      }
      setState(c, dir, "CLOSED", at, p.t);
      if (c.states[other] !== "TIME_WAIT") setState(c, other, "CLOSED", at, p.t);
      continue;
    }
    if (p.syn && p.ack === undefined) {
      c.isn[dir] = p.seq;
      c.synTimes.push(p.t);
      const n = c.synTimes.length;
      if (n >= 2) {
        const gap = (p.t - (c.synTimes[n - 2] ?? p.t)) / 1e6;
        const expected = expectedSynGap(n - 1);
        // Timers are never early and may be late by the timer wheel's granularity.
        const onTime = gap >= expected - 0.05 && gap <= expected * 1.3 + 0.1;
        c.flags.push({
          ...msg(onTime ? "flag.synRetry" : "flag.synRetryOff", { n: n - 1, gap: gap.toFixed(3), expected }),
          at,
          link: LINKS.synRetry,
        });
      }
      setState(c, dir, "SYN_SENT", at, p.t);
      if (c.states[other] === "LISTEN" || c.states[other] === "CLOSED") setState(c, other, "SYN_RECV", at, p.t);
      continue;
    }
    if (p.syn && p.ack !== undefined) {
      c.isn[dir] = p.seq;
      c.synAckTimes.push(p.t);
      const n = c.synAckTimes.length;
      if (n >= 2) {
        const gap = (p.t - (c.synAckTimes[n - 2] ?? p.t)) / 1e6;
        c.flags.push({ ...msg("flag.synAckRetry", { n: n - 1, gap: gap.toFixed(3) }), at, link: LINKS.synAckRetry });
      }
      setState(c, dir, "SYN_RECV", at, p.t);
      if (c.states[other] === "SYN_SENT") setState(c, other, "ESTABLISHED", at, p.t);
      continue;
    }
    // A bare ACK answering a SYN that the other side just sent: a challenge ACK
    // (RFC 5961 §4) from an open connection, or TIME_WAIT's ACK.
    const prevPacket = c.packets[at - 1];
    if (
      prevPacket &&
      c.dirs[at - 1] === other &&
      prevPacket.syn &&
      prevPacket.ack === undefined &&
      p.ack !== undefined &&
      p.ack !== (prevPacket.seq + 1) >>> 0
    ) {
      c.flags.push({ ...msg("flag.challengeAck", { state: c.states[dir] }), at, link: LINKS.challengeAck });
    }
    if (p.ack !== undefined) {
      if (c.states[dir] === "SYN_RECV" && c.states[other] === "ESTABLISHED") setState(c, dir, "ESTABLISHED", at, p.t);
      if (c.states[dir] === "SYN_RECV" && c.states[other] === "SYN_RECV") setState(c, dir, "ESTABLISHED", at, p.t);
      // This ACK may acknowledge the other side's FIN.
      const otherFin = c.finSeq[other];
      if (otherFin !== undefined && !after((otherFin + 1) >>> 0, p.ack)) {
        const os = c.states[other];
        if (os === "FIN_WAIT1") setState(c, other, p.fin ? "FIN_WAIT2" : "FIN_WAIT2", at, p.t);
        else if (os === "CLOSING") setState(c, other, "TIME_WAIT", at, p.t);
        else if (os === "LAST_ACK") setState(c, other, "CLOSED", at, p.t);
      }
      if (c.states[other] === "SYN_RECV") setState(c, other, "ESTABLISHED", at, p.t);
    }
    if (p.fin) {
      if (c.finSeq[dir] === undefined) c.finSeq[dir] = (p.seq + p.len) >>> 0;
      const s = c.states[dir];
      if (s === "ESTABLISHED" || s === "SYN_RECV") setState(c, dir, "FIN_WAIT1", at, p.t);
      else if (s === "CLOSE_WAIT") setState(c, dir, "LAST_ACK", at, p.t);
      // The receiver of this FIN.
      const os = c.states[other];
      if (os === "ESTABLISHED") setState(c, other, "CLOSE_WAIT", at, p.t);
      else if (os === "FIN_WAIT1") setState(c, other, "CLOSING", at, p.t);
      else if (os === "FIN_WAIT2") setState(c, other, "TIME_WAIT", at, p.t);
      // A FIN that also acknowledges the receiver's FIN (FIN_WAIT1 → FIN_WAIT2 happened above).
    }
    // After the last ACK of a FIN: a FIN_WAIT2 side that got the peer's FIN moves on when it ACKs it.
    if (p.ack !== undefined && !p.fin) {
      const otherFin = c.finSeq[other];
      if (otherFin !== undefined && !after((otherFin + 1) >>> 0, p.ack)) {
        if (c.states[dir] === "FIN_WAIT2" || c.states[dir] === "CLOSING") setState(c, dir, "TIME_WAIT", at, p.t);
      }
    }
  }
  return all;
}

/** Relative sequence and acknowledgement numbers of a packet in its connection, as Wireshark shows them. */
export function relativeNumbers(c: Connection, index: number): { seq: number; ack: number | undefined } {
  const p = c.packets[index];
  const dir = c.dirs[index] ?? 0;
  if (!p) return { seq: 0, ack: undefined };
  const base = c.isn[dir] ?? firstSeq(c, dir);
  const otherBase = c.isn[dir === 0 ? 1 : 0] ?? firstSeq(c, dir === 0 ? 1 : 0);
  return {
    seq: (p.seq - base) >>> 0,
    ack: p.ack === undefined || otherBase === undefined ? p.ack : (p.ack - otherBase) >>> 0,
  };
}

function firstSeq(c: Connection, dir: 0 | 1): number {
  const i = c.dirs.indexOf(dir);
  const p = c.packets[i];
  // Without a SYN the first segment's seq is the base (Wireshark does the same).
  return p ? p.seq : 0;
}
