/**
 * The proxy lab's settings: a reverse proxy with a few source IPs opening a
 * new connection per request to one backend port. URL form ("px." prefix
 * added by the widget) and the core options for the same setup.
 */
import type { ScenarioOptions } from "../../sim/index.ts";

export const PROXY_IPS = [1, 2, 4, 8] as const;
export const PROXY_RATES = [100, 200, 300, 400, 500, 600, 800, 1000] as const;
export const CLOSERS = ["backend", "proxy"] as const;
export type ProxyCloser = (typeof CLOSERS)[number];
/** Simulated seconds of traffic: past one TIME_WAIT lifetime, so the backend's count has levelled off. */
export const PROXY_SECONDS = 90;

export interface ProxyLabSettings {
  readonly proxyIps: number;
  readonly rate: number;
  readonly closer: ProxyCloser;
  readonly timestamps: boolean;
  readonly rfc1337: boolean;
  /** In the single-SYN diagram: the old connection ended ahead of the new SYN's sequence number. */
  readonly oldSeq: boolean;
}

export const DEFAULT_PROXY: ProxyLabSettings = {
  proxyIps: 1,
  rate: 500,
  closer: "backend",
  timestamps: true,
  rfc1337: false,
  oldSeq: false,
};

/** The load run: scenario `proxy-backend` (the backend is the scenario's "server" side). */
export function proxyOptions(s: ProxyLabSettings, seconds = PROXY_SECONDS): ScenarioOptions {
  return {
    seed: 1,
    params: {
      rate: s.rate,
      durationSec: seconds,
      proxyIps: s.proxyIps,
      closer: s.closer === "backend" ? "server" : "client",
      timestamps: s.timestamps,
      trace: "none",
    },
    ...(s.rfc1337 ? { sysctl: { "backend:tcp_rfc1337": 1 } } : {}),
  };
}

/** The single reconnect: scenario `syn-to-timewait`. */
export function synOptions(s: Pick<ProxyLabSettings, "timestamps" | "rfc1337" | "oldSeq">): ScenarioOptions {
  return { seed: 1, params: { timestamps: s.timestamps, rfc1337: s.rfc1337, oldSeq: s.oldSeq } };
}

/** Key of one of the eight single-SYN cases (the page renders all eight at build time). */
export function synCaseKey(s: Pick<ProxyLabSettings, "timestamps" | "rfc1337" | "oldSeq">): string {
  return `ts${s.timestamps ? 1 : 0}-old${s.oldSeq ? 1 : 0}-r${s.rfc1337 ? 1 : 0}`;
}

export const SYN_CASES: readonly Pick<ProxyLabSettings, "timestamps" | "rfc1337" | "oldSeq">[] = [true, false].flatMap(
  (timestamps) => [false, true].flatMap((oldSeq) => [false, true].map((rfc1337) => ({ timestamps, oldSeq, rfc1337 }))),
);

export function proxyToParams(s: ProxyLabSettings): Record<string, string> {
  return {
    ips: String(s.proxyIps),
    rate: String(s.rate),
    closer: s.closer,
    ts: s.timestamps ? "1" : "0",
    rfc1337: s.rfc1337 ? "1" : "0",
    oldseq: s.oldSeq ? "1" : "0",
  };
}

export function proxyFromParams(params: ReadonlyMap<string, string>): {
  settings: ProxyLabSettings;
  rejected: string[];
} {
  const rejected: string[] = [];
  const pick = <T>(key: string, parse: (v: string) => T | undefined, fallback: T): T => {
    const raw = params.get(key);
    if (raw === undefined) return fallback;
    const v = parse(raw);
    if (v === undefined) rejected.push(key);
    return v ?? fallback;
  };
  const intIn = (list: readonly number[]) => (v: string) =>
    /^\d+$/.test(v) ? list.find((x) => x === Number(v)) : undefined;
  const flag = (v: string) => (v === "1" ? true : v === "0" ? false : undefined);
  const d = DEFAULT_PROXY;
  return {
    settings: {
      proxyIps: pick("ips", intIn(PROXY_IPS), d.proxyIps),
      rate: pick("rate", intIn(PROXY_RATES), d.rate),
      closer: pick("closer", (v) => CLOSERS.find((c) => c === v), d.closer),
      timestamps: pick("ts", flag, d.timestamps),
      rfc1337: pick("rfc1337", flag, d.rfc1337),
      oldSeq: pick("oldseq", flag, d.oldSeq),
    },
    rejected,
  };
}

/** The proxy's source addresses, as the scenario assigns them. */
export function proxyAddresses(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}`);
}
export const BACKEND = "10.0.1.1:8080";
