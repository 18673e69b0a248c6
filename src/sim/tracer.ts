/**
 * Writes TraceEvents into the run's one trace array, honouring the trace
 * level so bulk runs can skip the chatty kinds and keep memory bounded.
 */
import type { Micros, Segment } from "./segment.ts";
import type { DropReason, Errno, SocketRef, TcpState, TimerName, TraceEvent } from "./trace.ts";

/**
 * - "all": every event.
 * - "no-timers": everything except timer arm/fire/cancel.
 * - "states": state changes, socket calls and notes (no segments, timers or counters).
 * - "none": nothing; read counters, ss() and scenario summaries instead.
 */
export type TraceLevel = "all" | "no-timers" | "states" | "none";

export const TRACE_LEVELS: readonly TraceLevel[] = ["all", "no-timers", "states", "none"];

export class Tracer {
  readonly events: TraceEvent[] = [];
  readonly segments: boolean;
  readonly timers: boolean;
  readonly states: boolean;
  readonly counters: boolean;
  readonly calls: boolean;
  private readonly clock: { now: Micros };
  /** Optional live listener (widgets can stream events). */
  onEvent: ((e: TraceEvent) => void) | undefined = undefined;

  constructor(level: TraceLevel, clock: { now: Micros }) {
    this.clock = clock;
    this.segments = level === "all" || level === "no-timers";
    this.timers = level === "all";
    this.counters = level === "all" || level === "no-timers";
    this.states = level !== "none";
    this.calls = level !== "none";
  }

  private push(e: TraceEvent): void {
    this.events.push(e);
    this.onEvent?.(e);
  }

  send(host: string, seg: Segment): void {
    if (this.segments) this.push({ t: this.clock.now, kind: "send", host, seg });
  }
  deliver(host: string, seg: Segment): void {
    if (this.segments) this.push({ t: this.clock.now, kind: "deliver", host, seg });
  }
  drop(host: string, seg: Segment, reason: DropReason): void {
    if (this.segments) this.push({ t: this.clock.now, kind: "drop", host, seg, reason });
  }
  state(sock: SocketRef, from: TcpState, to: TcpState): void {
    if (this.states) this.push({ t: this.clock.now, kind: "state", sock, from, to });
  }
  timer(sock: SocketRef, timer: TimerName, action: "arm" | "fire" | "cancel", at?: Micros): void {
    if (!this.timers) return;
    if (at === undefined) this.push({ t: this.clock.now, kind: "timer", sock, timer, action });
    else this.push({ t: this.clock.now, kind: "timer", sock, timer, action, at });
  }
  call(host: string, call: string, result: "ok" | Errno, sock?: SocketRef): void {
    if (!this.calls) return;
    if (sock === undefined) this.push({ t: this.clock.now, kind: "call", host, call, result });
    else this.push({ t: this.clock.now, kind: "call", host, call, result, sock });
  }
  counter(host: string, name: string, value: number): void {
    if (this.counters) this.push({ t: this.clock.now, kind: "counter", host, name, value });
  }
  note(text: string): void {
    if (this.calls) this.push({ t: this.clock.now, kind: "note", text });
  }
}
