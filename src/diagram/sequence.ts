/**
 * A sequence diagram of a run: one vertical lane per host, one row per
 * segment (arrow from sender to receiver, or to a cross where it was lost),
 * and state changes written on the lanes. Pure TypeScript that returns an SVG
 * string, so the build renders the first frame and the browser redraws with
 * the very same code. Every piece of prose comes in through `DiagramStrings`.
 */
import { SeqRelativizer, type Micros, type Segment, type TcpState, type TraceEvent } from "../sim/index.ts";
import { segmentName } from "./segment-name.ts";
import { sequenceSvgNarrow } from "./sequence-narrow.ts";
import { fill } from "../text/fill.ts";

/** Templates for the words a diagram shows; `{name}` placeholders are filled in. */
export interface DiagramStrings {
  /** Accessible title of the SVG, e.g. "Sequence diagram". */
  readonly title: string;
  /** "{from} sends {segment} to {to}." */
  readonly send: string;
  /** "{from} sends {segment} to {to}; it is lost." */
  readonly lost: string;
  /** "{host}: {from} → {to}." */
  readonly state: string;
  /** "{host}: {timer} timer fires." */
  readonly timer: string;
  /** Marker drawn where a lost segment stops, e.g. "lost". */
  readonly lostMark: string;
}

export interface DiagramRow {
  readonly t: Micros;
  readonly kind: "segment" | "timer";
  /** Lane the row starts at, and (segments) the lane it points to. */
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly lost: boolean;
  /** State changes that happened while this row was the latest, per lane. */
  readonly states: readonly { readonly lane: number; readonly from: TcpState; readonly to: TcpState }[];
  /** One sentence for screen readers and the text alternative. */
  readonly description: string;
}

export interface SequenceModel {
  readonly lanes: readonly { readonly host: string; readonly ip: string }[];
  readonly rows: readonly DiagramRow[];
  /** Each lane's state before the first row. */
  readonly initialStates: readonly TcpState[];
}

export interface SequenceOptions {
  /** Relative sequence numbers per direction, as Wireshark shows them (default true). */
  readonly relative?: boolean;
  /** Show timer expiries (retransmissions, TIME_WAIT ending) as rows (default true). */
  readonly timers?: boolean;
  /** Lane order; hosts not listed are appended in order of appearance. */
  readonly hosts?: readonly string[];
}

/** Builds the diagram model of a trace. */
export function buildSequence(
  trace: readonly TraceEvent[],
  strings: DiagramStrings,
  options: SequenceOptions = {},
): SequenceModel {
  const relative = options.relative ?? true;
  const showTimers = options.timers ?? true;
  const lanes: { host: string; ip: string }[] = (options.hosts ?? []).map((host) => ({ host, ip: "" }));
  const laneOf = (host: string, ip = ""): number => {
    let index = lanes.findIndex((lane) => lane.host === host);
    if (index < 0) index = lanes.push({ host, ip }) - 1;
    const lane = lanes[index];
    if (lane && lane.ip === "" && ip !== "") lane.ip = ip;
    return index;
  };
  // Lanes and their addresses come from segments, in the order hosts first
  // send: a listener bound to 0.0.0.0 and set up before anything is sent must
  // not become the first lane or lend its wildcard address.
  const hostByIp = new Map<string, string>();
  for (const ev of trace) {
    if (ev.kind !== "send") continue;
    hostByIp.set(ev.seg.src.ip, ev.host);
    laneOf(ev.host, ev.seg.src.ip);
  }

  const relativizer = new SeqRelativizer();
  const rows: (DiagramRow & { states: { lane: number; from: TcpState; to: TcpState }[]; lost: boolean })[] = [];
  const rowBySegment = new Map<number, number>();
  const initialStates: TcpState[] = [];
  // Where a state change is drawn: on the row of the segment whose arrival
  // caused it, or else on the row of the segment the change made its host send
  // (connect() → SYN_SENT with the SYN, close() → FIN_WAIT1 with the FIN).
  const lastDelivery = new Map<string, { t: Micros; row: number }>();
  let pending: { host: string; t: Micros; change: { lane: number; from: TcpState; to: TcpState } }[] = [];
  const flushPending = (): void => {
    for (const p of pending) {
      const last = rows[rows.length - 1];
      if (last) last.states.push(p.change);
      else initialStates[p.change.lane] = p.change.to;
    }
    pending = [];
  };

  for (const ev of trace) {
    switch (ev.kind) {
      case "send": {
        const from = laneOf(ev.host, ev.seg.src.ip);
        const toHost = hostByIp.get(ev.seg.dst.ip) ?? ev.seg.dst.ip;
        const to = laneOf(toHost, ev.seg.dst.ip);
        const shown = relative ? relativizer.relative(ev.seg) : ([ev.seg.seq, ev.seg.ack] as const);
        const label = segmentLabel(ev.seg, shown[0], shown[1]);
        const mine = pending.filter((p) => p.host === ev.host && p.t === ev.t).map((p) => p.change);
        pending = pending.filter((p) => !(p.host === ev.host && p.t === ev.t));
        flushPending();
        rowBySegment.set(ev.seg.id, rows.length);
        rows.push({
          t: ev.t,
          kind: "segment",
          from,
          to,
          label,
          lost: false,
          states: mine,
          description: fill(strings.send, { from: ev.host, to: toHost, segment: label }),
        });
        break;
      }
      case "drop": {
        const index = rowBySegment.get(ev.seg.id);
        const row = index === undefined ? undefined : rows[index];
        if (row && ev.reason === "fault") {
          const toHost = lanes[row.to]?.host ?? "";
          const fromHost = lanes[row.from]?.host ?? "";
          rows[index as number] = {
            ...row,
            lost: true,
            description: fill(strings.lost, { from: fromHost, to: toHost, segment: row.label }),
          };
        }
        break;
      }
      case "deliver": {
        const row = rowBySegment.get(ev.seg.id);
        if (row !== undefined) lastDelivery.set(ev.host, { t: ev.t, row });
        break;
      }
      case "state": {
        const change = { lane: laneOf(ev.sock.host), from: ev.from, to: ev.to };
        const delivered = lastDelivery.get(ev.sock.host);
        const row = delivered && delivered.t === ev.t ? rows[delivered.row] : undefined;
        if (row) row.states.push(change);
        else pending.push({ host: ev.sock.host, t: ev.t, change });
        break;
      }
      case "timer": {
        if (!showTimers || ev.action !== "fire") break;
        flushPending();
        const lane = laneOf(ev.sock.host);
        rows.push({
          t: ev.t,
          kind: "timer",
          from: lane,
          to: lane,
          label: ev.timer,
          lost: false,
          states: [],
          description: fill(strings.timer, { host: ev.sock.host, timer: ev.timer }),
        });
        break;
      }
      default:
        break;
    }
  }
  flushPending();
  return {
    lanes,
    rows,
    initialStates: lanes.map((_, i) => initialStates[i] ?? "CLOSED"),
  };
}

