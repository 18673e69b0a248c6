/**
 * The port-exhaustion lab's settings: the choices each slider steps
 * through, the defaults, reading and writing them as URL parameters, and
 * the core options that run the same setup.
 */
import { capacityConstants, ceilingPerSec as coreCeiling, type ScenarioOptions } from "../../sim/index.ts";

const CORE = capacityConstants();

/** New connections per second the client tries to open. */
export const RATES = [50, 100, 200, 300, 400, 470, 500, 600, 800, 1000, 1500, 2000, 3000, 5000] as const;
/**
 * ip_local_port_range choices, [low, high]: the default since 4.2 (28,232
 * ports), narrower ones, and the "1024 65000" that many tuning guides give.
 */
export const PORT_RANGES = [
  [60000, 60999],
  [56000, 60999],
  [50000, 60999],
  CORE.portRange,
  [1024, 65000],
] as const satisfies readonly (readonly [number, number])[];
/** Index of the kernel's default range in PORT_RANGES. */
const DEFAULT_RANGE = 3;
export const TW_REUSE_VALUES = [0, 1, 2] as const;
export const SOURCE_IPS = [1, 2, 3, 4, 6, 8] as const;
export const DEST_PORTS = [1, 2, 3, 4, 6, 8] as const;
export const CLOSERS = ["client", "server"] as const;
/** Persistent connections the keep-alive pool holds. */
export const POOL_SIZE = 16;
/** Simulated seconds the lab shows: two TIME_WAIT periods, long enough for TIME_WAIT to expire once and settle. */
export const LAB_SECONDS = (2 * CORE.timeWaitUs) / 1_000_000;

export type Closer = (typeof CLOSERS)[number];

export interface PortLabSettings {
  readonly rate: number;
  /** Index into PORT_RANGES. */
  readonly portRange: number;
  readonly closer: Closer;
  readonly twReuse: number;
  readonly sourceIps: number;
  readonly destPorts: number;
  readonly keepAlive: boolean;
}

export const DEFAULT_SETTINGS: PortLabSettings = {
  rate: 600,
  portRange: DEFAULT_RANGE,
  closer: "client",
  // Linux's default since ≈4.18 (loopback only).
  twReuse: 2,
  sourceIps: 1,
  destPorts: 1,
  keepAlive: false,
};

export function portsOf(rangeIndex: number): number {
  const r = PORT_RANGES[rangeIndex] ?? CORE.portRange;
  return r[1] - r[0] + 1;
}

export function rangeOf(rangeIndex: number): readonly [number, number] {
  return PORT_RANGES[rangeIndex] ?? CORE.portRange;
}

/** Options for the core's `port-exhaustion` scenario that run exactly this setup. */
export function scenarioOptions(s: PortLabSettings, seconds = LAB_SECONDS): ScenarioOptions {
  const [portLow, portHigh] = rangeOf(s.portRange);
  return {
    seed: 1,
    params: {
      rate: s.rate,
      durationSec: seconds,
      portLow,
      portHigh,
      closer: s.closer,
      twReuse: s.twReuse,
      sourceIps: s.sourceIps,
      destPorts: s.destPorts,
      pool: s.keepAlive ? POOL_SIZE : 0,
      trace: "none",
    },
  };
}

/** URL form: every setting as a short string (the widget adds the "pl." prefix). */
export function settingsToParams(s: PortLabSettings): Record<string, string> {
  const [lo, hi] = rangeOf(s.portRange);
  return {
    rate: String(s.rate),
    range: `${lo}-${hi}`,
    closer: s.closer,
    reuse: String(s.twReuse),
    ips: String(s.sourceIps),
    dports: String(s.destPorts),
    keepalive: s.keepAlive ? "1" : "0",
  };
}

export interface ParsedSettings {
  readonly settings: PortLabSettings;
  /** Parameter names whose values could not be used (the default was kept). */
  readonly rejected: readonly string[];
}

/** Read settings from URL parameters; anything unreadable keeps its default and is reported. */
export function settingsFromParams(params: ReadonlyMap<string, string>): ParsedSettings {
  const rejected: string[] = [];
  const pick = <T>(key: string, parse: (v: string) => T | undefined, fallback: T): T => {
    const raw = params.get(key);
    if (raw === undefined) return fallback;
    const v = parse(raw);
    if (v === undefined) {
      rejected.push(key);
      return fallback;
    }
    return v;
  };
  const oneOf =
    <T extends number>(list: readonly T[]) =>
    (v: string): T | undefined => {
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      return list.find((x) => x === n);
    };
  const d = DEFAULT_SETTINGS;
  const settings: PortLabSettings = {
    rate: pick("rate", oneOf(RATES), d.rate),
    portRange: pick(
      "range",
      (v) => {
        const i = PORT_RANGES.findIndex(([lo, hi]) => `${lo}-${hi}` === v);
        return i < 0 ? undefined : i;
      },
      d.portRange,
    ),
    closer: pick("closer", (v) => CLOSERS.find((c) => c === v), d.closer),
    twReuse: pick("reuse", oneOf(TW_REUSE_VALUES), d.twReuse),
    sourceIps: pick("ips", oneOf(SOURCE_IPS), d.sourceIps),
    destPorts: pick("dports", oneOf(DEST_PORTS), d.destPorts),
    keepAlive: pick("keepalive", (v) => (v === "1" ? true : v === "0" ? false : undefined), d.keepAlive),
  };
  return { settings, rejected };
}

/**
 * The ceiling on new connections per second (lab experiment port-capacity; the core's
 * ceilingPerSec()): ports ÷ TCP_TIMEWAIT_LEN per (source IP, destination
 * IP, destination port) when the client closes first and cannot reuse
 * TIME_WAIT; ports ÷ tcp_tw_reuse_delay when it can; none from TIME_WAIT
 * when the server closes first or connections are kept.
 */
export function ceilingPerSec(s: PortLabSettings): number | undefined {
  if (s.keepAlive || s.closer === "server") return undefined;
  return coreCeiling({ ports: portsOf(s.portRange), pairs: s.sourceIps * s.destPorts, reuse: s.twReuse === 1 });
}
