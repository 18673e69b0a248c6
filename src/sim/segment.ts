/**
 * A TCP segment as the simulation carries it. Only what connection setup and
 * teardown need is modelled: no payload bytes, only their count.
 */
import type { SeqNum } from "./seq.ts";

/** Simulated time in microseconds since the start of a run. Integers only. */
export type Micros = number;

export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

/**
 * Control bits. ACK is not a flag here: a segment carries the ACK bit exactly
 * when `ack` is a number, so "ACK flag without an ack field" cannot be built.
 */
export interface ControlBits {
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly psh: boolean;
}

/** RFC 7323 timestamp option. */
export interface TimestampOption {
  readonly val: number;
  readonly ecr: number;
}

/** The options that matter for connection setup (RFC 9293 §3.2, RFC 7323, RFC 2018). */
export interface TcpOptions {
  readonly mss?: number;
  readonly sackPermitted?: boolean;
  readonly windowScale?: number;
  readonly timestamp?: TimestampOption;
}

export interface Segment {
  /** Unique per run, assigned from a counter, never reused. */
  readonly id: number;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly seq: SeqNum;
  /** Present exactly when the ACK bit is set. */
  readonly ack?: SeqNum;
  readonly ctl: ControlBits;
  readonly window: number;
  /** Payload length in bytes. */
  readonly len: number;
  readonly options: TcpOptions;
}

/** Sequence space a segment occupies: data plus one for SYN and one for FIN (RFC 9293 §3.4). */
export function segmentSeqLength(s: Pick<Segment, "len" | "ctl">): number {
  return s.len + (s.ctl.syn ? 1 : 0) + (s.ctl.fin ? 1 : 0);
}

/** Flags in tcpdump's order and letters: S, F, R, P, "." for ACK. */
export function flagString(s: Pick<Segment, "ctl" | "ack">): string {
  let out = "";
  if (s.ctl.syn) out += "S";
  if (s.ctl.fin) out += "F";
  if (s.ctl.rst) out += "R";
  if (s.ctl.psh) out += "P";
  if (s.ack !== undefined) out += ".";
  return out;
}
