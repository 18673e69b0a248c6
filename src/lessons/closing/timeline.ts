/**
 * The close lab's timeline: one bar per host showing the connection's state
 * over simulated seconds, so TIME_WAIT's 60 s (or its absence) is seen at
 * scale, with numbered markers for what went wrong (a lost segment, a
 * resent FIN, a RST, an old segment arriving). Pure: model from a trace,
 * SVG from the model, every word from the page.
 */
import type { Micros, TcpState, TraceEvent } from "../../sim/index.ts";
import { segmentName } from "../../diagram/segment-name.ts";
import { fill, formatSeconds } from "../handshake/stepper-model.ts";

export interface Interval {
  readonly state: TcpState;
  readonly from: Micros;
  readonly to: Micros;
}

export type MarkerKind = "lost" | "rst" | "finAgain" | "oldArrives" | "twRestart";

export interface Marker {
  readonly t: Micros;
  readonly host: string;
  readonly kind: MarkerKind;
  /** The segment's name (SYN, FIN-ACK, ACK...) where there is one. */
  readonly segment: string;
}

export interface TimelineModel {
  readonly hosts: readonly string[];
  readonly intervals: readonly (readonly Interval[])[];
  readonly markers: readonly Marker[];
  readonly axisEnd: Micros;
}

/** The axis covers at least this much, so runs with and without TIME_WAIT share a scale. */
const MIN_AXIS: Micros = 70_000_000;
/** A segment that spent longer than this in the network is an "old duplicate" when it lands. */
const OLD_SEGMENT_AGE: Micros = 1_000_000;

export function buildTimeline(trace: readonly TraceEvent[], hosts: readonly string[], endTime: Micros): TimelineModel {
  const open = new Map<string, { state: TcpState; from: Micros }>();
  const intervals = new Map<string, Interval[]>(hosts.map((h) => [h, []]));
  const markers: Marker[] = [];
  const sentAt = new Map<number, Micros>();
  const finSeqs = new Map<string, Set<number>>();
  const twArmed = new Set<string>();
  let last: Micros = 0;
  const close = (host: string, t: Micros): void => {
    const cur = open.get(host);
    if (cur) intervals.get(host)?.push({ state: cur.state, from: cur.from, to: t });
    open.delete(host);
  };
  for (const e of trace) {
    switch (e.kind) {
      case "state": {
        // The listening socket (no peer) is not the connection.
        if (e.sock.remote === undefined || !intervals.has(e.sock.host)) break;
        close(e.sock.host, e.t);
        if (e.to !== "CLOSED" && e.to !== "LISTEN") open.set(e.sock.host, { state: e.to, from: e.t });
        if (e.to === "CLOSED" && e.from === "TIME_WAIT") twArmed.delete(e.sock.host);
        last = Math.max(last, e.t);
        break;
      }
      case "send": {
        sentAt.set(e.seg.id, e.t);
        if (e.seg.ctl.rst) {
          markers.push({ t: e.t, host: e.host, kind: "rst", segment: segmentName(e.seg) });
          last = Math.max(last, e.t);
        }
        if (e.seg.ctl.fin) {
          const seen = finSeqs.get(e.host) ?? new Set<number>();
          if (seen.has(e.seg.seq))
            markers.push({ t: e.t, host: e.host, kind: "finAgain", segment: segmentName(e.seg) });
          seen.add(e.seg.seq);
          finSeqs.set(e.host, seen);
        }
        break;
      }
      case "drop":
        if (e.reason === "fault") markers.push({ t: e.t, host: e.host, kind: "lost", segment: segmentName(e.seg) });
        break;
      case "deliver": {
        const sent = sentAt.get(e.seg.id);
        if (sent !== undefined && e.t - sent > OLD_SEGMENT_AGE) {
          const name = segmentName(e.seg);
          markers.push({
            t: e.t,
            host: e.host,
            kind: "oldArrives",
            segment: e.seg.len > 0 ? `${name} len=${e.seg.len}` : name,
          });
          last = Math.max(last, e.t);
        }
        break;
      }
      case "timer":
        // A second arming while in TIME_WAIT is the restart after re-ACKing a resent FIN.
        if (e.timer === "time_wait" && e.action === "arm") {
          if (twArmed.has(e.sock.host)) markers.push({ t: e.t, host: e.sock.host, kind: "twRestart", segment: "" });
          twArmed.add(e.sock.host);
        }
        break;
      default:
        break;
    }
  }
  const axisEnd = Math.max(MIN_AXIS, Math.ceil((last + 5_000_000) / 10_000_000) * 10_000_000);
  for (const h of hosts) close(h, Math.min(endTime, axisEnd));
  return { hosts, intervals: hosts.map((h) => intervals.get(h) ?? []), markers, axisEnd };
}

export interface TimelineStrings {
  readonly timelineTitle: string;
  /** "{t} s" */
  readonly seconds: string;
  /** "{state} {duration} s", written inside a bar wide enough. */
  readonly barLabel: string;
  /** Per marker kind: "{host}: {segment} lost" etc. */
  readonly markerLost: string;
  readonly markerRst: string;
  readonly markerFinAgain: string;
  readonly markerOldArrives: string;
  readonly markerTwRestart: string;
  /** "{host}: {state} from {from} s to {to} s" */
  readonly intervalText: string;
}

