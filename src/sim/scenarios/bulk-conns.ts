/**
 * The bulk fast path's connection store (see load.ts): connections that the
 * fast path advanced are kept as numbers in FIFO rings instead of
 * TimeWaitSock objects in the host's connection table.
 *
 * Every connection reaches TIME_WAIT at t0 + 4 × delay and leaves it
 * TCP_TIMEWAIT_LEN later, so both moments come in arrival order: two FIFO
 * lanes over one ring, and only each lane's head sits in the scheduler's
 * heap. Each head is queued with the insertion number it would have had
 * (Scheduler.reserveOrder() at the moment the full engine would have
 * scheduled it), so events at the same microsecond run in the same order as
 * with one heap entry per connection.
 *
 * Nothing outside can tell: the host calls materialize() (Host.lazyConns)
 * before anyone reads or extends its connection table, a segment arrives for
 * an unknown 4-tuple, or a port scan needs TIME_WAIT sockets; the held
 * connections then become ordinary TimeWaitSocks, in arrival order, with
 * their timers at the reserved positions.
 */
import type { Host } from "../host.ts";
import type { LazyConns } from "../tcp/conn-table.ts";
import type { EventTarget } from "../scheduler.ts";
import type { DestIndex } from "../tcp/ports.ts";
import type { Listener } from "../tcp/listener.ts";
import type { TimeWaitSock } from "../tcp/timewait.ts";
import type { Micros } from "../segment.ts";

/** Waiting for t0 + 4d. */
const PENDING = 0;
/** In TIME_WAIT, expiry lane. */
const LIVE = 1;
/** Expired or overflowed (tcp_max_tw_buckets): slot free once the expiry lane passes it. */
const GONE = 2;
/** Handed to the table while pending: the enter lane still has to enter it (as a TimeWaitSock). */
const MAT_PENDING = 3;
/** Handed to the table while in TIME_WAIT: its own timer expires it. */
const MAT = 4;

const TAG_ENTER = 1;
const TAG_EXPIRE = 2;

/** One destination the load uses: (source IP, server IP, server port) and its port index. */
export interface BulkDest {
  readonly index: DestIndex;
  readonly localIp: string;
  readonly dstPort: number;
  /** The server's listener (its fixed ISN, if any). */
  readonly listener: Listener;
}

/** What the owner supplies: how to build the real socket, and the TIME_WAIT entry rules. */
export interface BulkOwner {
  /** The TimeWaitSock the full engine would hold for this connection (deferred: not counted, no timer). */
  build(dest: BulkDest, port: number, t0: Micros, enteredAt: Micros): TimeWaitSock;
  /** TcpSocket.enterTimeWait() for a connection handed over while pending. */
  enterTimeWait(tw: TimeWaitSock): void;
}

export class BulkConns implements LazyConns, EventTarget {
  private readonly host: Host;
  private readonly owner: BulkOwner;
  private readonly dests: BulkDest[] = [];
  /** t0 → entering TIME_WAIT (4 × link delay). */
  private readonly enterAfter: Micros;
  private cap = 1024;
  private mask = 1023;
  private port = new Int32Array(1024);
  private dest = new Int32Array(1024);
  private state = new Uint8Array(1024);
  private t0 = new Float64Array(1024);
  private enterOrder = new Float64Array(1024);
  private expireAt = new Float64Array(1024);
  private expireOrder = new Float64Array(1024);
  /** Absolute positions: expiry lane head <= enter lane head <= tail. */
  private expHead = 0;
  private enterHead = 0;
  private tail = 0;
  private held = 0;
  private flushing = false;
  private enterQueued = false;
  private expireQueued = false;
  private readonly matPending = new Map<number, TimeWaitSock>();
  /** tcp_max_tw_buckets, read again whenever the host's sysctl table changes. */
  private maxTw = Infinity;
  private sysctlVersion = -1;

  constructor(host: Host, owner: BulkOwner, enterAfter: Micros) {
    this.host = host;
    this.owner = owner;
    this.enterAfter = enterAfter;
  }

  /** Connections held outside the table (LazyConns). */
  get pending(): number {
    return this.flushing ? 0 : this.held;
  }

  /** Register a destination; returns its number for add(). */
  addDest(d: BulkDest): number {
    this.dests.push(d);
    return this.dests.length - 1;
  }

  /**
   * A connection that got `port` at t0 = now. The caller has done the port
   * choice; this takes the port (occupancy and bind ownership) and queues
   * the TIME_WAIT entry at t0 + 4d.
   */
  add(destNo: number, port: number): void {
    const h = this.host;
    const d = this.dests[destNo] as BulkDest;
    h.ports.occupy(d.index, port);
    h.ports.bulkOwners[port] = (h.ports.bulkOwners[port] as number) + 1;
    if (this.tail - this.expHead === this.cap) this.grow();
    const i = this.tail & this.mask;
    this.port[i] = port;
    this.dest[i] = destNo;
    this.state[i] = PENDING;
    const now = h.sched.now;
    this.t0[i] = now;
    // Where schedule(t0 + 4d, ...) would have put the enter event.
    this.enterOrder[i] = h.sched.reserveOrder();
    this.tail++;
    this.held++;
    if (!this.enterQueued) this.queueEnter();
  }

