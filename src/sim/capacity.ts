/**
 * Port capacity (lab: port-capacity, tw-reuse-delay): the one home of the rules
 * that say how many new connections per second a client can open toward
 * one (source IP, destination IP, destination port), as the full engine
 * and the bulk fast path play them out. Every constant is read from the
 * core's own tables: TCP_TIMEWAIT_LEN from the kernel profile
 * (profiles.ts), tcp_tw_reuse_delay, tcp_max_tw_buckets and
 * ip_local_port_range from the sysctl defaults (sysctl.ts).
 *
 * - capacityConstants(): those constants for a profile;
 * - ceilingPerSec(): the theoretical ceiling (ports ÷ hold time × pairs);
 * - steadyRate(): the mean success rate over the end of a run;
 * - estimatePortCapacity(): the instant estimator, a walk over arrivals on
 *   flat typed arrays that takes well under a millisecond where the full
 *   engine takes seconds (the port lab draws it while a slider moves).
 */
import { PROFILES, type KernelProfile } from "./profiles.ts";
import { KNOBS, type SysctlValue } from "./sysctl.ts";
import type { Micros } from "./segment.ts";

export interface CapacityConstants {
  /** TCP_TIMEWAIT_LEN (include/net/tcp.h) on this profile, µs. */
  readonly timeWaitUs: Micros;
  /** tcp_tw_reuse_delay default (6.14+; 1 s where the profile lacks the knob, as before 6.14), µs. */
  readonly twReuseDelayUs: Micros;
  /** tcp_max_tw_buckets default (unlimited where the profile lacks the knob). */
  readonly maxTwBuckets: number;
  /** ip_local_port_range default, [low, high]. */
  readonly portRange: readonly [number, number];
}

function knobDefault(name: string, profile: KernelProfile): SysctlValue | undefined {
  return KNOBS.find((k) => k.name === name)?.defaults[profile];
}

function numDefault(name: string, profile: KernelProfile, fallback: number): number {
  const v = knobDefault(name, profile);
  return typeof v === "number" ? v : fallback;
}

/** The capacity constants of a kernel profile ("linux" unless told), from profiles.ts and the sysctl defaults. */
export function capacityConstants(profile: KernelProfile = "linux"): CapacityConstants {
  const range = knobDefault("net.ipv4.ip_local_port_range", profile);
  return {
    timeWaitUs: PROFILES[profile].timeWaitLen,
    // Before 6.14 the delay was fixed at 1 s (tcp_twsk_unique()), which is the knob's Linux default.
    twReuseDelayUs:
      numDefault("net.ipv4.tcp_tw_reuse_delay", profile, numDefault("net.ipv4.tcp_tw_reuse_delay", "linux", 1000)) *
      1000,
    maxTwBuckets: numDefault("net.ipv4.tcp_max_tw_buckets", profile, Number.MAX_SAFE_INTEGER),
    portRange: Array.isArray(range) ? (range as readonly [number, number]) : [32768, 60999],
  };
}

export interface CeilingSpec {
  /** Ports in ip_local_port_range. */
  readonly ports: number;
  /** (source IP, destination port) pairs the load is spread over. */
  readonly pairs: number;
  /** Whether tcp_tw_reuse applies (1 on any address, 2 on loopback, with timestamps): a port comes back after tcp_tw_reuse_delay. */
  readonly reuse?: boolean;
  readonly profile?: KernelProfile;
}

/**
 * The ceiling on new connections per second when the client closes first:
 * each port serves one connection per TIME_WAIT period (TCP_TIMEWAIT_LEN),
 * or per tcp_tw_reuse_delay when tcp_tw_reuse takes TIME_WAIT over. One
 * decimal.
 */
export function ceilingPerSec(spec: CeilingSpec): number {
  const c = capacityConstants(spec.profile);
  const holdUs = spec.reuse === true ? c.twReuseDelayUs : c.timeWaitUs;
  return Math.round(((spec.ports * 1_000_000) / holdUs) * spec.pairs * 10) / 10;
}

/** The mean of the last `n` values (fewer when shorter), one decimal. */
export function tailMean(xs: readonly number[], n: number): number {
  const t = xs.slice(-Math.max(1, Math.min(n, xs.length)));
  return t.length === 0 ? 0 : Math.round((t.reduce((a, b) => a + b, 0) / t.length) * 10) / 10;
}

/**
 * Mean successes per second at the end of a run. Past the ceiling the rate
 * swings with a TIME_WAIT period (ports come back as the TIME_WAIT sockets
 * of a burst expire), so once the run is two periods long it averages the
 * last period; a shorter run averages its second half.
 */
export function steadyRate(successes: readonly number[], profile: KernelProfile = "linux"): number {
  const period = capacityConstants(profile).timeWaitUs / 1_000_000;
  return tailMean(successes, successes.length >= 2 * period ? period : Math.ceil(successes.length / 2));
}

/**
 * The mean of the last `window` seconds (fewer at the start of the run) at
 * each second (one TIME_WAIT period unless told): with it, steadyRate() is
 * the last value of a run two periods long.
 */
export function rollingMean(values: readonly number[], window = capacityConstants().timeWaitUs / 1_000_000): number[] {
  const out: number[] = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v;
    if (i >= window) sum -= values[i - window] as number;
    out.push(Math.round((sum / Math.min(i + 1, window)) * 10) / 10);
  });
  return out;
}

