/**
 * Scripted network faults ("drop the SYN-ACK", "drop the 3rd segment from
 * the client", "duplicate the FIN", "delay this segment by 90 s") and the
 * predicates lessons use to pick segments.
 */
import type { Micros, Segment } from "../segment.ts";

export type FaultAction = "drop" | "duplicate" | { readonly delay: Micros };

export interface FaultRule {
  /** Only segments sent by this host (or NAT) name. */
  readonly from?: string;
  /** Only segments whose next hop is this host name. */
  readonly to?: string;
  /** Only segments for which this returns true. */
  readonly match?: (seg: Segment) => boolean;
  /** Act on the nth segment that passes the filters (1-based). Default 1. */
  readonly nth?: number;
  /** How many consecutive matches to act on, starting at nth. Default 1; Infinity for all. */
  readonly count?: number;
  readonly action: FaultAction;
  /** Free text for the trace ("lose the final ACK"). */
  readonly label?: string;
}

/** Predicates over segments, for FaultRule.match. */
export const match = {
  syn: (s: Segment): boolean => s.ctl.syn && s.ack === undefined,
  synAck: (s: Segment): boolean => s.ctl.syn && s.ack !== undefined,
  fin: (s: Segment): boolean => s.ctl.fin,
  rst: (s: Segment): boolean => s.ctl.rst,
  data: (s: Segment): boolean => s.len > 0,
  /** An ACK with no data and no SYN/FIN/RST. */
  pureAck: (s: Segment): boolean => s.ack !== undefined && s.len === 0 && !s.ctl.syn && !s.ctl.fin && !s.ctl.rst,
  /** The segment going to or from a given port. */
  port:
    (port: number) =>
    (s: Segment): boolean =>
      s.src.port === port || s.dst.port === port,
  all:
    (...ps: ((s: Segment) => boolean)[]) =>
    (s: Segment): boolean =>
      ps.every((p) => p(s)),
};

export class FaultState {
  readonly rule: FaultRule;
  seen = 0;
  constructor(rule: FaultRule) {
    this.rule = rule;
  }

  /** Count the segment if it passes the filters; return the action to take, if any. */
  apply(seg: Segment, from: string, to: string): FaultAction | undefined {
    const r = this.rule;
    if (r.from !== undefined && r.from !== from) return undefined;
    if (r.to !== undefined && r.to !== to) return undefined;
    if (r.match !== undefined && !r.match(seg)) return undefined;
    this.seen++;
    const nth = r.nth ?? 1;
    const count = r.count ?? 1;
    if (this.seen >= nth && this.seen < nth + count) return r.action;
    return undefined;
  }
}
