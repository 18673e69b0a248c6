/**
 * The connection table's storage: a map from numeric keys (tcp/table-entry.ts
 * ConnKey: an IP-pair number × 2³² + int32 ports) to entries, in insertion
 * order, like a `Map` but built for it. The role of Linux's ehash buckets
 * (inet_ehash_bucket), which chain sockets by a hash of the 4-tuple.
 *
 * Why not `Map`: a profile of the bulk hour had V8's Map lookup
 * (FindOrderedHashMapEntry) as the largest single cost, and keys of a second
 * IP pair are above 2³¹, so `Map` stores each one as a 16-byte heap number.
 * Here the keys are in a Float64Array, found through an open-addressing
 * index (linear probing over a mixed hash, Int32Array of entry positions + 1; 0 empty, -1
 * deleted), and the entries sit in insertion order in two arrays; a deleted
 * entry leaves a hole that is squeezed out when the arrays are full. `set`
 * on a present key replaces the value in place, as Map.set does, so `ss`
 * lists connections in the same order.
 *
 * Iterating while entries are added may miss the added ones if the arrays
 * are compacted meanwhile (Map would show them); nothing in the core does so.
 */
export class KeyTable<V> implements ReadonlyMap<number, V> {
  private index = new Int32Array(64);
  private mask = 63;
  /** Index slots that are not empty (live + deleted): the index grows or is rebuilt at half full. */
  private used = 0;
  private ks = new Float64Array(32);
  // A filled (not holey) array, so V8 keeps it in fast element mode.
  private vals: (V | undefined)[] = Array.from({ length: 32 }, () => undefined);
  /** Entry positions in use (live entries and holes). */
  private len = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /**
   * Where a key hashes in the index: its two halves mixed by murmur3's
   * finalizer (fmix32), so every bit of the ports reaches the low bits the
   * mask keeps (a bare multiply would leave them equal for one remote port).
   */
  private slotOf(key: number): number {
    const lo = key | 0; // the low 32 bits (ports)
    const hi = (key - lo) / 4294967296; // the IP-pair number
    let h = lo ^ Math.imul(hi | 0, 0x27d4eb2d);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** The entry position of `key`, or -1. */
  private find(key: number): number {
    const index = this.index;
    const mask = this.mask;
    let s = this.slotOf(key) & mask;
    for (;;) {
      const v = index[s] as number;
      if (v === 0) return -1;
      if (v > 0 && this.ks[v - 1] === key) return v - 1;
      s = (s + 1) & mask;
    }
  }

  get(key: number): V | undefined {
    const p = this.find(key);
    return p < 0 ? undefined : this.vals[p];
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  set(key: number, v: V): this {
    const p = this.find(key);
    if (p >= 0) {
      this.vals[p] = v;
      return this;
    }
    if (this.len === this.ks.length) this.makeRoom();
    // Index at most half full (deleted slots count): grow it, or rebuild it without them.
    if ((this.used + 1) * 2 > this.index.length) this.rebuild((this.live + 1) * 4 > this.index.length);
    const pos = this.len++;
    this.ks[pos] = key;
    this.vals[pos] = v;
    this.live++;
    this.place(key, pos);
    return this;
  }

  delete(key: number): boolean {
    const index = this.index;
    const mask = this.mask;
    let s = this.slotOf(key) & mask;
    for (;;) {
      const v = index[s] as number;
      if (v === 0) return false;
      if (v > 0 && this.ks[v - 1] === key) {
        index[s] = -1;
        this.vals[v - 1] = undefined;
        this.live--;
        return true;
      }
      s = (s + 1) & mask;
    }
  }

  /** Put entry position `pos` into the index (its key is absent from it). */
  private place(key: number, pos: number): void {
    const index = this.index;
    const mask = this.mask;
    let s = this.slotOf(key) & mask;
    while ((index[s] as number) > 0) s = (s + 1) & mask;
    if (index[s] === 0) this.used++;
    index[s] = pos + 1;
  }

  /** The entry arrays are full: squeeze out the holes, or double them when at least half are live. */
  private makeRoom(): void {
    const n = this.ks.length;
    if (this.live * 2 >= n) {
      const k = new Float64Array(n * 2);
      k.set(this.ks);
      this.ks = k;
      for (let i = n; i < n * 2; i++) this.vals.push(undefined);
      return;
    }
    let w = 0;
    for (let r = 0; r < this.len; r++) {
      const v = this.vals[r];
      if (v === undefined) continue;
      this.ks[w] = this.ks[r] as number;
      this.vals[w++] = v;
    }
    for (let i = w; i < this.len; i++) this.vals[i] = undefined;
    this.len = w;
    this.rebuild(false);
  }

  /** A fresh index (twice the size if `grow`) over the live entries; drops deleted slots. */
  private rebuild(grow: boolean): void {
    const cap = grow ? this.index.length * 2 : this.index.length;
    this.index = new Int32Array(cap);
    this.mask = cap - 1;
    this.used = 0;
    for (let p = 0; p < this.len; p++) if (this.vals[p] !== undefined) this.place(this.ks[p] as number, p);
  }

  *entries(): MapIterator<[number, V]> {
    for (let p = 0; p < this.len; p++) {
      const v = this.vals[p];
      if (v !== undefined) yield [this.ks[p] as number, v];
    }
  }

  *keys(): MapIterator<number> {
    for (let p = 0; p < this.len; p++) if (this.vals[p] !== undefined) yield this.ks[p] as number;
  }

  *values(): MapIterator<V> {
    for (let p = 0; p < this.len; p++) {
      const v = this.vals[p];
      if (v !== undefined) yield v;
    }
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: number, map: ReadonlyMap<number, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
