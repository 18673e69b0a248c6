/**
 * Local port bookkeeping: bind buckets (Linux "bhash") and, per destination,
 * which local ports already have a connection to it.
 *
 * Linux picks connect() ports in __inet_hash_connect(): a keyed hash of
 * (source IP, destination IP, destination port) plus a perturbation table
 * gives a starting offset (RFC 6056 §3.3.4, "Double-Hash Port Selection");
 * ports with the parity of the range's low end are scanned first, then the
 * others. A port qualifies when its 4-tuple is free, or held by a TIME_WAIT
 * socket that may be reused, and no explicit bind() owns it.
 *
 * To keep huge runs fast, each destination keeps a bitmap of occupied local
 * ports and a count of free ones, so a connect() with no usable port fails
 * in O(1) instead of scanning 28 232 ports.
 */
import type { TableEntry } from "./table-entry.ts";

/** A TIME_WAIT socket as the port table sees it. */
export interface TwLike extends TableEntry {
  readonly enteredAt: number;
  readonly alive: boolean;
  /** When the last timestamp was received; -1: timestamps were not in use. */
  readonly tsRecentStamp: number;
}

export class DestIndex {
  readonly occ = new Uint8Array(65536);
  /**
   * Free (unoccupied) ports of the range as bitmaps, one per parity relative
   * to the low end: bit j of free[p] is port lo + p + 2j. The connect() scan
   * reads 32 ports per word instead of one byte per port. Kept in step with
   * `occ` by PortTable (rebuilt when the range changes).
   */
  freeBits: [Uint32Array, Uint32Array] = [new Uint32Array(0), new Uint32Array(0)];
  /** Free usable ports in the range, per parity relative to the low end: [same as low, other]. */
  readonly freeBy: [number, number] = [0, 0];
  get free(): number {
    return this.freeBy[0] + this.freeBy[1];
  }

  adjust(parity: number, delta: number): void {
    if (parity === 0) this.freeBy[0] += delta;
    else this.freeBy[1] += delta;
  }
  /** TIME_WAIT sockets toward this destination, oldest first (lazy deletion). */
  tws: TwLike[] = [];
  twHead = 0;

  oldestTw(): TwLike | undefined {
    while (this.twHead < this.tws.length) {
      const tw = this.tws[this.twHead] as TwLike;
      if (tw.alive) return tw;
      this.twHead++;
    }
    if (this.twHead > 0) {
      this.tws = [];
      this.twHead = 0;
    }
    return undefined;
  }

  pushTw(tw: TwLike): void {
    if (this.twHead > 4096 && this.twHead * 2 > this.tws.length) {
      this.tws = this.tws.slice(this.twHead);
      this.twHead = 0;
    }
    this.tws.push(tw);
  }
}

/**
 * First j in [from, count) whose bit is set in `bits`, or -1. Bits at or past
 * `count` are never set.
 */
function firstSetFrom(bits: Uint32Array, from: number, count: number): number {
  if (from >= count) return -1;
  let w = from >>> 5;
  let word = (bits[w] as number) & (~0 << (from & 31));
  const nw = (count + 31) >>> 5;
  for (;;) {
    if (word !== 0) return (w << 5) + (31 - Math.clz32(word & -word));
    if (++w >= nw) return -1;
    word = bits[w] as number;
  }
}

const PERTURB_SIZE = 1024;

/** The connection table as the port table reads it (tcp/conn-table.ts). */
export interface ConnLookup {
  readonly map: ReadonlyMap<number, TableEntry>;
  find(localIp: string, localPort: number, remoteIp: string, remotePort: number): TableEntry | undefined;
}

