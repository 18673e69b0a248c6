/**
 * Linux's TCP constants and the small formulas built on them: timer tags,
 * timeouts and retry limits (include/net/tcp.h, net/ipv4/tcp_timer.c), the
 * initial window and window scale (tcp_select_initial_window()), the
 * out-of-window ACK rate limit (tcp_oow_rate_limited()).
 */
import type { Micros, Segment } from "../segment.ts";
import { segmentSeqLength } from "../segment.ts";

/** Timer tags (scheduler event tags) used by the TCP objects. */
export const TAG_RTX = 1;
export const TAG_KEEPALIVE = 2;
export const TAG_FINWAIT2 = 3;
export const TAG_SYNACK = 4;
export const TAG_TIMEWAIT = 5;
export const TAG_LINGER = 6;

export const SEC = 1_000_000;
export const MS = 1_000;

/** Constants from include/net/tcp.h (Linux 6.18). */
export const TCP_TIMEOUT_INIT = 1 * SEC;
export const TCP_TIMEOUT_FALLBACK = 3 * SEC;
export const TCP_RTO_MIN = 200 * MS;
export const TCP_RTO_MAX = 120 * SEC;
/** One jiffy at HZ=250 (the test machine's CONFIG_HZ). */
export const JIFFY = 4 * MS;
/** 2 jiffies at HZ=250. */
export const TCP_TIMEOUT_MIN = 2 * JIFFY;
/** tcp_invalid_ratelimit default: out-of-window ACKs at most every 500 ms. */
export const INVALID_RATELIMIT = 500 * MS;

/** The host's tcp_invalid_ratelimit in µs (RFC 9293 has no knob: RFC 5961 §7's suggested limit, the same 500 ms). */
export function invalidRatelimit(sysctl: { num(name: string, fallback: number): number }): Micros {
  return sysctl.num("net.ipv4.tcp_invalid_ratelimit", INVALID_RATELIMIT / MS) * MS;
}

/**
 * tcp_oow_rate_limited() (net/ipv4/tcp_input.c): may a connection that last
 * sent an out-of-window ACK at `last` (-1: never) send another one now in
 * reply to `seg`? Segments that carry data or a FIN without SYN are never
 * limited ("not likely part of an ACK loop"). Returns the new `last`, or -2
 * when the ACK must be skipped.
 */
export function oowAckAllowed(seg: Segment, last: Micros, now: Micros, limit: Micros): Micros {
  if (segmentSeqLength(seg) !== 0 && !seg.ctl.syn) return last;
  if (last >= 0 && now - last >= 0 && now - last < limit) return -2;
  return now;
}
/** tcp_retries2 default. */
export const TCP_RETRIES2 = 15;
/** tcp_orphan_retries = 0 means 8 while the socket is "alive" (RTO below its maximum), else 0 (tcp_orphan_retries()). */
export const TCP_ORPHAN_RETRIES = 8;
/** Smallest value tcp_rto_max_ms and TCP_RTO_MAX_MS accept (6.15+: 1 s to TCP_RTO_MAX). */
export const TCP_RTO_MAX_FLOOR = 1 * SEC;

/**
 * tcp_model_timeout() (net/ipv4/tcp_timer.c): how long `boundary`
 * retransmissions take when the RTO starts at `rtoBase` and doubles up to
 * `rtoMax` — the time after the first retransmission at which
 * retransmits_timed_out() gives up.
 */
export function modelTimeout(boundary: number, rtoBase: Micros, rtoMax: Micros): Micros {
  const thresh = Math.floor(Math.log2(rtoMax / rtoBase));
  if (boundary <= thresh) return (2 * 2 ** boundary - 1) * rtoBase;
  return (2 * 2 ** thresh - 1) * rtoBase + (boundary - thresh) * rtoMax;
}
/** Window a SYN advertises with the default MSS (64240 = 44 × 1460); see initialWindow(). */
export const SYN_WINDOW = 64240;
/**
 * Window scale: ilog2(max(tcp_rmem[2], net.core.rmem_max)) − 15, which is 7 for the default
 * tcp_rmem[2] of 6 MiB (tcp_select_initial_window()).
 */
export const WSCALE = 7;
/** Receive space of a new socket: tcp_rmem[1] (128 KiB) at the default 50 % scaling ratio. */
const INITIAL_SPACE = 65536;
/** TCPOLEN_TSTAMP_ALIGNED: what timestamps take out of each segment. */
export const TS_OPTION_BYTES = 12;

/**
 * tcp_select_initial_window(): the initial receive window is the receive space rounded down to a
 * multiple of the MSS the socket expects to receive, and a SYN or SYN-ACK (never scaled) carries
 * at most 65535. The SYN uses the advertised MSS (1460 → 64240, loopback 65495 → 65495); the
 * SYN-ACK uses it less the timestamp option when timestamps were negotiated (1448 → 65160).
 */
export function initialWindow(mss: number): number {
  return Math.min(65535, INITIAL_SPACE - (INITIAL_SPACE % mss));
}

/** The window field after the handshake: the receive window aligned up to 2^wscale, then shifted. */
export function windowField(rcvWnd: number, wscaleOk: boolean): number {
  return wscaleOk ? Math.ceil(rcvWnd / (1 << WSCALE)) : rcvWnd;
}
export const MSS_DEFAULT = 1460;
/** SYN-cookie MSS table (net/ipv4/syncookies.c msstab). */
export const COOKIE_MSS = [536, 1300, 1440, 1460] as const;
/** TCP_PAWS_MSL: a per-peer timestamp older than this no longer counts (tw_recycle). */
export const TCP_PAWS_MSL = 60 * SEC;

/** Receive window with window scaling on (what a TIME_WAIT inherits). */
export const RCV_WND_SCALED = 65535 * 128;
/** Receive window without window scaling. */
export const RCV_WND_PLAIN = 65535;
