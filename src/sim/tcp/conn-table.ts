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
import type { TableEntry } from "./conn.ts";
import type { PortTable } from "./ports.ts";

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
  readonly map = new Map<string, Conn>();
  lazy: LazyConns | undefined = undefined;
  ports: PortTable | undefined = undefined;

  /** Bring the fast path's connections into the table. */
  materialize(): void {
    const l = this.lazy;
    if (l !== undefined && l.pending > 0) l.materialize();
  }

  /** Every entry, the fast path's included. */
  all(): Map<string, Conn> {
    this.materialize();
    return this.map;
  }

  /** The entry for a 4-tuple key (tcp_v4_rcv()'s __inet_lookup_established()). */
  lookup(key: string): Conn | undefined {
    const c = this.map.get(key);
    if (c !== undefined || this.lazy === undefined || this.lazy.pending === 0) return c;
    this.materialize();
    return this.map.get(key);
  }

  insert(key: string, c: TableEntry): void {
    this.materialize(); // older lazily held connections come first in the table
    this.map.set(key, c as Conn);
    this.ports?.occupied(c);
  }

  /** Put `c` where another object of the same 4-tuple was (child for request, TIME_WAIT for socket). */
  replace(key: string, c: TableEntry): void {
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
