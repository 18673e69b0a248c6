/**
 * The pcap explainer: reads a capture, groups its connections and turns one
 * connection into a trace the site's sequence-diagram renderer draws.
 */
import type { Segment, TraceEvent } from "../sim/index.ts";
import { groupConnections, type Connection } from "./flows.ts";
import type { InputIssue } from "./message.ts";
import { readCapture, type PcapResult } from "./pcap-read.ts";

export interface CaptureReport {
  readonly capture: PcapResult;
  readonly connections: readonly Connection[];
  readonly issues: readonly InputIssue[];
}

export function explainCapture(bytes: Uint8Array): CaptureReport {
  const capture = readCapture(bytes);
  const connections = groupConnections(capture.packets);
  return { capture, connections, issues: capture.issues };
}

/**
 * The connection as a trace of the core's shape: one "send" and one
 * "deliver" per packet (times relative to the connection's first packet)
 * and the inferred state changes, so buildSequence() draws it.
 */
export function connectionTrace(c: Connection, hosts: readonly [string, string]): TraceEvent[] {
  const t0 = c.packets[0]?.t ?? 0;
  const events: TraceEvent[] = [];
  const sides = [c.client, c.server] as const;
  let change = 0;
  c.packets.forEach((p, i) => {
    const dir = c.dirs[i] ?? 0;
    const t = p.t - t0;
    const seg: Segment = {
      id: i,
      src: { ip: p.src, port: p.sport },
      dst: { ip: p.dst, port: p.dport },
      seq: p.seq,
      ...(p.ack === undefined ? {} : { ack: p.ack }),
      ctl: { syn: p.syn, fin: p.fin, rst: p.rst, psh: p.psh },
      window: p.window,
      len: p.len,
      options: {},
    };
    const mine: TraceEvent[] = [];
    const theirs: TraceEvent[] = [];
    while (change < c.changes.length && c.changes[change]?.at === i) {
      const ch = c.changes[change];
      change++;
      if (!ch) continue;
      const side = sides[ch.side];
      const ev: TraceEvent = {
        t,
        kind: "state",
        sock: { host: hosts[ch.side], local: side },
        from: ch.from,
        to: ch.to,
      };
      (ch.side === dir ? mine : theirs).push(ev);
    }
    events.push(...mine);
    events.push({ t, kind: "send", host: hosts[dir], seg });
    events.push({ t, kind: "deliver", host: hosts[dir === 0 ? 1 : 0], seg });
    events.push(...theirs);
  });
  return events;
}
