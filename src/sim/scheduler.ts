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

/** How many FIFO lanes (one per distinct delay in use) the scheduler keeps beside its heap. */
const LANES = 8;

/**
 * The heap is kept as a structure of arrays: keys in two Float64Arrays (so
 * sifting touches contiguous memory, not scattered objects) and, beside
 * them, the number of the slot that holds the event's payload. Sifting
 * moves only the two keys and the slot number (typed-array writes, no GC
 * write barrier); the payload (target, tag, data, generation) stays in its
 * slot until the event runs, and freed slots are reused from a stack.
 *
 * FIFO lanes: most events of a run are queued a fixed delay ahead (a link's
 * delay, TIME_WAIT's 60 s, the 1 s initial RTO), and events queued `d` ahead
 * come due in the order they were queued. So each delay in use gets a lane:
 * a ring of (time, order, slot) in queueing order, of which only the oldest
 * entry is in the heap. When it runs, the next one takes its place at the
 * root (one sift down instead of a pop and a push). An event joins a lane
 * only if its (time, insertion number) key is above the lane's last one,
 * else it goes into the heap: every lane is sorted and its least entry is in
 * the heap, so the heap's top is still the least key of all, and events run
 * in exactly the order a single heap gives. What it saves: the heap holds a
 * few entries instead of every TIME_WAIT timer, so a sift walks 3 levels, not 15.
 */
export class Scheduler {
  private times = new Float64Array(1024);
  private orders = new Float64Array(1024);
  /** Heap position -> payload slot. */
  private slots = new Int32Array(1024);
  // Payload by slot. Filled (not holey) arrays, grown by push, so V8 keeps them in fast element mode.
  private targets: (EventTarget | undefined)[] = Array.from({ length: 1024 }, () => undefined);
  private tags = new Int32Array(1024);
  private datas: unknown[] = Array.from({ length: 1024 }, () => undefined);
  private gens = new Float64Array(1024);
  /** The lane a slot's event waits in, or -1 (heap only). */
  private laneOf = new Int32Array(1024);
  /** Free payload slots (a stack). */
  private free = Int32Array.from({ length: 1024 }, (_, i) => 1023 - i);
  private freeCount = 1024;
  private size = 0;
  private counter = 0;
  // Lanes: the delay each serves (-1: none yet), entries (its heap one included), last key.
  private readonly laneDelay = new Float64Array(LANES).fill(-1);
  private readonly laneCount = new Int32Array(LANES);
  private readonly laneLastTime = new Float64Array(LANES);
  private readonly laneLastOrder = new Float64Array(LANES);
  // Each lane's ring of the entries behind its heap one: power-of-two capacity, head index, length.
  private readonly ringTimes: Float64Array[] = Array.from({ length: LANES }, () => new Float64Array(16));
  private readonly ringOrders: Float64Array[] = Array.from({ length: LANES }, () => new Float64Array(16));
  private readonly ringSlots: Int32Array[] = Array.from({ length: LANES }, () => new Int32Array(16));
  private readonly ringHead = new Int32Array(LANES);
  private readonly ringLen = new Int32Array(LANES);
  /** Current simulated time. Only the scheduler moves it. */
  now: Micros = 0;
  /** Events executed so far (for benchmarks). */
  executed = 0;
  /** The payload slot of the event queued last (kill() takes it). */
  lastSlot = -1;

  /** Events queued (heap and lanes). */
  get pending(): number {
    let n = this.size;
    for (let l = 0; l < LANES; l++) n += this.ringLen[l] as number;
    return n;
  }