export class PortTable {
  // Bind buckets (inet_bind_bucket), one per port in use, as counts per port
  // (no object or Map entry per connection): owners, owners with SO_REUSEADDR,
  // listeners, and 1 when the bucket was created by bind() (fastreuse >= 0:
  // connect()'s automatic choice skips it). A bucket exists while owners > 0.
  private readonly owners = new Int32Array(65536);
  private readonly reuseOwners = new Int32Array(65536);
  private readonly listenerOwners = new Int32Array(65536);
  private readonly explicitBucket = new Uint8Array(65536);
  private readonly dests = new Map<string, DestIndex>();
  /** ip_local_reserved_ports. */
  readonly reserved = new Set<number>();
  /** table_perturb[] of __inet_hash_connect(). */
  readonly perturb = new Uint32Array(PERTURB_SIZE);
  lo: number;
  hi: number;
  /**
   * Per port, how many connections the bulk fast path holds outside the
   * connection table and the bind buckets (scenarios/load.ts): they own the
   * port like a bucket owner without SO_REUSEADDR.
   */
  readonly bulkOwners = new Int32Array(65536);
  /** Per port: 1 = an explicit bind() bucket, 2 = ip_local_reserved_ports (connect() skips both). */
  private readonly blocked = new Uint8Array(65536);
  private readonly ehash: ConnLookup;
  private readonly materialize: () => void;

  constructor(ehash: ConnLookup, materialize: () => void, range: readonly [number, number]) {
    this.ehash = ehash;
    this.materialize = materialize;
    this.lo = range[0];
    this.hi = range[1];
  }

  private blockedForConnect(port: number): boolean {
    return this.blocked[port] !== 0;
  }

  setRange(range: readonly [number, number]): void {
    this.lo = range[0];
    this.hi = range[1];
    for (const d of this.dests.values()) this.recount(d);
  }

  private recount(d: DestIndex): void {
    d.freeBy[0] = 0;
    d.freeBy[1] = 0;
    const n = this.hi - this.lo + 1;
    const bits: [Uint32Array, Uint32Array] = [
      new Uint32Array((((n + 1) >> 1) + 31) >>> 5),
      new Uint32Array(((n >> 1) + 31) >>> 5),
    ];
    for (let p = this.lo; p <= this.hi; p++) {
      if (d.occ[p] !== 0) continue;
      const par = (p - this.lo) & 1;
      const j = (p - this.lo) >> 1;
      const b = bits[par] as Uint32Array;
      b[j >>> 5] = (b[j >>> 5] as number) | (1 << (j & 31));
      if (!this.blockedForConnect(p)) d.adjust(par, 1);
    }
    d.freeBits = bits;
  }

  /** Mirror occ[port] into the parity bitmaps (ports outside the range have no bit). */
  private setFreeBit(d: DestIndex, port: number, free: boolean): void {
    if (port < this.lo || port > this.hi) return;
    const off = port - this.lo;
    const j = off >> 1;
    const bits = d.freeBits[off & 1] as Uint32Array;
    if (free) bits[j >>> 5] = (bits[j >>> 5] as number) | (1 << (j & 31));
    else bits[j >>> 5] = (bits[j >>> 5] as number) & ~(1 << (j & 31));
  }

  private blockChanged(port: number, blocked: boolean): void {
    if (port < this.lo || port > this.hi) return;
    const par = (port - this.lo) & 1;
    for (const d of this.dests.values()) if (d.occ[port] === 0) d.adjust(par, blocked ? -1 : 1);
  }

  reserve(port: number): void {
    const was = this.blockedForConnect(port);
    this.reserved.add(port);
    this.blocked[port] = (this.blocked[port] as number) | 2;
    if (!was) this.blockChanged(port, true);
  }

  /** Would bind(port) conflict? (inet_csk_bind_conflict, simplified to per-port.) */
  bindConflict(port: number, reuseAddr: boolean): boolean {
    const own = this.owners[port] as number;
    const owners = own + (this.bulkOwners[port] as number);
    if (owners <= 0) return false;
    // SO_REUSEADDR lets sockets share a port only when every owner set it and none listens.
    return !(reuseAddr && own > 0 && this.reuseOwners[port] === owners && this.listenerOwners[port] === 0);
  }

  acquire(port: number, reuseAddr: boolean, explicit: boolean, listener = false): void {
    const owners = this.owners[port] as number;
    if (owners === 0) {
      // inet_bind_bucket_create()
      this.explicitBucket[port] = explicit ? 1 : 0;
      if (explicit) {
        if (!this.reserved.has(port)) this.blockChanged(port, true);
        this.blocked[port] = (this.blocked[port] as number) | 1;
      }
    }
    this.owners[port] = owners + 1;
    if (reuseAddr) this.reuseOwners[port] = (this.reuseOwners[port] as number) + 1;
    if (listener) this.listenerOwners[port] = (this.listenerOwners[port] as number) + 1;
  }

