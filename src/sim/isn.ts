/**
 * Initial sequence numbers and timestamp offsets, the Linux way
 * (net/core/secure_seq.c): a keyed hash of the 4-tuple with a per-boot
 * secret, plus a clock. RFC 9293 §3.4.1 (which absorbed RFC 6528) asks for
 * exactly this shape: ISN = M + F(4-tuple, secret).
 *
 * Linux uses SipHash; any keyed mixing function shows the same behaviour, so
 * this is a small 32-bit keyed mix of our own.
 */
import type { Micros } from "./segment.ts";
import type { Rng } from "./rng.ts";
import { ipToU32 } from "./addr.ts";
import { seq, type SeqNum } from "./seq.ts";

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A keyed 32-bit hash of up to a few 32-bit words. */
export class KeyedHash {
  private readonly k0: number;
  private readonly k1: number;

  constructor(rng: Rng) {
    this.k0 = rng.u32();
    this.k1 = rng.u32();
  }

  hash(a: number, b: number, c: number, d = 0): number {
    let h = this.k0;
    h = mix(h, a);
    h = mix(h, b);
    h = mix(h, c);
    h = mix(h, d);
    h = mix(h, this.k1);
    return finish(h);
  }
}

/** ISN clock: realtime_ns >> 6, i.e. one tick per 64 ns = 15.625 ticks per µs (15.625 M per second). */
export function isnClock(now: Micros): number {
  return Math.floor(now * 15.625);
}

/**
 * secure_tcp_seq(): low 32 bits of the keyed hash of the 4-tuple plus the
 * 64 ns clock, mod 2^32. `bootNs` shifts the clock so runs do not start at 0.
 */
export function linuxIsn(
  h: KeyedHash,
  localIp: string,
  localPort: number,
  remoteIp: string,
  remotePort: number,
  now: Micros,
): SeqNum {
  const f = h.hash(ipToU32(localIp), ipToU32(remoteIp), ((localPort << 16) | remotePort) >>> 0, 0x15a);
  return seq(f + isnClock(now));
}

/** ISN for a connection reincarnated from TIME_WAIT: old snd_nxt + 65535 + 2, never 0 (tcp_timewait_state_process()). */
export function reincarnationIsn(twSndNxt: SeqNum): SeqNum {
  const isn = seq(twSndNxt + 65537);
  return isn === 0 ? 1 : isn;
}

/** TSval clock: 1 kHz (tcp_clock_ms()). */
export function tsClock(now: Micros): number {
  return Math.floor(now / 1000);
}
