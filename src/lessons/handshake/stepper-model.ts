/**
 * View model of the handshake stepper: runs the core's `handshake` scenario
 * and turns its trace into what the widget shows — the sequence diagram
 * model, the fields of the segment at each step, each side's state after
 * it, and the SYN / SYN-ACK retransmission timeline. The build renders the
 * first frame with it and the browser redraws with it, so both agree.
 */
import {
  handshake,
  type ScenarioResult,
  type TcpState,
  type TraceEvent,
  type Micros,
  type Segment,
  flagString,
  SeqRelativizer,
} from "../../sim/index.ts";
import {
  buildSequence,
  statesAfter,
  type DiagramRow,
  type DiagramStrings,
  type SequenceModel,
} from "../../diagram/sequence.ts";
import { segmentName } from "../../diagram/segment-name.ts";

export interface HandshakeSettings {
  /** Fixed ISNs, or null for the kernel's keyed-hash ISN (RFC 9293 §3.4.1). */
  readonly clientIsn: number | null;
  readonly serverIsn: number | null;
  /** How many of the client's SYNs / the server's SYN-ACKs the network loses. */
  readonly dropSyn: number;
  readonly dropSynAck: number;
  readonly timestamps: boolean;
  /** Relative numbers as Wireshark shows them, or the raw 32-bit values. */
  readonly relative: boolean;
}

export const DEFAULT_SETTINGS: HandshakeSettings = {
  clientIsn: null,
  serverIsn: null,
  dropSyn: 0,
  dropSynAck: 0,
  timestamps: true,
  relative: true,
};

function paramMax(name: string): number {
  const spec = handshake.params.find((p) => p.name === name);
  if (spec?.max === undefined) throw new Error(`handshake scenario has no bounded parameter "${name}"`);
  return spec.max;
}

/** Upper bounds of the loss counters, as the scenario declares them. */
export const DROP_SYN_MAX = paramMax("dropSyn");
export const DROP_SYNACK_MAX = paramMax("dropSynAck");

/** The scenario parameters for the settings (the same object the e2e tests pass to runScenario). */
export function scenarioParams(s: HandshakeSettings): Record<string, number | boolean> {
  return {
    clientIsn: s.clientIsn ?? -1,
    serverIsn: s.serverIsn ?? -1,
    dropSyn: s.dropSyn,
    dropSynAck: s.dropSynAck,
    timestamps: s.timestamps,
  };
}

export function runHandshake(s: HandshakeSettings): ScenarioResult {
  return handshake.run({ params: scenarioParams(s) });
}

/**
 * The trace as the diagram draws it: without the listening socket's own
 * events. The listener is bound to 0.0.0.0 and is created first, so left in
 * it would become the first lane with that address; the connection's events
 * put the client left and each host under its real address.
 */
export function diagramTrace(trace: readonly TraceEvent[]): TraceEvent[] {
  return trace.filter((e) => !((e.kind === "state" || e.kind === "timer") && e.sock.remote === undefined));
}

/** The fields of one segment as the stepper's table shows them. */
export interface SegmentFields {
  readonly t: Micros;
  readonly from: string;
  readonly to: string;
  readonly name: string;
  /** tcpdump's letters: S, F, R, P, "." for ACK. */
  readonly flags: string;
  readonly seq: number;
  readonly ack: number | undefined;
  readonly len: number;
  readonly window: number;
  readonly mss: number | undefined;
  readonly sackPermitted: boolean;
  readonly windowScale: number | undefined;
  readonly tsVal: number | undefined;
  readonly tsEcr: number | undefined;
  readonly lost: boolean;
}

export interface StepView {
  readonly row: DiagramRow;
  /** The segment this row draws (timer rows have none). */
  readonly segment: SegmentFields | undefined;
}

export interface RetryAttempt {
  readonly t: Micros;
  readonly lost: boolean;
}

export interface HandshakeView {
  readonly settings: HandshakeSettings;
  readonly result: ScenarioResult;
  /** The trace the diagram and the pcap download are made from. */
  readonly trace: readonly TraceEvent[];
  readonly model: SequenceModel;
  readonly steps: readonly StepView[];
  readonly hosts: readonly string[];
  /** Every SYN the client sent and every SYN-ACK the server sent, in order. */
  readonly syns: readonly RetryAttempt[];
  readonly synAcks: readonly RetryAttempt[];
  /** When the client reached ESTABLISHED, or gave up (connect() failed), in µs; -1 if neither. */
  readonly establishedAt: Micros;
  readonly failedAt: Micros;
  readonly clientError: string;
}

