/**
 * The trace: everything a run did, in order. Widgets, the CLI, the pcap
 * writer and the quiz engine all read runs through this one shape.
 */
import type { Endpoint, Micros, Segment } from "./segment.ts";

/** TCP states, named as Linux names them (include/net/tcp_states.h). */
export type TcpState =
  | "CLOSED"
  | "LISTEN"
  | "SYN_SENT"
  | "SYN_RECV"
  | "ESTABLISHED"
  | "FIN_WAIT1"
  | "FIN_WAIT2"
  | "CLOSE_WAIT"
  | "CLOSING"
  | "LAST_ACK"
  | "TIME_WAIT";

/** Errors a socket call can return, named like errno. */
export type Errno =
  | "EADDRNOTAVAIL"
  | "EADDRINUSE"
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "ETIMEDOUT"
  | "EINVAL"
  | "ENOTCONN"
  | "EISCONN"
  | "EAGAIN"
  | "EPIPE"
  | "EBADF";

export type TimerName =
  "retransmit" | "loss_probe" | "synack" | "time_wait" | "fin_wait2" | "keepalive" | "linger" | "delayed";

/** Why the network or a host discarded a segment. */
export type DropReason =
  | "fault" // scripted or random loss on the link
  | "syn_queue_full" // listener request queue over backlog, cookies off
  | "syn_max_backlog" // the 3/4 tcp_max_syn_backlog rule (cookies off)
  | "accept_queue_full" // ListenOverflows
  | "paws" // timestamp older than ts_recent
  | "tw_recycle" // pre-4.12 per-peer timestamp check
  | "invalid" // anything else the receiver ignored
  | "no_route" // no link toward the destination address (e.g. a spoofed source)
  | "host_down" // the receiving host was switched off
  | "nat_no_mapping"; // a NAT had no translation for the segment

export interface SocketRef {
  readonly host: string;
  readonly local: Endpoint;
  readonly remote?: Endpoint;
}

export type TraceEvent =
  | { readonly t: Micros; readonly kind: "send"; readonly host: string; readonly seg: Segment }
  | { readonly t: Micros; readonly kind: "deliver"; readonly host: string; readonly seg: Segment }
  | {
      readonly t: Micros;
      readonly kind: "drop";
      readonly host: string;
      readonly seg: Segment;
      readonly reason: DropReason;
    }
  | {
      readonly t: Micros;
      readonly kind: "state";
      readonly sock: SocketRef;
      readonly from: TcpState;
      readonly to: TcpState;
    }
  | {
      readonly t: Micros;
      readonly kind: "timer";
      readonly sock: SocketRef;
      readonly timer: TimerName;
      readonly action: "arm" | "fire" | "cancel";
      /** Deadline, for "arm". */
      readonly at?: Micros;
    }
  | {
      readonly t: Micros;
      readonly kind: "call";
      readonly host: string;
      readonly call: string;
      readonly result: "ok" | Errno;
      readonly sock?: SocketRef;
    }
  | {
      readonly t: Micros;
      readonly kind: "counter";
      readonly host: string;
      readonly name: string;
      readonly value: number;
    }
  | { readonly t: Micros; readonly kind: "note"; readonly text: string };