  /** Double the heap's capacity (it is full). */
  private growHeap(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n);
    t.set(this.times);
    this.times = t;
    const o = new Float64Array(n);
    o.set(this.orders);
    this.orders = o;
    const sl = new Int32Array(n);
    sl.set(this.slots);
    this.slots = sl;
  }

  /** Double the payload slots; only called when none is free. */
  private growSlots(): void {
    const old = this.tags.length;
    const n = old * 2;
    const g = new Float64Array(n);
    g.set(this.gens);
    this.gens = g;
    const tg = new Int32Array(n);
    tg.set(this.tags);
    this.tags = tg;
    const lo = new Int32Array(n);
    lo.set(this.laneOf);
    this.laneOf = lo;
    for (let i = old; i < n; i++) {
      this.targets.push(undefined);
      this.datas.push(undefined);
    }
    const f = new Int32Array(n);
    for (let i = 0; i < old; i++) f[i] = n - 1 - i;
    this.free = f;
    this.freeCount = old;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.orders[to] = this.orders[from] as number;
    this.slots[to] = this.slots[from] as number;
  }

  schedule(time: Micros, target: EventTarget, tag: number, data: unknown = undefined, gen = 0): void {
    this.scheduleOrdered(time, this.counter++, target, tag, data, gen);
  }

  /**
   * Take the next insertion number without queueing anything. An event queued
   * later with scheduleOrdered(t, order) runs exactly where it would have run
   * had it been scheduled now: the bulk fast path (scenarios/load.ts) keeps
   * its FIFO lanes out of the heap and queues only each lane's head.
   */
  reserveOrder(): number {
    return this.counter++;
  }

  /** schedule() with an insertion number from reserveOrder(). */
  scheduleOrdered(
    time: Micros,
    order: number,
    target: EventTarget,
    tag: number,
    data: unknown = undefined,
    gen = 0,
  ): void {
    if (time < this.now) time = this.now;
    if (this.freeCount === 0) this.growSlots();
    const slot = this.free[--this.freeCount] as number;
    this.lastSlot = slot;
    this.targets[slot] = target;
    this.tags[slot] = tag;
    this.datas[slot] = data;
    this.gens[slot] = gen;
    // The lane of this delay, else a lane with nothing queued (it takes this delay).
    const d = time - this.now;
    const delays = this.laneDelay;
    const counts = this.laneCount;
    let l = -1;
    for (let i = 0; i < LANES; i++) {
      if (delays[i] === d) {
        l = i;
        break;
      }
    }
    if (l < 0) {
      for (let i = 0; i < LANES; i++) {
        if (counts[i] === 0) {
          l = i;
          delays[i] = d;
          break;
        }
      }
    }
    if (l >= 0) {
      const c = counts[l] as number;
      if (c === 0) {
        counts[l] = 1;
        this.laneLastTime[l] = time;
        this.laneLastOrder[l] = order;
        this.laneOf[slot] = l;
        this.heapPush(time, order, slot);
        return;
      }
      const lt = this.laneLastTime[l] as number;
      if (time > lt || (time === lt && order > (this.laneLastOrder[l] as number))) {
        counts[l] = c + 1;
        this.laneLastTime[l] = time;
        this.laneLastOrder[l] = order;
        this.laneOf[slot] = l;
        this.ringPush(l, time, order, slot);
        return;
      }
    }
    this.laneOf[slot] = -1;
    this.heapPush(time, order, slot);
  }

  /**
   * Drop the reference of a queued event that can no longer do anything (a
   * cancelled timer's entry, whose generation its owner has moved past): it
   * still leaves the queue at its time, so `now` and the order of everything
   * else are unchanged, but nothing is called and its target is not touched
   * or kept alive. `slot`, `target` and `gen` must all match, so a slot reused
   * by a later event is left alone.
   */
  kill(slot: number, target: EventTarget, gen: number): void {
    if (this.targets[slot] !== target || this.gens[slot] !== gen) return;
    this.targets[slot] = undefined;
    this.datas[slot] = undefined;
  }

  private ringPush(l: number, time: Micros, order: number, slot: number): void {
    let rt = this.ringTimes[l] as Float64Array;
    const len = this.ringLen[l] as number;
    if (len === rt.length) {
      // Full: unroll into rings twice the size, oldest first.
      const h = this.ringHead[l] as number;
      const ro = this.ringOrders[l] as Float64Array;
      const rs = this.ringSlots[l] as Int32Array;
      const nt = new Float64Array(len * 2);
      const no = new Float64Array(len * 2);
      const ns = new Int32Array(len * 2);
      nt.set(rt.subarray(h));
      nt.set(rt.subarray(0, h), len - h);
      no.set(ro.subarray(h));
      no.set(ro.subarray(0, h), len - h);
      ns.set(rs.subarray(h));
      ns.set(rs.subarray(0, h), len - h);
      this.ringTimes[l] = rt = nt;
      this.ringOrders[l] = no;
      this.ringSlots[l] = ns;
      this.ringHead[l] = 0;
    }
    const i = ((this.ringHead[l] as number) + len) & (rt.length - 1);
    rt[i] = time;
    (this.ringOrders[l] as Float64Array)[i] = order;
    (this.ringSlots[l] as Int32Array)[i] = slot;
    this.ringLen[l] = len + 1;
  }

  private heapPush(time: Micros, order: number, slot: number): void {
    // One position past the heap stays free: runTop() passes a lane's next entry through it.
    if (this.size + 1 >= this.times.length) this.growHeap();
    const times = this.times;
    const orders = this.orders;
    let i = this.size++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (orders[p] as number) < order)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    orders[i] = order;
    this.slots[i] = slot;
  }

  /**
   * Put the entry at position `src` (the heap's last, or the free one past it)
   * at the root of a heap of n entries and sift it down. It takes a position,
   * not the keys: doubles passed to a call that is not inlined would be boxed.
   */
  private siftDownFrom(src: number, n: number): void {
    const times = this.times;
    const orders = this.orders;
    const lt = times[src] as number;
    const lo = orders[src] as number;
    const slot = this.slots[src] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      let ct = times[l] as number;
      let co = orders[l] as number;
      const r = l + 1;
      if (r < n) {
        const rt = times[r] as number;
        const ro = orders[r] as number;
        if (rt < ct || (rt === ct && ro < co)) {
          c = r;
          ct = rt;
          co = ro;
        }
      }
      if (lt < ct || (lt === ct && lo < co)) break;
      this.move(c, i);
      i = c;
    }
    times[i] = lt;
    orders[i] = lo;
    this.slots[i] = slot;
  }

  /** Time of the next queued event, or Infinity. */
  peekTime(): Micros {
    return this.size === 0 ? Infinity : (this.times[0] as number);
  }

  /** Remove the top event and run it. */
  private runTop(): void {
    const slot = this.slots[0] as number;
    const target = this.targets[slot]; // undefined: killed
    const tag = this.tags[slot] as number;
    const data = this.datas[slot];
    const gen = this.gens[slot] as number;
    const lane = this.laneOf[slot] as number;
    this.targets[slot] = undefined;
    this.datas[slot] = undefined;
    this.free[this.freeCount++] = slot;
    // The times array holds doubles; a time that fits an int32 goes back as one, so
    // the times derived from `now` and stored in sockets stay unboxed small integers
    // (a double read from the array would be stored as a 16-byte heap number).
    const t = this.times[0] as number;
    this.now = (t | 0) === t ? t | 0 : t;
    if (lane >= 0) this.laneCount[lane] = (this.laneCount[lane] as number) - 1;
    const behind = lane >= 0 ? (this.ringLen[lane] as number) : 0;
    if (behind > 0) {
      // The lane's next entry takes the root.
      const rt = this.ringTimes[lane] as Float64Array;
      const h = this.ringHead[lane] as number;
      const n = this.size;
      this.times[n] = rt[h] as number;
      this.orders[n] = (this.ringOrders[lane] as Float64Array)[h] as number;
      this.slots[n] = (this.ringSlots[lane] as Int32Array)[h] as number;
      this.ringHead[lane] = (h + 1) & (rt.length - 1);
      this.ringLen[lane] = behind - 1;
      this.siftDownFrom(n, n);
    } else {
      const n = --this.size;
      if (n > 0) this.siftDownFrom(n, n);
    }
    this.executed++;
    if (target !== undefined) target.onEvent(tag, data, gen);
  }

  /** Run every event with time <= until; leaves `now` at `until`. */
  runUntil(until: Micros): void {
    while (this.size > 0 && (this.times[0] as number) <= until) this.runTop();
    if (until > this.now && until !== Infinity) this.now = (until | 0) === until ? until | 0 : until;
  }

  /** Run one event. Returns false when the queue is empty. */
  step(): boolean {
    if (this.size === 0) return false;
    this.runTop();
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

/** "No timer" in an InlineTimer's fields: a small integer, unlike Infinity, so V8 boxes no field. */
export const NO_TIMER = -1;

/**
 * A one-shot timer kept as three fields of its owner instead of a Timer
 * object, for the timers every connection arms (retransmit, SYN-ACK,
 * TIME_WAIT): same lazy-cancel rules as Timer. The owner's queued events
 * carry the timer's tag and its generation; its onEvent() passes them to
 * inlineExpired().
 */
export interface InlineTimer extends EventTarget {
  /** Generation of the live heap entry. */
  timerGen: number;
  /** When the timer should fire; NO_TIMER when not armed. */
  timerDeadline: Micros;
  /** Time of the heap entry that is still live; NO_TIMER if none. */
  timerQueuedAt: Micros;
}

/** Timer.arm() for an inline timer. */
export function inlineArm(t: InlineTimer, sched: Scheduler, tag: number, at: Micros): void {
  t.timerDeadline = at;
  if (t.timerQueuedAt !== NO_TIMER && t.timerQueuedAt <= at) return; // the queued entry will re-queue itself
  t.timerGen++;
  t.timerQueuedAt = at;
  sched.schedule(at, t, tag, undefined, t.timerGen);
}

/** Timer.cancel() for an inline timer. */
export function inlineCancel(t: InlineTimer): void {
  if (t.timerDeadline === NO_TIMER && t.timerQueuedAt === NO_TIMER) return;
  t.timerDeadline = NO_TIMER;
  t.timerQueuedAt = NO_TIMER;
  t.timerGen++;
}

/** An InlineTimer that remembers the scheduler slot of its live entry, so a cancel can kill() it. */
export interface SlottedTimer extends InlineTimer {
  /** Payload slot of the entry queued at timerQueuedAt (meaningless when that is NO_TIMER). */
  timerSlot: number;
}

/** inlineArm() that records the slot of a new entry. */
export function slottedArm(t: SlottedTimer, sched: Scheduler, tag: number, at: Micros): void {
  const g = t.timerGen;
  inlineArm(t, sched, tag, at);
  if (t.timerGen !== g) t.timerSlot = sched.lastSlot;
}

/**
 * inlineCancel() that also kills the live entry: a socket's retransmit or
 * SYN-ACK timer is cancelled on every connection (the ACK came), and its entry
 * would otherwise surface up to a second later to touch a socket long gone.
 */
export function slottedCancel(t: SlottedTimer, sched: Scheduler): void {
  if (t.timerQueuedAt !== NO_TIMER) sched.kill(t.timerSlot, t, t.timerGen);
  inlineCancel(t);
}

/** inlineExpired() that records the slot of the entry it re-queues. */
export function slottedExpired(t: SlottedTimer, sched: Scheduler, tag: number, gen: number, now: Micros): boolean {
  const g = t.timerGen;
  const fired = inlineExpired(t, sched, tag, gen, now);
  if (t.timerGen !== g) t.timerSlot = sched.lastSlot;
  return fired;
}

/** Timer.expired() for an inline timer: true when it really fires now (and disarms it). */
export function inlineExpired(t: InlineTimer, sched: Scheduler, tag: number, gen: number, now: Micros): boolean {
  if (gen !== t.timerGen) return false;
  if (t.timerDeadline === NO_TIMER) {
    t.timerQueuedAt = NO_TIMER;
    return false;
  }
  if (t.timerDeadline > now) {
    t.timerGen++;
    t.timerQueuedAt = t.timerDeadline;
    sched.schedule(t.timerDeadline, t, tag, undefined, t.timerGen);
    return false;
  }
  t.timerDeadline = NO_TIMER;
  t.timerQueuedAt = NO_TIMER;
  return true;
}