export interface CapacitySpec {
  /** New connections per second. */
  readonly rate: number;
  /** Simulated seconds. */
  readonly seconds: number;
  /** Ports in ip_local_port_range. */
  readonly ports: number;
  readonly sourceIps: number;
  readonly destPorts: number;
  readonly closer: "client" | "server";
  /** Whether tcp_tw_reuse applies to these addresses (1, or 2 on loopback, with timestamps). */
  readonly reuse: boolean;
  /** A keep-alive pool carries every request: nothing closes, nothing waits. */
  readonly keepAlive?: boolean;
  /** Link delay each way, µs. */
  readonly oneWayDelayUs: Micros;
  readonly profile?: KernelProfile;
  /** Most arrivals walked one by one; beyond it the counts are scaled (see estimatePortCapacity). Default 100 000. */
  readonly arrivalBudget?: number;
}

export interface CapacitySeries {
  /** One entry per simulated second: client TIME_WAIT sockets sampled at the end of the second. */
  readonly timeWait: readonly number[];
  readonly serverTimeWait: readonly number[];
  /** connect() calls that got a port, per second. */
  readonly successes: readonly number[];
  /** connect() calls that failed with EADDRNOTAVAIL, per second. */
  readonly failures: readonly number[];
}

export interface CapacityEstimate extends CapacitySeries {
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

/** Default for CapacitySpec.arrivalBudget. */
export const ARRIVAL_BUDGET = 100_000;

/**
 * Estimate the per-second series of the port-exhaustion load. The rules
 * are the ones the engine implements:
 * - a connect() needs a local port whose 4-tuple toward that
 *   (destination IP, destination port) is free (__inet_hash_connect);
 * - the side that closes first holds the 4-tuple in TIME_WAIT for
 *   TCP_TIMEWAIT_LEN, unless tcp_max_tw_buckets is reached;
 * - the port scan starts at a moving offset and tries ports with the parity
 *   of the range's low end first, then the others, so within each parity the
 *   port it meets first is the one used longest ago: one FIFO per parity;
 * - with tcp_tw_reuse and timestamps, connect() may take over a TIME_WAIT at
 *   least tcp_tw_reuse_delay old (tcp_twsk_unique);
 * - when the server closes first, the client's port is free again as soon as
 *   its LAST_ACK is answered; when it comes round again, its SYN lands on the
 *   server's TIME_WAIT for that 4-tuple, which accepts it and ends
 *   (tcp_timewait_state_process), so the server's TIME_WAIT count levels off
 *   at the number of ports the client cycles through.
 * Arrivals are spread round-robin over source IPs and destination ports,
 * as the load driver (scenarios/load.ts) does.
 *
 * Beyond `arrivalBudget` arrivals, rate, port count and tcp_max_tw_buckets
 * are all divided by the same factor and the counts multiplied back: every
 * limit here is a count divided by a time, so the shape is unchanged.
 */
export function estimatePortCapacity(spec: CapacitySpec): CapacityEstimate {
  const budget = spec.arrivalBudget ?? ARRIVAL_BUDGET;
  const maxTw = capacityConstants(spec.profile).maxTwBuckets;
  const arrivals = spec.rate * spec.seconds;
  if (spec.keepAlive === true || arrivals <= budget) return walkArrivals(spec, spec.rate, spec.ports, maxTw);
  const k = arrivals / budget;
  const e = walkArrivals(spec, spec.rate / k, Math.max(2, Math.round(spec.ports / k)), Math.round(maxTw / k));
  const up = (x: number): number => Math.round(x * k);
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
    firstFailureAtSec: e.firstFailureAtSec,
  };
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
 * One tight loop over arrivals on flat typed arrays: each destination has
 * two port pools (one per parity), each a ring of used ports, oldest first,
 * with the time and kind of what holds them.
 */
function walkArrivals(spec: CapacitySpec, rate: number, ports: number, maxTwBuckets: number): CapacityEstimate {
  const { seconds, sourceIps, destPorts } = spec;
  const { timeWaitUs, twReuseDelayUs } = capacityConstants(spec.profile);
  /** From connect() to the client's TIME_WAIT: SYN, SYN-ACK, then FIN and the peer's FIN (2 round trips). */
  const twAfterUs = 4 * spec.oneWayDelayUs;
  /** From connect() to the client's port being free when the server closes first (the LAST_ACK is answered). */
  const portFreeAfterUs = 6 * spec.oneWayDelayUs;
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
  const result = (): CapacityEstimate => {
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
  if (spec.keepAlive === true) return result();
  const pairs = sourceIps * destPorts;
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
  const reuse = spec.reuse;
  const holder = spec.closer === "client" ? CLIENT_TW : SERVER_TW;
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
      if (kind === NO_TW ? t > now : t + timeWaitUs > now) break;
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
      if (!reuse || t - (times[at] as number) < twReuseDelayUs) return false;
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
    // The load driver: arrival i at round(i × 1 s / rate), round-robin over source IPs, then ports.
    const t = Math.round(i * interval);
    while (sec < seconds && nextSample <= t) {
      sample(nextSample);
      nextSample += 1_000_000;
    }
    if (t >= end) break;
    const dest = (i % sourceIps) + sourceIps * (Math.floor(i / sourceIps) % destPorts);
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
      push(pool, holder, t + twAfterUs);
    } else {
      push(pool, NO_TW, t + portFreeAfterUs);
    }
  }
  while (sec < seconds) {
    sample(nextSample);
    nextSample += 1_000_000;
  }
  return result();
}
