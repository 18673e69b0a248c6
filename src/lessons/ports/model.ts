/**
 * A fast estimate of the port-exhaustion scenario, for redrawing the lab
 * while a slider moves. The simulation core takes seconds for two minutes
 * of traffic at hundreds of connections per second; this capacity model
 * takes well under a millisecond. The lab shows it at once and replaces
 * it with the core's exact run when that arrives (a Web Worker runs it).
 *
 * The rules are the ones the core implements (tcp-facts §4 "Port capacity"):
 * - a connect() needs a local port whose 4-tuple toward that
 *   (destination IP, destination port) is free (__inet_hash_connect);
 * - the side that closes first holds the 4-tuple in TIME_WAIT for 60 s
 *   (TCP_TIMEWAIT_LEN), unless tcp_max_tw_buckets is reached;
 * - the port scan starts at a moving offset and tries ports with the parity
 *   of the range's low end first, then the others, so within each parity the
 *   port it meets first is the one used longest ago: one FIFO per parity;
 * - with tcp_tw_reuse (1, or 2 on loopback) and timestamps, connect() may
 *   take over a TIME_WAIT at least tcp_tw_reuse_delay old (tcp_twsk_unique);
 * - when the server closes first, the client's port is free again as soon as
 *   its LAST_ACK is answered; when it comes round again, its SYN lands on the
 *   server's TIME_WAIT for that 4-tuple, which accepts it and ends
 *   (tcp_timewait_state_process), so the server's TIME_WAIT count levels off
 *   at the number of ports the client cycles through.
 * Arrivals are spread round-robin over source IPs and destination ports,
 * as the core's load driver does.
 */
import type { PortLabSettings } from "./settings.ts";
import { portsOf } from "./settings.ts";

/** TCP_TIMEWAIT_LEN, µs. */
export const TIME_WAIT_US = 60_000_000;
/** tcp_tw_reuse_delay default (6.14+), µs. */
export const TW_REUSE_DELAY_US = 1_000_000;
/** tcp_max_tw_buckets on the core's default machine (tcp-facts §2.8). */
export const MAX_TW_BUCKETS = 131_072;
/** Link delay of the scenario's one link, µs each way. */
const ONE_WAY_US = 100;
/** From connect() to the client's TIME_WAIT: SYN, SYN-ACK, then FIN and the peer's FIN (2 round trips). */
const CLIENT_TW_AFTER_US = 4 * ONE_WAY_US;
/** From connect() to the client's port being free when the server closes first (the LAST_ACK is answered). */
const CLIENT_PORT_FREE_AFTER_US = 6 * ONE_WAY_US;

export interface PortSeries {
  /** One entry per simulated second: client TIME_WAIT sockets sampled at the end of the second. */
  readonly timeWait: readonly number[];
  readonly serverTimeWait: readonly number[];
  /** connect() calls that got a port, per second. */
  readonly successes: readonly number[];
  /** connect() calls that failed with EADDRNOTAVAIL, per second. */
  readonly failures: readonly number[];
}

export interface PortEstimate extends PortSeries {
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly twRecycled: number;
  /** SYNs the server accepted straight from one of its TIME_WAIT sockets. */
  readonly acceptedFromTimeWait: number;
  readonly peakTimeWait: number;
  /** First second (0-based) with a failure, or -1. */
  readonly firstFailureAtSec: number;
}

/** What holds a used port's 4-tuple, as the FIFO remembers it. */
const CLIENT_TW = 0;
const SERVER_TW = 1;
/** No TIME_WAIT (tcp_max_tw_buckets reached): the port is free again right after the close. */
const NO_TW = 2;

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** Ring storage reused between calls: a slider drag redraws many times, and fresh megabytes each time would feed the garbage collector. */
let scratchTimes = new Float64Array(0);
let scratchKinds = new Uint8Array(0);
function scratch(n: number): { times: Float64Array; kinds: Uint8Array } {
  if (scratchTimes.length < n) {
    scratchTimes = new Float64Array(n);
    scratchKinds = new Uint8Array(n);
  }
  return { times: scratchTimes, kinds: scratchKinds };
}

/**
 * Most arrivals the model walks one by one. Beyond it, rate, port count and
 * tcp_max_tw_buckets are all divided by the same factor and the counts
 * multiplied back: every limit here is a count divided by a time, so the
 * shape is unchanged and the redraw stays within one animation frame.
 */