/** "SYN seq=0", "SYN-ACK seq=0 ack=1", "ACK seq=1 ack=1 len=100". */
function segmentLabel(seg: Segment, seq: number, ack: number | undefined): string {
  const parts = [segmentName(seg), `seq=${seq}`];
  if (ack !== undefined) parts.push(`ack=${ack}`);
  if (seg.len > 0) parts.push(`len=${seg.len}`);
  return parts.join(" ");
}

/** Each lane's state after `step` rows (all rows when step is omitted). */
export function statesAfter(model: SequenceModel, step = model.rows.length): TcpState[] {
  const states = [...model.initialStates];
  for (const row of model.rows.slice(0, step)) for (const change of row.states) states[change.lane] = change.to;
  return states;
}

const ROW = 44;
const HEAD = 56;
/** Width of the time column on the left. */
const LEFT = 92;
/** Room beside the outer lanes for state names (ESTABLISHED is the longest). */
const STATE_ROOM = 104;

/** Font size of the wide layout, in viewBox units (set by .seq-diagram in diagram.css). */
export const WIDE_FONT = 14;
/** Width of the wide layout's viewBox. */
export const WIDE_WIDTH = 700;
/** Width of a label in the diagram's monospace font (0.6 em per character), plus padding. */
function labelWidth(text: string, font = WIDE_FONT): number {
  return [...text].length * font * 0.6 + 8;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Seconds with one precision for the whole diagram: milliseconds unless some row needs microseconds. */
export function secondsFormatter(rows: readonly DiagramRow[]): (t: Micros) => string {
  const digits = rows.every((row) => row.t % 1000 === 0) ? 3 : 6;
  return (t) => `${(t / 1_000_000).toFixed(digits)} s`;
}

/**
 * SVG markup for the model. Rows after `step` are rendered but hidden
 * (`data-row` lets a widget reveal them without redrawing).
 */
export function sequenceSvg(model: SequenceModel, strings: DiagramStrings, step = model.rows.length): string {
  const width = WIDE_WIDTH;
  const last = model.lanes.length - 1;
  const firstX = LEFT + STATE_ROOM;
  const laneGap = last > 0 ? (width - STATE_ROOM - firstX) / last : 0;
  const laneX = (lane: number): number => firstX + lane * laneGap;
  // State names go on the outer side of the outer lanes, away from arrowheads;
  // timer labels go on the inner side, away from the time column.
  const outward = (lane: number): number => (lane === 0 && last > 0 ? -1 : 1);
  const seconds = secondsFormatter(model.rows);
  const height = HEAD + model.rows.length * ROW + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="seq-diagram seq-wide" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(strings.title)}">`,
  );
  model.lanes.forEach((lane, i) => {
    const x = laneX(i);
    out.push(
      `<g class="seq-lane seq-lane-${i}"><text x="${x}" y="18" text-anchor="middle" class="seq-host">${escapeXml(lane.host)}</text>`,
      `<text x="${x}" y="34" text-anchor="middle" class="seq-ip">${escapeXml(lane.ip)}</text>`,
      `<line x1="${x}" y1="${HEAD - 12}" x2="${x}" y2="${height - 12}" class="seq-lifeline"/></g>`,
    );
  });
  model.rows.forEach((row, index) => {
    const y = HEAD + index * ROW + 8;
    const hidden = index >= step ? ' hidden="" style="display:none"' : "";
    out.push(`<g class="seq-row seq-${row.kind}${row.lost ? " seq-lost" : ""}" data-row="${index}"${hidden}>`);
    out.push(`<text x="4" y="${y + 16}" class="seq-time">${seconds(row.t)}</text>`);
    const x1 = laneX(row.from);
    if (row.kind === "segment") {
      const x2 = laneX(row.to);
      const end = row.lost ? x1 + (x2 - x1) * 0.6 : x2;
      const yEnd = y + (row.lost ? 0.6 : 1) * (ROW - 14);
      out.push(
        `<line x1="${x1}" y1="${y}" x2="${end}" y2="${yEnd}" class="seq-arrow"${row.lost ? "" : ' marker-end="url(#seq-head)"'}/>`,
        // An opaque box behind the label keeps the arrow from showing between its words.
        `<rect x="${(x1 + x2) / 2 - labelWidth(row.label) / 2}" y="${y - 13 + (ROW - 14) / 2}" width="${labelWidth(row.label)}" height="15" rx="3" class="seq-label-bg"/>`,
        `<text x="${(x1 + x2) / 2}" y="${y - 2 + (ROW - 14) / 2}" text-anchor="middle" class="seq-label">${escapeXml(row.label)}</text>`,
      );
      if (row.lost) {
        out.push(
          `<text x="${end}" y="${yEnd + 5}" text-anchor="middle" class="seq-cross">✕</text>`,
          `<text x="${end}" y="${yEnd + 20}" text-anchor="middle" class="seq-lost-mark">${escapeXml(strings.lostMark)}</text>`,
        );
      }
    } else {
      // A drawn clock rather than an emoji: the default fonts of some browsers lack one.
      const dir = row.from === last && last > 0 ? -1 : 1;
      out.push(
        `<g class="seq-timer-icon" transform="translate(${x1 + dir * 14} ${y + 9})"><circle r="6"/><path d="M0,-3.5 V0 H3"/></g>`,
        `<text x="${x1 + dir * 24}" y="${y + 14}" text-anchor="${dir < 0 ? "end" : "start"}" class="seq-timer">${escapeXml(row.label)}</text>`,
      );
    }
    // Several changes of one lane within a row are written as one chain
    // ("FIN_WAIT2 → TIME_WAIT") so they never overprint each other.
    const chains = new Map<number, string[]>();
    for (const change of row.states) chains.set(change.lane, [...(chains.get(change.lane) ?? []), change.to]);
    for (const [lane, states] of chains) {
      const dir = outward(lane);
      const x = laneX(lane) + dir * 8;
      const anchor = dir < 0 ? "end" : "start";
      // A chain is stacked upwards, newest state at the bottom, to stay inside the margin.
      states.forEach((name, i) => {
        const lineY = y + ROW - 10 - (states.length - 1 - i) * 12;
        const text = i < states.length - 1 ? `${name} →` : name;
        out.push(`<text x="${x}" y="${lineY}" text-anchor="${anchor}" class="seq-state">${escapeXml(text)}</text>`);
      });
    }
    out.push(`</g>`);
  });
  out.push(
    `<defs><marker id="seq-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="seq-head"/></marker></defs>`,
    `</svg>`,
  );
  return out.join("");
}

/**
 * Both layouts of the diagram: the wide one (700 units, for a column of
 * about 640 px and more) and the narrow one (320 units, for a phone). The
 * page's CSS shows one of them from the width of the figure
 * (components/styles/diagram.css); the hidden one is display:none, which
 * also keeps it out of the accessibility tree.
 */
export function sequenceSvgs(model: SequenceModel, strings: DiagramStrings, step = model.rows.length): string {
  return sequenceSvg(model, strings, step) + sequenceSvgNarrow(model, strings, step);
}
