/**
 * The runs questions are computed from. Every answer is read from a trace
 * of the shared simulation core; nothing here does sequence arithmetic.
 *
 * The `data-and-close` scenario does not take fixed ISNs and its
 * applications close the instant the peer's FIN arrives, which folds
 * CLOSE_WAIT into LAST_ACK. Quizzes need both ISNs chosen by the question and
 * the textbook four-segment close, so `runConversation` drives `Simulation`
 * directly: the passive side closes a little after the FIN arrives.
 */
import {
  Simulation,
  type KernelProfile,
  type Segment,
  type TcpState,
  type TraceEvent,
  type TcpSocket,
} from "../sim/index.ts";
import { segmentName } from "../diagram/segment-name.ts";
import type { SegmentRow } from "./types.ts";

export type Closer = "client" | "server" | "simultaneous";
export type Side = "client" | "server";

export interface ConversationSpec {
  readonly seed: number;
  readonly clientIsn: number;
  readonly serverIsn: number;
  readonly clientBytes: number;
  readonly serverBytes: number;
  readonly closer: Closer;
  readonly profile?: KernelProfile;
}

/** One-way link delay: 0.5 ms, the scenarios' default. */
const DELAY_US = 500;
/** When the first close() happens, long after the data has been acknowledged. */
const CLOSE_AT_US = 1_000_000;
/** How long the passive closer's application takes to call close() after reading EOF. */
const PASSIVE_CLOSE_DELAY_US = 200_000;
/** Long enough for TIME_WAIT to end under every profile (RFC: 240 s). */
const RUN_US = 300_000_000;

export const CLIENT_IP = "10.0.0.1";
export const SERVER_IP = "10.0.0.2";

/** Runs handshake, data both ways, and the close; returns the trace. */
export function runConversation(spec: ConversationSpec): readonly TraceEvent[] {
  const sim = new Simulation({ seed: spec.seed, profile: spec.profile ?? "linux", traceLevel: "all" });
  const client = sim.addHost("client", CLIENT_IP);
  const server = sim.addHost("server", SERVER_IP);
  sim.link(client, server, { delay: DELAY_US });
  const listener = server.listen(80, 128, { isn: spec.serverIsn });
  if (!listener.ok) throw new Error("quiz run: listen failed");
  const c = client.connect({ ip: SERVER_IP, port: 80 }, { isn: spec.clientIsn });
  if (!c.ok) throw new Error(`quiz run: connect failed with ${c.errno}`);
  let accepted: TcpSocket | undefined;
  const app = (s: TcpSocket): void => {
    s.onData = (x) => void x.read();
    s.onPeerClose = (x) => {
      x.read();
      if (spec.closer !== "simultaneous") sim.after(PASSIVE_CLOSE_DELAY_US, () => void x.close());
    };
  };
  app(c);
  c.onEstablished = () => {
    if (spec.clientBytes > 0) c.send(spec.clientBytes);
  };
  listener.onConnection = () => {
    const a = listener.accept();
    if (!a.ok) return;
    accepted = a;
    app(a);
    a.read();
    if (spec.serverBytes > 0) a.send(spec.serverBytes);
  };
  sim.at(CLOSE_AT_US, () => {
    if (spec.closer !== "server") c.close();
    if (spec.closer !== "client") accepted?.close();
  });
  sim.runFor(RUN_US);
  return sim.trace;
}

/** Which side sent a segment, from its source address. */
export function sideOf(seg: Segment): Side {
  return seg.src.ip === CLIENT_IP ? "client" : "server";
}

/** Every segment sent, in order. */
export function sentSegments(trace: readonly TraceEvent[]): Segment[] {
  const out: Segment[] = [];
  for (const e of trace) if (e.kind === "send") out.push(e.seg);
  return out;
}

/** A sent segment as a table row. */
export function segmentRow(seg: Segment): SegmentRow {
  const base = { from: sideOf(seg), name: segmentName(seg), seq: seg.seq, len: seg.len };
  return seg.ack === undefined ? base : { ...base, ack: seg.ack };
}

/** The first segment `side` sent that matches. */
export function firstSent(
  trace: readonly TraceEvent[],
  side: Side,
  test: (seg: Segment) => boolean,
): Segment | undefined {
  return sentSegments(trace).find((s) => sideOf(s) === side && test(s));
}

/**
 * The state `host`'s connection is in once it has processed the delivery of
 * segment `segId`: the last state change of that host among the events the
 * delivery caused (up to the next delivery or the clock moving on).
 * Listener sockets (no remote address) are ignored.
 */
export function stateAfterDelivery(trace: readonly TraceEvent[], host: Side, segId: number): TcpState | undefined {
  let state: TcpState = "CLOSED";
  let at = -1;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i] as TraceEvent;
    if (e.kind === "state" && e.sock.host === host && e.sock.remote !== undefined) state = e.to;
    if (e.kind === "deliver" && e.host === host && e.seg.id === segId) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const t = (trace[at] as TraceEvent).t;
  for (let i = at + 1; i < trace.length; i++) {
    const e = trace[i] as TraceEvent;
    if (e.t !== t || e.kind === "deliver") break;
    if (e.kind === "state" && e.sock.host === host && e.sock.remote !== undefined) state = e.to;
  }
  return state;
}

/** The next segment `host` sends after the delivery of `segId` (undefined: it sends nothing more). */
export function nextSentAfterDelivery(trace: readonly TraceEvent[], host: Side, segId: number): Segment | undefined {
  let seen = false;
  for (const e of trace) {
    if (e.kind === "deliver" && e.host === host && e.seg.id === segId) seen = true;
    else if (seen && e.kind === "send" && e.host === host) return e.seg;
  }
  return undefined;
}

/** Hosts that entered TIME_WAIT during the run. */
export function timeWaitHosts(trace: readonly TraceEvent[]): Side[] {
  const hosts = new Set<Side>();
  for (const e of trace) if (e.kind === "state" && e.to === "TIME_WAIT") hosts.add(e.sock.host as Side);
  return (["client", "server"] as const).filter((h) => hosts.has(h));
}