  private grow(): void {
    const n = this.cap * 2;
    const m = n - 1;
    const port = new Int32Array(n);
    const dest = new Int32Array(n);
    const state = new Uint8Array(n);
    const t0 = new Float64Array(n);
    const eo = new Float64Array(n);
    const xa = new Float64Array(n);
    const xo = new Float64Array(n);
    for (let a = this.expHead; a < this.tail; a++) {
      const i = a & this.mask;
      const j = a & m;
      port[j] = this.port[i] as number;
      dest[j] = this.dest[i] as number;
      state[j] = this.state[i] as number;
      t0[j] = this.t0[i] as number;
      eo[j] = this.enterOrder[i] as number;
      xa[j] = this.expireAt[i] as number;
      xo[j] = this.expireOrder[i] as number;
    }
    this.port = port;
    this.dest = dest;
    this.state = state;
    this.t0 = t0;
    this.enterOrder = eo;
    this.expireAt = xa;
    this.expireOrder = xo;
    this.cap = n;
    this.mask = m;
  }

  private queueEnter(): void {
    if (this.enterHead >= this.tail) {
      this.enterQueued = false;
      return;
    }
    const i = this.enterHead & this.mask;
    this.enterQueued = true;
    this.host.sched.scheduleOrdered(
      (this.t0[i] as number) + this.enterAfter,
      this.enterOrder[i] as number,
      this,
      TAG_ENTER,
    );
  }

  private queueExpire(): void {
    while (this.expHead < this.enterHead && this.state[this.expHead & this.mask] !== LIVE) this.expHead++;
    if (this.expHead >= this.enterHead) {
      this.expireQueued = false;
      return;
    }
    const i = this.expHead & this.mask;
    this.expireQueued = true;
    this.host.sched.scheduleOrdered(this.expireAt[i] as number, this.expireOrder[i] as number, this, TAG_EXPIRE);
  }

  onEvent(tag: number): void {
    if (tag === TAG_ENTER) this.enterOne();
    else this.expireOne();
  }

  /** The connection at the enter head processes the server's FIN (TcpSocket.enterTimeWait()). */
  private enterOne(): void {
    const a = this.enterHead++;
    const i = a & this.mask;
    const st = this.state[i];
    if (st === PENDING) {
      const h = this.host;
      if (h.sysctl.version !== this.sysctlVersion) {
        this.sysctlVersion = h.sysctl.version;
        this.maxTw = h.sysctl.num("net.ipv4.tcp_max_tw_buckets", Infinity);
      }
      if (h.twCount >= this.maxTw) {
        // inet_twsk_alloc() fails: no TIME_WAIT, the port is free at once.
        h.counterSet.inc("TcpExtTCPTimeWaitOverflow");
        this.release(i);
      } else {
        const len = h.traits.timeWaitLen;
        h.twCount++;
        // __inet_twsk_schedule(): TcpExtTW (TcpExtTWKilled for 4 s or less).
        h.counterSet.inc(len <= 4_000_000 ? "TcpExtTWKilled" : "TcpExtTW");
        this.state[i] = LIVE;
        this.expireAt[i] = h.sched.now + len;
        this.expireOrder[i] = h.sched.reserveOrder();
        if (!this.expireQueued) this.queueExpire();
      }
    } else if (st === MAT_PENDING) {
      const tw = this.matPending.get(a);
      this.matPending.delete(a);
      if (tw !== undefined) this.owner.enterTimeWait(tw);
    }
    this.queueEnter();
  }

  /** The connection at the expiry head leaves TIME_WAIT (its timer fired). */
  private expireOne(): void {
    const i = this.expHead & this.mask;
    if (
      this.expHead < this.enterHead &&
      this.state[i] === LIVE &&
      (this.expireAt[i] as number) <= this.host.sched.now
    ) {
      this.host.twCount--;
      this.release(i);
      this.expHead++;
    }
    this.queueExpire();
  }

  private release(i: number): void {
    const h = this.host;
    const port = this.port[i] as number;
    h.ports.unoccupy((this.dests[this.dest[i] as number] as BulkDest).index, port);
    h.ports.bulkOwners[port] = (h.ports.bulkOwners[port] as number) - 1;
    this.state[i] = GONE;
    this.held--;
  }

  /** LazyConns: hand every held connection to the table as a TimeWaitSock, oldest first. */
  materialize(): void {
    if (this.flushing || this.held === 0) return;
    this.flushing = true;
    const h = this.host;
    const now = h.sched.now;
    for (let a = this.expHead; a < this.tail; a++) {
      const i = a & this.mask;
      const st = this.state[i];
      if (st !== PENDING && st !== LIVE) continue;
      const port = this.port[i] as number;
      const d = this.dests[this.dest[i] as number] as BulkDest;
      const t0 = this.t0[i] as number;
      const live = st === LIVE;
      const enteredAt = live ? (this.expireAt[i] as number) - h.traits.timeWaitLen : t0 + this.enterAfter;
      const tw = this.owner.build(d, port, t0, enteredAt);
      // The port moves from the bulk count to an ordinary bind bucket owner.
      h.ports.bulkOwners[port] = (h.ports.bulkOwners[port] as number) - 1;
      h.ports.acquire(port, false, false);
      h.insertConn(tw.key, tw);
      if (live) {
        tw.adoptTimer(this.expireAt[i] as number, this.expireOrder[i] as number);
        this.state[i] = MAT;
      } else {
        this.state[i] = MAT_PENDING;
        this.matPending.set(a, tw);
      }
      this.held--;
    }
    this.flushing = false;
    if (now !== h.sched.now) throw new Error("bulk-conns: the clock moved during materialize()");
  }
}
