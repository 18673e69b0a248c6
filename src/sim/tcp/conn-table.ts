/**
 * The connection table (Linux "ehash", inet_ehash_bucket): 4-tuple → full
 * socket, request socket (SYN_RECV) or TIME_WAIT mini-socket, in insertion
 * order, as ss lists them. Every entry keeps the port table's per-destination
 * occupancy in step.
 *
 * It is also the one seam of the bulk fast path (scenarios/load.ts): the
 * connections the fast path holds as plain numbers (`lazy`) are put into the
 * table, oldest first, before anyone reads it through `all()`, adds to it,
 * or looks up a 4-tuple it lacks, so no caller can tell the difference.
 */
import type { TcpSocket } from "./socket.ts";
import type { RequestSock } from "./listener.ts";
import type { TimeWaitSock } from "./timewait.ts";
import { keyPair, PAIR_STRIDE, type ConnKey, type TableEntry } from "./table-entry.ts";

export type { ConnKey };
import type { PortTable } from "./ports.ts";
import { KeyTable } from "./key-table.ts";

/** What the table holds: narrow on `kind` ("sock" | "req" | "tw"). */
export type Conn = TcpSocket | RequestSock | TimeWaitSock;

/** What the bulk fast path offers the table: how many connections it holds, and a way to hand them over. */
export interface LazyConns {
  readonly pending: number;
  /** Insert every held connection into the table (Host.insertConn), oldest first. */
  materialize(): void;
}

export class ConnTable {
  /** The entries, without the fast path's held connections (see all()). */
  readonly map = new KeyTable<Conn>();
  /** localIp → remoteIp → pair index. */
  private readonly pairs = new Map<string, Map<string, number>>();
  private nPairs = 0;
  /** Pair index → local IP, remote IP (a key names its 4-tuple without strings of its own). */
  private readonly pairLocal: string[] = [];
  private readonly pairRemote: string[] = [];
  lazy: LazyConns | undefined = undefined;
  ports: PortTable | undefined = undefined;
  // One-entry memo of the IP pair lookup: a host mostly talks to one peer at a time,
  // and the pair's strings are the same objects, so two Map lookups become two compares.
  private memoLocal = "";
  private memoRemote = "";
  private memoPair = -1;

  /** Bring the fast path's connections into the table. */
  materialize(): void {
    const l = this.lazy;
    if (l !== undefined && l.pending > 0) l.materialize();
  }

  /** The key of a 4-tuple (interns its IP pair). */
  key(localIp: string, localPort: number, remoteIp: string, remotePort: number): ConnKey {
    if (localIp === this.memoLocal && remoteIp === this.memoRemote)
      return this.memoPair * PAIR_STRIDE + ((localPort << 16) | remotePort);
    let byRemote = this.pairs.get(localIp);
    if (byRemote === undefined) {
      byRemote = new Map();
      this.pairs.set(localIp, byRemote);
    }
    let p = byRemote.get(remoteIp);
    if (p === undefined) {
      p = this.nPairs++;
      byRemote.set(remoteIp, p);
      this.pairLocal.push(localIp);
      this.pairRemote.push(remoteIp);
    }
    this.memoLocal = localIp;
    this.memoRemote = remoteIp;
    this.memoPair = p;
    return p * PAIR_STRIDE + ((localPort << 16) | remotePort);
  }

  /** The local IP of a key made by key(). */
  localIpOf(key: ConnKey): string {
    return this.pairLocal[keyPair(key)] as string;
  }

  /** The remote IP of a key made by key(). */
  remoteIpOf(key: ConnKey): string {
    return this.pairRemote[keyPair(key)] as string;
  }

  /** The key of a 4-tuple whose IP pair was keyed before, or -1 (then no entry has it). */
  private knownKey(localIp: string, localPort: number, remoteIp: string, remotePort: number): ConnKey {
    if (localIp === this.memoLocal && remoteIp === this.memoRemote)
      return this.memoPair * PAIR_STRIDE + ((localPort << 16) | remotePort);
    const p = this.pairs.get(localIp)?.get(remoteIp);
    if (p === undefined) return -1;
    this.memoLocal = localIp;
    this.memoRemote = remoteIp;
    this.memoPair = p;
    return p * PAIR_STRIDE + ((localPort << 16) | remotePort);
  }

  /** The entry for a 4-tuple (tcp_v4_rcv()'s __inet_lookup_established()), the fast path's included. */
  find(localIp: string, localPort: number, remoteIp: string, remotePort: number): Conn | undefined {
    let k = this.knownKey(localIp, localPort, remoteIp, remotePort);
    const c = k === -1 ? undefined : this.map.get(k);
    if (c !== undefined || this.lazy === undefined || this.lazy.pending === 0) return c;
    this.materialize();
    k = this.knownKey(localIp, localPort, remoteIp, remotePort);
    return k === -1 ? undefined : this.map.get(k);
  }

  /** Every entry, the fast path's included. */
  all(): ReadonlyMap<ConnKey, Conn> {
    this.materialize();
    return this.map;
  }

  insert(key: ConnKey, c: TableEntry): void {
    this.materialize(); // older lazily held connections come first in the table
    this.map.set(key, c as Conn);
    this.ports?.occupied(c);
  }

  /** Put `c` where another object of the same 4-tuple was (child for request, TIME_WAIT for socket). */
  replace(key: ConnKey, c: TableEntry): void {
    const old = this.map.get(key);
    if (old !== undefined) this.ports?.vacated(old);
    this.map.set(key, c as Conn);
    this.ports?.occupied(c);
  }

  remove(c: TableEntry): void {
    const key = c.key;
    if (this.map.get(key) === c) {
      this.map.delete(key);
      this.ports?.vacated(c);
    }
  }
}
