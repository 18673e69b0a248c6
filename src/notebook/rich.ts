/**
 * Recognising values that deserve more than text — a trace becomes a
 * sequence diagram, a ScenarioResult a summary plus diagram and charts, a
 * counter series a chart, pcap bytes a download — and re-validating what the
 * worker sent before the page draws it (the worker runs untrusted code, so
 * the page rebuilds every event from checked fields).
 */
import type { Segment, TraceEvent } from "../sim/index.ts";
import { OUTPUT_LIMITS, type OutputItem } from "./protocol.ts";

const EVENT_KINDS = new Set(["send", "deliver", "drop", "state", "timer", "call", "counter", "note"]);

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isEventLike(v: unknown): boolean {
  return isRecord(v) && typeof v["t"] === "number" && typeof v["kind"] === "string" && EVENT_KINDS.has(v["kind"]);
}

/** An array of trace events (at least one, all looking like events). */
export function isTrace(value: unknown): value is readonly TraceEvent[] {
  return Array.isArray(value) && value.length > 0 && value.every(isEventLike);
}

export interface ScenarioLike {
  readonly name: string;
  readonly trace: readonly TraceEvent[];
  readonly endTime: number;
  readonly summary: Readonly<Record<string, unknown>>;
  readonly series?: Readonly<Record<string, readonly number[]>>;
}

/** A ScenarioResult as runScenario returns it. */
export function isScenarioResult(value: unknown): value is ScenarioLike {
  return (
    isRecord(value) &&
    typeof value["name"] === "string" &&
    Array.isArray(value["trace"]) &&
    (value["trace"] as unknown[]).every(isEventLike) &&
    isRecord(value["summary"]) &&
    typeof value["endTime"] === "number"
  );
}

/** libpcap magic numbers (µs and ns resolution) in either byte order. */
export function isPcap(value: unknown): value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length < 24) return false;
  const magic = ((value[0] ?? 0) << 24) | ((value[1] ?? 0) << 16) | ((value[2] ?? 0) << 8) | (value[3] ?? 0);
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic >>> 0);
}

/**
 * Points of a counter series: an array of finite numbers (x = index) or of
 * {t, value} records (x = t). At least two points; null otherwise.
 */
export function seriesPoints(value: unknown): [number, number][] | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  if (value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    return (value as number[]).map((v, i) => [i, v]);
  }
  if (
    value.every(
      (v) => isRecord(v) && Number.isFinite(v["t"]) && Number.isFinite(v["value"]) && typeof v["t"] === "number",
    )
  ) {
    return (value as { t: number; value: number }[]).map((p) => [p.t, p.value]);
  }
  return null;
}

function summaryText(v: unknown): string {
  return typeof v === "string" ? v : String(v);
}

function limitPoints(points: [number, number][]): [number, number][] {
  return points.slice(0, OUTPUT_LIMITS.chartPoints);
}

function traceItem(trace: readonly TraceEvent[]): OutputItem {
  return { kind: "trace", events: trace.slice(0, OUTPUT_LIMITS.traceEvents), totalEvents: trace.length };
}

/**
 * The rich rendering of a value, or null when it should print as text.
 * A ScenarioResult yields a summary, its diagram (when it traced segments)
 * and one chart per series.
 */
export function richItems(value: unknown, label = ""): OutputItem[] | null {
  if (isPcap(value)) return [{ kind: "pcap", bytes: value }];
  if (isScenarioResult(value)) {
    const items: OutputItem[] = [
      {
        kind: "scenario",
        name: value.name,
        endTime: value.endTime,
        summary: Object.entries(value.summary).map(([k, v]) => [k, summaryText(v)] as const),
      },
    ];
    if (value.trace.some((e) => e.kind === "send")) items.push(traceItem(value.trace));
    for (const [name, series] of Object.entries(value.series ?? {})) {
      const points = seriesPoints(series);
      if (points) items.push({ kind: "chart", label: name, points: limitPoints(points) });
    }
    return items;
  }
  if (isTrace(value)) return [traceItem(value)];
  const points = seriesPoints(value);
  if (points) return [{ kind: "chart", label, points: limitPoints(points) }];
  return null;
}

// ---- Page side: rebuild what arrived from the worker from checked fields only.

function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
function str(v: unknown, max = 200): string {
  return String(v ?? "").slice(0, max);
}
function endpoint(v: unknown): { ip: string; port: number } {
  const r = isRecord(v) ? v : {};
  return { ip: str(r["ip"], 64), port: num(r["port"]) };
}
function segment(v: unknown): Segment {
  const r = isRecord(v) ? v : {};
  const ctl = isRecord(r["ctl"]) ? r["ctl"] : {};
  const ack = r["ack"];
  return {
    id: num(r["id"]),
    src: endpoint(r["src"]),
    dst: endpoint(r["dst"]),
    seq: num(r["seq"]),
    ...(typeof ack === "number" && Number.isFinite(ack) ? { ack } : {}),
    ctl: { syn: ctl["syn"] === true, fin: ctl["fin"] === true, rst: ctl["rst"] === true, psh: ctl["psh"] === true },
    window: num(r["window"]),
    len: num(r["len"]),
    options: {},
  };
}
function sockRef(v: unknown): { host: string; local: { ip: string; port: number } } {
  const r = isRecord(v) ? v : {};
  return { host: str(r["host"], 64), local: endpoint(r["local"]) };
}

/** Rebuilds the events a diagram needs (send, deliver, drop, state, timer) from untrusted data; others are dropped. */
export function sanitizeTrace(value: unknown): TraceEvent[] {
  if (!Array.isArray(value)) return [];
  const out: TraceEvent[] = [];
  for (const raw of value.slice(0, OUTPUT_LIMITS.traceEvents)) {
    if (!isRecord(raw)) continue;
    const t = num(raw["t"]);
    switch (raw["kind"]) {
      case "send":
      case "deliver":
        out.push({ t, kind: raw["kind"], host: str(raw["host"], 64), seg: segment(raw["seg"]) });
        break;
      case "drop":
        out.push({
          t,
          kind: "drop",
          host: str(raw["host"], 64),
          seg: segment(raw["seg"]),
          reason: raw["reason"] === "fault" ? "fault" : "invalid",
        });
        break;
      case "state":
        out.push({
          t,
          kind: "state",
          sock: sockRef(raw["sock"]),
          from: str(raw["from"], 20) as never,
          to: str(raw["to"], 20) as never,
        });
        break;
      case "timer":
        out.push({
          t,
          kind: "timer",
          sock: sockRef(raw["sock"]),
          timer: str(raw["timer"], 20) as never,
          action: raw["action"] === "fire" ? "fire" : "arm",
        });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Chart points from untrusted data: finite numbers only, at most the chart limit. */
export function sanitizePoints(value: unknown): [number, number][] {
  if (!Array.isArray(value)) return [];
  const out: [number, number][] = [];
  for (const p of value.slice(0, OUTPUT_LIMITS.chartPoints)) {
    if (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])) out.push([p[0] as number, p[1] as number]);
  }
  return out;
}
