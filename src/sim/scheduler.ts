/**
 * Discrete-event scheduler: a binary min-heap keyed by (time, insertion
 * counter). The run jumps from deadline to deadline; two events at the same
 * microsecond run in the order they were scheduled, which keeps runs
 * deterministic.
 *
 * Speed notes: an event is one small object with no closure (a target, a
 * numeric tag and one data slot). Timers are cancelled lazily: cancelling
 * bumps a generation number and the stale heap entry is skipped when it
 * surfaces. Pushing a timer *later* (the common case: an ACK re-arms the
 * retransmit timer) does not touch the heap at all; the old entry fires,
 * notices the deadline moved, and re-queues itself once.
 */
import type { Micros } from "./segment.ts";

/** Anything that can receive events. `tag` says what happened, `data` carries one value. */
export interface EventTarget {
  onEvent(tag: number, data: unknown, gen: number): void;
}

interface QueuedEvent {
  time: Micros;
  order: number;
  target: EventTarget;
  tag: number;
  data: unknown;
  gen: number;
}

export class Scheduler {
  private heap: QueuedEvent[] = [];
  private counter = 0;
  /** Current simulated time. Only the scheduler moves it. */
  now: Micros = 0;
  /** Events executed so far (for benchmarks). */
  executed = 0;

  get pending(): number {
    return this.heap.length;
  }

  schedule(time: Micros, target: EventTarget, tag: number, data: unknown = undefined, gen = 0): void {
    if (time < this.now) time = this.now;
    const ev: QueuedEvent = { time, order: this.counter++, target, tag, data, gen };
    const h = this.heap;
    let i = h.length;
    h.push(ev);
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p] as QueuedEvent;
      if (pe.time < time || (pe.time === time && pe.order < ev.order)) break;
      h[i] = pe;
      i = p;
    }
    h[i] = ev;
  }

  /** Time of the next queued event, or Infinity. */
  peekTime(): Micros {
    const top = this.heap[0];
    return top === undefined ? Infinity : top.time;
  }

  private pop(): QueuedEvent | undefined {
    const h = this.heap;
    const top = h[0];
    if (top === undefined) return undefined;
    const last = h.pop() as QueuedEvent;
    const n = h.length;
    if (n > 0) {
      // sift down
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let ce = h[l] as QueuedEvent;
        if (r < n) {
          const re = h[r] as QueuedEvent;
          if (re.time < ce.time || (re.time === ce.time && re.order < ce.order)) {
            c = r;
            ce = re;
          }
        }
        if (last.time < ce.time || (last.time === ce.time && last.order < ce.order)) break;
        h[i] = ce;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  /** Run every event with time <= until; leaves `now` at `until`. */
  runUntil(until: Micros): void {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.time > until) break;
      const ev = this.pop() as QueuedEvent;
      this.now = ev.time;
      this.executed++;
      ev.target.onEvent(ev.tag, ev.data, ev.gen);
    }
    if (until > this.now && until !== Infinity) this.now = until;
  }

  /** Run one event. Returns false when the queue is empty. */
  step(): boolean {
    const ev = this.pop();
    if (ev === undefined) return false;
    this.now = ev.time;
    this.executed++;
    ev.target.onEvent(ev.tag, ev.data, ev.gen);
    return true;
  }
}

/**
 * A restartable one-shot timer owned by a socket. The owner receives
 * onEvent(tag, timer, gen) and must call `timer.expired(gen, now)` to learn
 * whether the event is live.
 */
export class Timer {
  /** Generation of the live heap entry; stale entries carry an older one. */
  gen = 0;
  /** When the timer should fire; Infinity when not armed. */
  deadline: Micros = Infinity;
  /** Time of the heap entry that is still live, Infinity if none. */
  private queuedAt: Micros = Infinity;

  readonly sched: Scheduler;
  readonly owner: EventTarget;
  readonly tag: number;

  constructor(sched: Scheduler, owner: EventTarget, tag: number) {
    this.sched = sched;
    this.owner = owner;
    this.tag = tag;
  }

  get armed(): boolean {
    return this.deadline !== Infinity;
  }

  arm(at: Micros): void {
    this.deadline = at;
    if (this.queuedAt <= at) return; // the queued entry will re-queue itself
    this.gen++;
    this.queuedAt = at;
    this.sched.schedule(at, this.owner, this.tag, this, this.gen);
  }

  cancel(): void {
    if (this.deadline === Infinity && this.queuedAt === Infinity) return;
    this.deadline = Infinity;
    this.queuedAt = Infinity;
    this.gen++;
  }

  /**
   * Called by the owner when a heap entry for this timer surfaces. Returns
   * true when the timer really fires now (and disarms it).
   */
  expired(gen: number, now: Micros): boolean {
    if (gen !== this.gen) return false;
    if (this.deadline > now) {
      if (this.deadline === Infinity) {
        this.queuedAt = Infinity;
        return false;
      }
      this.gen++;
      this.queuedAt = this.deadline;
      this.sched.schedule(this.deadline, this.owner, this.tag, this, this.gen);
      return false;
    }
    this.deadline = Infinity;
    this.queuedAt = Infinity;
    return true;
  }
}
