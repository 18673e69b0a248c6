/**
 * What a socket, a listener, a request socket and a TIME_WAIT mini-socket
 * need from the host they live on: the clock, the wire, the connection
 * table, the port table, counters and per-host numbers. `Host` implements
 * it; the TCP objects import this interface and never host.ts, so the
 * centre of the core has no import cycle (tests/unit/sim/structure.test.ts).
 */
import type { ControlBits, Endpoint, Micros, Segment, TcpOptions } from "../segment.ts";
import type { SeqNum } from "../seq.ts";
import type { Scheduler } from "../scheduler.ts";
import type { Tracer } from "../tracer.ts";
import type { Rng } from "../rng.ts";
import type { Counters } from "../counters.ts";
import type { SysctlTable } from "../sysctl.ts";
import type { ProfileTraits } from "../profiles.ts";
import type { KeyedHash } from "../isn.ts";
import type { KernelProfile } from "../scenarios/types.ts";
import type { PortTable } from "./ports.ts";
import type { TableEntry } from "./table-entry.ts";

/** The part of a socket that connect()'s 4-tuple choice (Stack.activeOpen) reads and sets. */
export interface OpeningSocket extends TableEntry {
  readonly boundExplicitly: boolean;
  readonly boundIpOnly: boolean;
  readonly reuseAddr: boolean;
  fixedIsn: number | undefined;
  portHeld: boolean;
  hashed: boolean;
  key: number;
  setAddresses(localIp: string, localPort: number, remoteIp: string, remotePort: number): void;
  startHandshake(isn: SeqNum, takeover: { readonly recent: number; readonly stamp: Micros } | undefined): void;
}

export interface Stack {
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
  readonly fixedIsn: number | undefined;
  readonly now: Micros;
  readonly stats: {
    synAcceptedFromTimeWait: number;
    synAckedByTimeWait: number;
    timeWaitAssassinated: number;
  };
  /** TIME_WAIT sockets alive (tcp_max_tw_buckets is checked against it). */
  twCount: number;
  nextSocketId(): number;

  // the wire
  emit(
    src: Endpoint,
    dst: Endpoint,
    seq: SeqNum,
    ack: SeqNum | undefined,
    ctl: ControlBits,
    len: number,
    window: number,
    options: TcpOptions,
  ): void;
  sendResetFor(seg: Segment): void;

  // numbers
  tsNow(offset: number): number;
  tsOffsetFor(localIp: string, localPort: number, remoteIp: string, remotePort: number): number;
  secureIsn(localIp: string, localPort: number, remoteIp: string, remotePort: number): SeqNum;
  provenPeer(ip: string): void;
  isProvenPeer(ip: string): boolean;
  rememberPeerTimestamp(ip: string, ts: number): void;
  peerTimestamp(ip: string): { readonly ts: number; readonly at: Micros } | undefined;

  // the connection table and the listeners
  /** The connection-table key of a 4-tuple (tcp/conn-table.ts). */
  connKey(localIp: string, localPort: number, remoteIp: string, remotePort: number): number;
  /** The IPs of a key made by connKey(). */
  keyLocalIp(key: number): string;
  keyRemoteIp(key: number): string;
  insertConn(key: number, c: TableEntry): void;
  replaceConn(key: number, c: TableEntry): void;
  removeConn(c: TableEntry): void;
  removeListener(l: { readonly port: number }): void;
  /** tcp_v4_rcv() TCP_TW_SYN: hand a SYN accepted by a TIME_WAIT socket to the listener. */
  synFromTimeWait(tw: { kill(): void }, seg: Segment, isn: SeqNum): boolean;
  /** The body of connect(): choose the 4-tuple and send the SYN; an errno on failure. */
  activeOpen(
    s: OpeningSocket,
    dst: { readonly ip: string; readonly port: number },
  ): "EINVAL" | "EADDRNOTAVAIL" | undefined;
}