const MARKER_KEY: Readonly<Record<MarkerKind, keyof TimelineStrings>> = {
  lost: "markerLost",
  rst: "markerRst",
  finAgain: "markerFinAgain",
  oldArrives: "markerOldArrives",
  twRestart: "markerTwRestart",
};

export function markerText(m: Marker, s: TimelineStrings): string {
  return fill(s[MARKER_KEY[m.kind]], { host: m.host, segment: m.segment, t: formatSeconds(m.t) });
}

export function intervalText(host: string, i: Interval, s: TimelineStrings): string {
  return fill(s.intervalText, { host, state: i.state, from: formatSeconds(i.from), to: formatSeconds(i.to) });
}

function esc(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whole seconds with one decimal at most, for bar labels. */
function shortSeconds(us: Micros): string {
  return String(Math.round(us / 100_000) / 10);
}

/** Wide layout: 600 units (12-unit text, shown from 550 px); narrow: 300 units for a phone. */
const WIDE = { width: 600, left: 70, right: 16, tick: 10_000_000 } as const;
const NARROW = { width: 300, left: 56, right: 10, tick: 20_000_000 } as const;
const LANE_H = 64;
const BAR_H = 24;
const TOP = 28;

/** The timeline as an SVG string; markers are numbered in order, matching the legend list. */
export function timelineSvg(model: TimelineModel, s: TimelineStrings, layout: "wide" | "narrow" = "wide"): string {
  const { width: WIDTH, left: LEFT, right: RIGHT, tick } = layout === "wide" ? WIDE : NARROW;
  const span = WIDTH - LEFT - RIGHT;
  const x = (t: Micros): number => LEFT + (Math.min(t, model.axisEnd) / model.axisEnd) * span;
  const height = TOP + model.hosts.length * LANE_H + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cl-timeline cl-timeline-${layout}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(s.timelineTitle)}">`,
  ];
  model.hosts.forEach((host, lane) => {
    const y = TOP + lane * LANE_H;
    out.push(`<text x="4" y="${y + BAR_H / 2 + 4}" class="cl-host cl-host-${lane}">${esc(host)}</text>`);
    out.push(`<line x1="${LEFT}" y1="${y + BAR_H}" x2="${WIDTH - RIGHT}" y2="${y + BAR_H}" class="cl-baseline"/>`);
    for (const i of model.intervals[lane] ?? []) {
      const x1 = x(i.from);
      const w = Math.max(1, x(i.to) - x1);
      const cls = i.state === "TIME_WAIT" ? "cl-bar cl-tw" : "cl-bar";
      out.push(
        `<rect x="${x1.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" class="${cls}" data-state="${i.state}"/>`,
      );
      if (w > 110) {
        const label = fill(s.barLabel, { state: i.state, duration: shortSeconds(i.to - i.from) });
        out.push(`<text x="${(x1 + 6).toFixed(1)}" y="${y + BAR_H / 2 + 4}" class="cl-bar-label">${esc(label)}</text>`);
      }
    }
  });
  // Numbered markers; ones too close to the previous are stacked upward.
  const lastX = new Map<number, { x: number; level: number }>();
  model.markers.forEach((m, n) => {
    const lane = Math.max(0, model.hosts.indexOf(m.host));
    const mx = x(m.t);
    const prev = lastX.get(lane);
    const level = prev !== undefined && mx - prev.x < 16 ? prev.level + 1 : 0;
    lastX.set(lane, { x: mx, level });
    const y = TOP + lane * LANE_H + BAR_H + 12;
    const cx = mx + level * 16;
    out.push(
      `<g class="cl-marker cl-marker-${m.kind}" data-marker="${m.kind}"><line x1="${mx.toFixed(1)}" y1="${TOP + lane * LANE_H}" x2="${mx.toFixed(1)}" y2="${y - 6}" class="cl-tick"/>` +
        `<circle cx="${cx.toFixed(1)}" cy="${y}" r="8" class="cl-dot"/><text x="${cx.toFixed(1)}" y="${y + 4}" text-anchor="middle" class="cl-num">${n + 1}</text></g>`,
    );
  });
  const axisY = TOP + model.hosts.length * LANE_H + 4;
  out.push(`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" class="cl-axis"/>`);
  for (let t = 0; t <= model.axisEnd; t += tick) {
    const tx = x(t);
    out.push(
      `<line x1="${tx.toFixed(1)}" y1="${axisY}" x2="${tx.toFixed(1)}" y2="${axisY + 5}" class="cl-axis"/>`,
      `<text x="${tx.toFixed(1)}" y="${axisY + 18}" text-anchor="middle" class="cl-axis-label">${esc(fill(s.seconds, { t: formatSeconds(t) }))}</text>`,
    );
  }
  out.push(`</svg>`);
  return out.join("");
}