function fieldsOf(
  ev: { t: Micros; host: string; seg: Segment },
  to: string,
  shown: readonly [number, number | undefined],
  lost: boolean,
): SegmentFields {
  const o = ev.seg.options;
  return {
    t: ev.t,
    from: ev.host,
    to,
    name: segmentName(ev.seg),
    flags: flagString(ev.seg),
    seq: shown[0],
    ack: shown[1],
    len: ev.seg.len,
    window: ev.seg.window,
    mss: o.mss,
    sackPermitted: o.sackPermitted === true,
    windowScale: o.windowScale,
    tsVal: o.timestamp?.val,
    tsEcr: o.timestamp?.ecr,
    lost,
  };
}

/** Runs the scenario for the settings and builds everything the widget draws. */
export function buildHandshakeView(settings: HandshakeSettings, strings: DiagramStrings): HandshakeView {
  const result = runHandshake(settings);
  const trace = diagramTrace(result.trace);
  const model = buildSequence(trace, strings, { relative: settings.relative, timers: true });
  const hosts = model.lanes.map((l) => l.host);
  const hostByIp = new Map(result.hosts.map((h) => [h.ip, h.name]));
  const lostIds = new Set<number>();
  for (const e of trace) if (e.kind === "drop" && e.reason === "fault") lostIds.add(e.seg.id);

  // buildSequence adds exactly one row per "send", in trace order, so the
  // k-th segment row is the k-th send; the same relativizer, fed the same
  // segments in the same order, gives the same numbers the row label shows.
  const relativizer = new SeqRelativizer();
  const sends = trace.filter((e): e is Extract<TraceEvent, { kind: "send" }> => e.kind === "send");
  let next = 0;
  const steps: StepView[] = model.rows.map((row) => {
    if (row.kind !== "segment") return { row, segment: undefined };
    const ev = sends[next++];
    if (ev === undefined) throw new Error("handshake view: more segment rows than segments");
    const shown = settings.relative ? relativizer.relative(ev.seg) : ([ev.seg.seq, ev.seg.ack] as const);
    const to = hostByIp.get(ev.seg.dst.ip) ?? ev.seg.dst.ip;
    return { row, segment: fieldsOf(ev, to, shown, lostIds.has(ev.seg.id)) };
  });

  const syns: RetryAttempt[] = [];
  const synAcks: RetryAttempt[] = [];
  let establishedAt = -1;
  let failedAt = -1;
  for (const e of result.trace) {
    if (e.kind === "send" && e.seg.ctl.syn) {
      (e.seg.ack === undefined ? syns : synAcks).push({ t: e.t, lost: lostIds.has(e.seg.id) });
    } else if (e.kind === "state" && e.sock.host === "client") {
      if (e.to === "ESTABLISHED" && establishedAt < 0) establishedAt = e.t;
      if (e.from === "SYN_SENT" && e.to === "CLOSED" && failedAt < 0) failedAt = e.t;
    }
  }
  return {
    settings,
    result,
    trace,
    model,
    steps,
    hosts,
    syns,
    synAcks,
    establishedAt,
    failedAt,
    clientError: String(result.summary["clientError"] ?? ""),
  };
}

/**
 * Each side's state after `step` rows. The server always has its listener:
 * while it holds no connection for this client (before the SYN arrives, or
 * after a request socket was given up), it is LISTEN, not CLOSED.
 */
export function sideStates(view: HandshakeView, step: number): { host: string; state: TcpState }[] {
  const states = statesAfter(view.model, step);
  return view.hosts.map((host, i) => {
    const state = states[i] ?? "CLOSED";
    return { host, state: host === "server" && state === "CLOSED" ? "LISTEN" : state };
  });
}

/** Seconds for display: whole seconds as "67", others with up to six decimals ("0.0005"). */
export function formatSeconds(t: Micros): string {
  if (t % 1_000_000 === 0) return String(t / 1_000_000);
  return (t / 1_000_000).toFixed(6).replace(/0+$/, "");
}

export { fill } from "../../text/fill.ts";