  release(port: number, reuseAddr: boolean, listener = false): void {
    const owners = this.owners[port] as number;
    if (owners === 0) return;
    this.owners[port] = owners - 1;
    if (reuseAddr) this.reuseOwners[port] = (this.reuseOwners[port] as number) - 1;
    if (listener) this.listenerOwners[port] = (this.listenerOwners[port] as number) - 1;
    if (owners === 1) {
      // inet_bind_bucket_destroy(): the bucket goes with its last owner.
      this.reuseOwners[port] = 0;
      this.listenerOwners[port] = 0;
      if (this.explicitBucket[port] !== 0) {
        this.explicitBucket[port] = 0;
        this.blocked[port] = (this.blocked[port] as number) & ~1;
        if (!this.reserved.has(port)) this.blockChanged(port, false);
      }
    }
  }

  private destKey(localIp: string, remoteIp: string, remotePort: number): string {
    return localIp + ">" + remoteIp + ":" + remotePort;
  }

  /** The destination index, built on first use from the connection table. */
  dest(localIp: string, remoteIp: string, remotePort: number): DestIndex {
    const memo = this.destIndexOf(localIp, remoteIp, remotePort);
    if (memo !== undefined) return memo;
    this.materialize();
    const k = this.destKey(localIp, remoteIp, remotePort);
    const d = new DestIndex();
    const tws: TwLike[] = [];
    for (const c of this.ehash.map.values()) {
      if (c.localIp === localIp && c.remoteIp === remoteIp && c.remotePort === remotePort) {
        d.occ[c.localPort] = 1;
        if (c.kind === "tw") tws.push(c as TwLike);
      }
    }
    tws.sort((a, b) => a.enteredAt - b.enteredAt);
    d.tws = tws;
    this.recount(d);
    this.dests.set(k, d);
    this.memoRemotePort = -1; // the memo may have cached "no index" for this destination
    return d;
  }

  // One-entry memo of destIndexOf(): bulk runs hit the same destination again and again.
  private memoLocalIp = "";
  private memoRemoteIp = "";
  private memoRemotePort = -1;
  private memoDest: DestIndex | undefined = undefined;

  /** The destination index if one was built, else undefined (without building the key string when it can). */
  private destIndexOf(localIp: string, remoteIp: string, remotePort: number): DestIndex | undefined {
    if (remotePort === this.memoRemotePort && localIp === this.memoLocalIp && remoteIp === this.memoRemoteIp)
      return this.memoDest;
    const d = this.dests.get(this.destKey(localIp, remoteIp, remotePort));
    this.memoLocalIp = localIp;
    this.memoRemoteIp = remoteIp;
    this.memoRemotePort = remotePort;
    this.memoDest = d;
    return d;
  }

  /** Called when a connection is put into the connection table. */
  occupied(c: TableEntry): void {
    if (this.dests.size === 0) return;
    const d = this.destIndexOf(c.localIp, c.remoteIp, c.remotePort);
    if (d === undefined) return;
    this.occupy(d, c.localPort);
    if (c.kind === "tw") d.pushTw(c as TwLike);
  }

  /** Mark `p` taken toward destination `d`. */
  occupy(d: DestIndex, p: number): void {
    if (d.occ[p] === 0) {
      d.occ[p] = 1;
      this.setFreeBit(d, p, false);
      if (p >= this.lo && p <= this.hi && !this.blockedForConnect(p)) d.adjust((p - this.lo) & 1, -1);
    }
  }

  /** Mark `p` free toward destination `d`. */
  unoccupy(d: DestIndex, p: number): void {
    if (d.occ[p] === 1) {
      d.occ[p] = 0;
      this.setFreeBit(d, p, true);
      if (p >= this.lo && p <= this.hi && !this.blockedForConnect(p)) d.adjust((p - this.lo) & 1, 1);
    }
  }

  /** Called when a connection leaves the connection table. */
  vacated(c: TableEntry): void {
    if (this.dests.size === 0) return;
    const d = this.destIndexOf(c.localIp, c.remoteIp, c.remotePort);
    if (d === undefined) return;
    this.unoccupy(d, c.localPort);
  }