export const ARRIVAL_BUDGET = 100_000;

/** Estimate the per-second series for the settings over `seconds` simulated seconds. */
export function estimatePortExhaustion(s: PortLabSettings, seconds: number): PortEstimate {
  const arrivals = s.rate * seconds;
  if (s.keepAlive || arrivals <= ARRIVAL_BUDGET) {
    return walkArrivals(s, seconds, s.rate, portsOf(s.portRange), MAX_TW_BUCKETS);
  }
  const k = arrivals / ARRIVAL_BUDGET;
  const e = walkArrivals(
    s,
    seconds,
    s.rate / k,
    Math.max(2, Math.round(portsOf(s.portRange) / k)),
    Math.round(MAX_TW_BUCKETS / k),
  );
  const up = (x: number): number => Math.round(x * k);
  const first = e.firstFailureAtSec;
  return {
    timeWait: e.timeWait.map(up),
    serverTimeWait: e.serverTimeWait.map(up),
    successes: e.successes.map(up),
    failures: e.failures.map(up),
    attempted: arrivals,
    succeeded: up(e.succeeded),
    failed: up(e.failed),
    twRecycled: up(e.twRecycled),
    acceptedFromTimeWait: up(e.acceptedFromTimeWait),
    peakTimeWait: up(e.peakTimeWait),
    firstFailureAtSec: first,
  };
}

/**
 * One tight loop over arrivals on flat typed arrays: each destination has
 * two port pools (one per parity), each a ring of used ports, oldest first,
 * with the time and kind of what holds them.
 */
