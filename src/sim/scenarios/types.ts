/**
 * The contract every named scenario follows. Lessons, the CLI, the notebook
 * and the quiz engine run scenarios only through this shape.
 */
import type { Micros } from "../segment.ts";
import type { TraceEvent } from "../trace.ts";

export type KernelProfile = "linux" | "linux-pre-4.12" | "rfc9293";

export interface ScenarioOptions {
  /** Seed for the one RNG of the run. Same seed and options, same trace. */
  readonly seed?: number;
  readonly profile?: KernelProfile;
  /**
   * sysctl overrides as `sysctl -w` takes them, e.g. "net.ipv4.tcp_tw_reuse": "1".
   * A bare name ("tcp_tw_reuse") means net.ipv4.*; a "host:" prefix
   * ("server:net.ipv4.tcp_rfc1337") targets one host, otherwise every host.
   */
  readonly sysctl?: Readonly<Record<string, string | number>>;
  /** Scenario-specific parameters (rates, durations, toggles), validated by the scenario. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

/** One row of an `ss -tan`-style snapshot. */
export interface SsRow {
  readonly host: string;
  readonly state: string;
  readonly local: string;
  readonly peer: string;
  /** e.g. "timewait,59sec,0" as ss -o prints it, when a timer runs. */
  readonly timer?: string;
  /** Recv-Q: unread bytes; for LISTEN, connections waiting in the accept queue. */
  readonly recvQ?: number;
  /** Send-Q: unacknowledged bytes; for LISTEN, the effective backlog. */
  readonly sendQ?: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly options: ScenarioOptions;
  readonly hosts: readonly { readonly name: string; readonly ip: string }[];
  readonly trace: readonly TraceEvent[];
  /** Simulated time at which the run stopped. */
  readonly endTime: Micros;
  /** nstat-style counters per host, named as Linux names them (TcpExtTCPTimeWaitOverflow, ...). */
  readonly counters: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** ss snapshot at the end of the run. */
  readonly ss: readonly SsRow[];
  /** The handful of figures a lesson quotes, each named for what it measures. */
  readonly summary: Readonly<Record<string, number | string | boolean>>;
  /** Optional time series for charts (e.g. per-second TIME_WAIT count); all arrays of one series have equal length. */
  readonly series?: Readonly<Record<string, readonly number[]>>;
}

export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  readonly default: string | number | boolean;
  /** For string parameters: the accepted values. */
  readonly choices?: readonly string[];
  /** For numeric parameters: inclusive bounds (integers unless `float`). */
  readonly min?: number;
  readonly max?: number;
  readonly float?: boolean;
}

export interface ScenarioDef {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  run(options?: ScenarioOptions): ScenarioResult;
}