  /**
   * __inet_hash_connect()'s scan. `hash` is the keyed hash of the
   * destination; `usable` decides about an occupied 4-tuple (a TIME_WAIT that
   * may be reused). Returns the port, or -1 (EADDRNOTAVAIL). `step` receives
   * the perturbation advance so the caller can add its random part.
   */
  pickConnectPort(
    d: DestIndex,
    localIp: string,
    remoteIp: string,
    remotePort: number,
    hash: number,
    randomStep: () => number,
    usable: (c: TableEntry) => boolean,
    twReuseMayWork: (oldest: TwLike | undefined) => boolean,
  ): number {
    // If the oldest TIME_WAIT toward this destination cannot be reused, no younger
    // one can (the reuse delay counts from entering TIME_WAIT): occupied ports are
    // then skipped from the bitmap alone, and a parity with no free port is not scanned.
    const reuseAny = twReuseMayWork(d.oldestTw());
    if (d.free <= 0 && !reuseAny) return -1;
    const lo = this.lo;
    const n = this.hi - lo + 1;
    const nSame = (n + 1) >> 1; // offsets 0, 2, 4, ... (parity of lo)
    const nOther = n >> 1; // offsets 1, 3, 5, ...
    const idx = hash & (PERTURB_SIZE - 1);
    const offset = ((this.perturb[idx] as number) + hash) >>> 0;
    // offset % n without a floating-point `%` (offset is a uint32, often above 2^31): the
    // quotient of two integers below 2^53 rounds to the right side of every integer.
    const start = (offset - Math.floor(offset / n) * n) >> 1;
    for (let pass = 0; pass < 2; pass++) {
      const count = pass === 0 ? nSame : nOther;
      if (count === 0 || ((pass === 0 ? d.freeBy[0] : d.freeBy[1]) === 0 && !reuseAny)) continue;
      const k0 = start % count;
      if (!reuseAny) {
        // Occupied ports cannot be used at all: jump between free ports with the bitmap.
        // Same order and same answer as the port-by-port loop below.
        const bits = d.freeBits[pass] as Uint32Array;
        let j = firstSetFrom(bits, k0, count);
        let wrapped = false;
        for (;;) {
          if (j < 0) {
            if (wrapped) break;
            wrapped = true;
            j = firstSetFrom(bits, 0, k0);
            if (j < 0) break;
          }
          const port = lo + pass + 2 * j;
          if (!this.blockedForConnect(port)) {
            const i = j >= k0 ? j - k0 : j + count - k0;
            const adv = Math.max(2 * i, 2 * randomStep()) + 2;
            this.perturb[idx] = ((this.perturb[idx] as number) + adv) >>> 0;
            return port;
          }
          j = firstSetFrom(bits, j + 1, wrapped ? k0 : count);
        }
        continue;
      }
      this.materialize(); // the reuse scan reads TIME_WAIT sockets from the table
      for (let i = 0; i < count; i++) {
        const port = lo + pass + 2 * ((k0 + i) % count);
        if (d.occ[port] === 1) {
          if (!reuseAny) continue;
          const c = this.ehash.find(localIp, port, remoteIp, remotePort);
          if (c === undefined || !usable(c)) continue;
        }
        if (this.blockedForConnect(port)) continue;
        // A little randomness for the next choice, as the kernel does.
        const adv = Math.max(2 * i, 2 * randomStep()) + 2;
        this.perturb[idx] = ((this.perturb[idx] as number) + adv) >>> 0;
        return port;
      }
    }
    return -1;
  }

  /** inet_csk_find_open_port(): bind(0) prefers the other parity (odd ports with the default range). */
  pickBindPort(randomStart: number): number {
    const lo = this.lo;
    const n = this.hi - lo + 1;
    const nOdd = n >> 1;
    const nEven = (n + 1) >> 1;
    for (let pass = 0; pass < 2; pass++) {
      const par = pass === 0 ? 1 : 0;
      const count = par === 1 ? nOdd : nEven;
      if (count === 0) continue;
      const k0 = randomStart % count;
      for (let i = 0; i < count; i++) {
        const port = lo + par + 2 * ((k0 + i) % count);
        if (this.reserved.has(port) || this.bulkOwners[port] !== 0) continue;
        if (this.owners[port] === 0) return port;
      }
    }
    return -1;
  }
}
