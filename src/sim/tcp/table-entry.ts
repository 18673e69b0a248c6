/**
 * What the connection table (Linux "ehash") holds: full sockets, request
 * sockets for half-open passive connections, and TIME_WAIT mini-sockets.
 */
import type { Segment } from "../segment.ts";
import type { SocketRef, TcpState } from "../trace.ts";

/** What every entry of the connection table has (the union of entries is `Conn`, tcp/conn-table.ts). */
export interface TableEntry {
  readonly kind: "sock" | "req" | "tw";
  readonly state: TcpState;
  readonly ref: SocketRef;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  /** Key in the host's connection table (ConnTable.key() of the four fields above). */
  readonly key: number;
  receive(seg: Segment): void;
}

/**
 * The table key of a 4-tuple: a number, not a string (a string key was built
 * and hashed per segment, and kept per connection). The IP pair is interned
 * per table (pair index p, in order of first use); the key is
 * p × 2³² + int32(localPort << 16 | remotePort), so the first pair's keys are
 * small integers and keys of different pairs never meet.
 */
export type ConnKey = number;

export const PAIR_STRIDE = 4294967296;
const HALF_STRIDE = 2147483648;

/** The IP pair index of a key. */
export function keyPair(key: ConnKey): number {
  return Math.floor((key + HALF_STRIDE) / PAIR_STRIDE);
}

/** The local port of a key. */
export function keyLocalPort(key: ConnKey): number {
  return (key - keyPair(key) * PAIR_STRIDE) >>> 16;
}

/** The remote port of a key. */
export function keyRemotePort(key: ConnKey): number {
  return (key - keyPair(key) * PAIR_STRIDE) & 0xffff;
}