function walkArrivals(
  s: PortLabSettings,
  seconds: number,
  rate: number,
  ports: number,
  maxTwBuckets: number,
): PortEstimate {
  const timeWait = zeros(seconds);
  const serverTimeWait = zeros(seconds);
  const successes = zeros(seconds);
  const failures = zeros(seconds);
  let attempted = 0;
  let succeeded = 0;
  let failed = 0;
  let twRecycled = 0;
  let acceptedFromTimeWait = 0;
  let firstFailureAtSec = -1;
  const result = (): PortEstimate => {
    let peakTimeWait = 0;
    for (const x of timeWait) if (x > peakTimeWait) peakTimeWait = x;
    return {
      timeWait,
      serverTimeWait,
      successes,
      failures,
      attempted,
      succeeded,
      failed,
      twRecycled,
      acceptedFromTimeWait,
      peakTimeWait,
      firstFailureAtSec,
    };
  };
  // Keep-alive: a fixed pool of persistent connections carries every request; nothing closes, nothing waits.
  if (s.keepAlive) return result();
  const pairs = s.sourceIps * s.destPorts;
  const arrivals = Math.ceil(rate * seconds);
  const perDest = Math.ceil(arrivals / pairs) + 1;
  // Pool 2k: destination k's ports with the low end's parity (scanned first); 2k+1: the others.
  const nPools = 2 * pairs;
  const base = new Int32Array(nPools);
  const cap = new Int32Array(nPools);
  const head = new Int32Array(nPools);
  const size = new Int32Array(nPools);
  const free = new Int32Array(nPools);
  let total = 0;
  for (let p = 0; p < nPools; p++) {
    const poolPorts = p % 2 === 0 ? (ports + 1) >> 1 : ports >> 1;
    free[p] = poolPorts;
    cap[p] = Math.max(1, Math.min(poolPorts, perDest));
    base[p] = total;
    total += cap[p] as number;
  }
  const { times, kinds } = scratch(total);
  // The lab's addresses are not loopback, so tcp_tw_reuse=2 acts like 0 (tcp_twsk_unique()).
  const reuse = s.twReuse === 1;
  const holder = s.closer === "client" ? CLIENT_TW : SERVER_TW;
  let clientTw = 0;
  let serverTw = 0;

  /** Release the pool's oldest entries whose hold has ended by `now`. */
  const expire = (p: number, now: number): void => {
    const b = base[p] as number;
    const c = cap[p] as number;
    let h = head[p] as number;
    let n = size[p] as number;
    while (n > 0) {
      const kind = kinds[b + h] as number;
      const t = times[b + h] as number;
      if (kind === NO_TW ? t > now : t + TIME_WAIT_US > now) break;
      if (kind === CLIENT_TW) clientTw--;
      else if (kind === SERVER_TW) serverTw--;
      h = h + 1 === c ? 0 : h + 1;
      n--;
      free[p] = (free[p] as number) + 1;
    }
    head[p] = h;
    size[p] = n;
  };
  /** connect()'s choice within one pool at time t: a free port, or the oldest entry if it may be taken. */
  const take = (p: number, t: number): boolean => {
    if ((free[p] as number) > 0) {
      free[p] = (free[p] as number) - 1;
      return true;
    }
    if (size[p] === 0) return false;
    const at = (base[p] as number) + (head[p] as number);
    const kind = kinds[at] as number;
    if (kind === SERVER_TW) {
      // The client's port is free; its SYN meets the server's TIME_WAIT, which accepts it.
      serverTw--;
      acceptedFromTimeWait++;
    } else if (kind === CLIENT_TW) {
      // tcp_tw_reuse takes over the oldest TIME_WAIT once it is old enough (TcpExtTWRecycled).
      if (!reuse || t - (times[at] as number) < TW_REUSE_DELAY_US) return false;
      clientTw--;
      twRecycled++;
    }
    head[p] = (head[p] as number) + 1 === cap[p] ? 0 : (head[p] as number) + 1;
    size[p] = (size[p] as number) - 1;
    return true;
  };
  const push = (p: number, kind: number, t: number): void => {
    const c = cap[p] as number;
    let j = (head[p] as number) + (size[p] as number);
    if (j >= c) j -= c;
    times[(base[p] as number) + j] = t;
    kinds[(base[p] as number) + j] = kind;
    size[p] = (size[p] as number) + 1;
  };
  /** TIME_WAIT sockets stamped after `now` (connections that have not got there yet). */
  const pending = (p: number, kind: number, now: number): number => {
    const b = base[p] as number;
    const c = cap[p] as number;
    let count = 0;
    for (let k = (size[p] as number) - 1; k >= 0; k--) {
      let j = (head[p] as number) + k;
      if (j >= c) j -= c;
      if ((times[b + j] as number) <= now) break;
      if (kinds[b + j] === kind) count++;
    }
    return count;
  };
  const interval = 1_000_000 / rate;
  const end = seconds * 1_000_000;
  let sec = 0;
  const sample = (now: number): void => {
    let pendingClient = 0;
    let pendingServer = 0;
    for (let p = 0; p < nPools; p++) {
      expire(p, now);
      pendingClient += pending(p, CLIENT_TW, now);
      pendingServer += pending(p, SERVER_TW, now);
    }
    timeWait[sec] = clientTw - pendingClient;
    serverTimeWait[sec] = serverTw - pendingServer;
    sec++;
  };
  let nextSample = 1_000_000;
  for (let i = 0; ; i++) {
    // The core's load driver: arrival i at round(i × 1 s / rate), round-robin over source IPs, then ports.
    const t = Math.round(i * interval);
    while (sec < seconds && nextSample <= t) {
      sample(nextSample);
      nextSample += 1_000_000;
    }
    if (t >= end) break;
    const dest = (i % s.sourceIps) + s.sourceIps * (Math.floor(i / s.sourceIps) % s.destPorts);
    const first = 2 * dest;
    expire(first, t);
    expire(first + 1, t);
    attempted++;
    const bucket = (t / 1_000_000) | 0;
    const pool = take(first, t) ? first : take(first + 1, t) ? first + 1 : -1;
    if (pool < 0) {
      failed++;
      failures[bucket] = (failures[bucket] as number) + 1;
      if (firstFailureAtSec < 0) firstFailureAtSec = bucket;
      continue;
    }
    succeeded++;
    successes[bucket] = (successes[bucket] as number) + 1;
    // tcp_max_tw_buckets is per host: past it, the closing socket skips TIME_WAIT.
    if (holder === CLIENT_TW ? clientTw < maxTwBuckets : serverTw < maxTwBuckets) {
      if (holder === CLIENT_TW) clientTw++;
      else serverTw++;
      push(pool, holder, t + CLIENT_TW_AFTER_US);
    } else {
      push(pool, NO_TW, t + CLIENT_PORT_FREE_AFTER_US);
    }
  }
  while (sec < seconds) {
    sample(nextSample);
    nextSample += 1_000_000;
  }
  return result();
}
