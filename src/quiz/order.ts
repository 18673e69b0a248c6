/**
 * Which orders of a shuffled capture the numbers allow. A student sees only
 * the rows (sender, name, seq, ack, len), not the simulator's clock, so every
 * order those rows are consistent with is right. An order is consistent when,
 * replayed row by row:
 * - each side's segments follow on from each other: a segment's seq is the
 *   sender's next sequence number (SYN and FIN each take one, RFC 9293 §3.4),
 *   so nothing is skipped or sent twice;
 * - a side's ack never goes back, and never acknowledges bytes the other side
 *   has not sent yet (a segment comes after the segment it acknowledges);
 * - a bare ACK (no data, SYN or FIN) acknowledges something new: it is sent
 *   only for that (the prompt states this assumption);
 * - the first row is the client's SYN (the connection starts there).
 * Sequence numbers are compared modulo 2^32, so orders near the wrap work.
 */
import type { SegmentRow } from "./types.ts";

const MOD = 2 ** 32;
const mod = (n: number): number => ((n % MOD) + MOD) % MOD;

function consumes(row: SegmentRow): number {
  return row.len + (row.name.includes("SYN") ? 1 : 0) + (row.name.includes("FIN") ? 1 : 0);
}

interface SideState {
  /** Next sequence number this side sends (undefined before its SYN). */
  next: number | undefined;
  /** Its last ack, as an offset from the peer's ISN (−1: none yet). */
  ack: number;
  isn: number | undefined;
}

/**
 * Every order (as strings of `letters`, one per row of `rows` in table order)
 * consistent with the rows, in lexicographic order; stops after `limit`.
 */
export function consistentOrders(rows: readonly SegmentRow[], letters: readonly string[], limit = 1000): string[] {
  const out: string[] = [];
  const used = rows.map(() => false);
  const side = {
    client: { next: undefined, ack: -1, isn: undefined } as SideState,
    server: { next: undefined, ack: -1, isn: undefined } as SideState,
  };
  const path: string[] = [];
  const visit = (): void => {
    if (out.length >= limit) return;
    if (path.length === rows.length) {
      out.push(path.join(""));
      return;
    }
    rows.forEach((row, i) => {
      if (used[i] || out.length >= limit) return;
      const me = side[row.from];
      const peer = side[row.from === "client" ? "server" : "client"];
      const isSyn = row.name.includes("SYN");
      if (path.length === 0 && !(isSyn && row.from === "client" && row.ack === undefined)) return;
      if (isSyn ? me.next !== undefined : me.next === undefined || mod(row.seq) !== me.next) return;
      let ackOffset = -1;
      if (row.ack !== undefined) {
        if (peer.isn === undefined || peer.next === undefined) return;
        ackOffset = mod(row.ack - peer.isn);
        if (ackOffset > mod(peer.next - peer.isn) || ackOffset < me.ack) return;
        if (consumes(row) === 0 && ackOffset === me.ack) return;
      } else if (me.ack >= 0) return;
      const saved = { ...me };
      if (isSyn) me.isn = mod(row.seq);
      me.next = mod(row.seq + consumes(row));
      me.ack = ackOffset;
      used[i] = true;
      path.push(letters[i] as string);
      visit();
      path.pop();
      used[i] = false;
      Object.assign(me, saved);
    });
  };
  visit();
  return out;
}
