/**
 * nstat-style counters, named exactly as `nstat -az` prints them
 * (Tcp* from /proc/net/snmp, TcpExt* from /proc/net/netstat).
 */
import type { Tracer } from "./tracer.ts";

export const COUNTER_NAMES = [
  "TcpActiveOpens",
  "TcpPassiveOpens",
  "TcpAttemptFails",
  "TcpEstabResets",
  "TcpOutRsts",
  "TcpRetransSegs",
  "TcpExtTW",
  "TcpExtTWRecycled",
  "TcpExtTWKilled",
  "TcpExtTCPTimeWaitOverflow",
  "TcpExtSyncookiesSent",
  "TcpExtSyncookiesRecv",
  "TcpExtSyncookiesFailed",
  "TcpExtListenOverflows",
  "TcpExtListenDrops",
  "TcpExtTCPReqQFullDrop",
  "TcpExtTCPReqQFullDoCookies",
  "TcpExtPAWSEstab",
  "TcpExtPAWSPassive",
  "TcpExtPAWSTimewait",
  "TcpExtTCPChallengeACK",
  "TcpExtTCPSYNChallenge",
  "TcpExtTCPAbortOnClose",
  "TcpExtTCPAbortOnData",
  "TcpExtTCPAbortOnTimeout",
  "TcpExtTCPAbortOnLinger",
  "TcpExtTCPTimeouts",
  "TcpExtTCPLossProbes",
  "TcpExtTCPSynRetrans",
  "TcpExtTCPACKSkippedTimeWait",
  "TcpExtTCPACKSkippedSeq",
  "TcpExtTCPACKSkippedPAWS",
  "TcpExtTCPACKSkippedChallenge",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];

export class Counters {
  /** Live values; every name starts at 0 like `nstat -az`. */
  readonly values: Record<CounterName, number>;
  private readonly host: string;
  private readonly tracer: Tracer;

  constructor(host: string, tracer: Tracer) {
    this.host = host;
    this.tracer = tracer;
    const v = {} as Record<CounterName, number>;
    for (const n of COUNTER_NAMES) v[n] = 0;
    this.values = v;
  }

  inc(name: CounterName, by = 1): void {
    const v = (this.values[name] += by);
    if (this.tracer.counters) this.tracer.counter(this.host, name, v);
  }

  get(name: CounterName): number {
    return this.values[name];
  }

  snapshot(): Record<string, number> {
    return { ...this.values };
  }
}
