import type { Segment } from "../sim/index.ts";

/**
 * The name people use for a segment: SYN, SYN-ACK, ACK, FIN-ACK, RST...
 * Protocol vocabulary, identical in every language, so it lives in code.
 */
export function segmentName(seg: Pick<Segment, "ctl" | "ack">): string {
  const ack = seg.ack !== undefined;
  if (seg.ctl.rst) return ack ? "RST-ACK" : "RST";
  if (seg.ctl.syn) return ack ? "SYN-ACK" : "SYN";
  if (seg.ctl.fin) return ack ? "FIN-ACK" : "FIN";
  return ack ? "ACK" : "—";
}
