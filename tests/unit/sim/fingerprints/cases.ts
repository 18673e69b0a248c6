/**
 * Behaviour fingerprints: every named scenario run at several seeds,
 * profiles, parameter and sysctl sets; each run hashed (trace, counters,
 * ss, summary, series, end time, or the error it threw). A refactor of the
 * core must leave every hash unchanged; a commit that changes one on
 * purpose says why and rerecords them:
 *
 *   node tests/unit/sim/fingerprints/record.ts
 */
import { createHash } from "node:crypto";
import { runScenario, scenarios, scenarioNames } from "../../../../src/sim/scenarios/index.ts";
import type { KernelProfile, ScenarioOptions } from "../../../../src/sim/scenarios/index.ts";

export interface FingerprintCase {
  readonly id: string;
  readonly scenario: string;
  readonly options: ScenarioOptions;
}

const PROFILES: readonly KernelProfile[] = ["linux", "linux-pre-4.12", "rfc9293"];
const SEEDS = [1, 7, 42] as const;

/** Scenario parameters that keep a run small enough for a unit test. */
const SMALL: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>> = {
  "port-exhaustion": { durationSec: 3, rate: 200 },
  "proxy-backend": { durationSec: 3, rate: 200 },
  "syn-flood": { spoofedSyns: 40 },
  "tw-buckets-overflow": { connections: 12 },
};

/** Extra parameter sets: every choice, every boolean flipped, a few numbers. */
function variants(name: string): readonly Readonly<Record<string, string | number | boolean>>[] {
  const out: Record<string, string | number | boolean>[] = [];
  for (const p of scenarios[name]?.params ?? []) {
    if (p.name === "durationSec" || p.name === "rate") continue;
    if (p.choices !== undefined) {
      for (const c of p.choices) if (c !== p.default) out.push({ [p.name]: c });
    } else if (typeof p.default === "boolean") {
      out.push({ [p.name]: !p.default });
    } else if (typeof p.default === "number") {
      const hi = p.max === undefined ? p.default + 1 : Math.min(p.max, p.default * 2 + 3);
      if (hi !== p.default) out.push({ [p.name]: hi });
    }
  }
  return out;
}

const SYSCTL_SETS: readonly Readonly<Record<string, string | number>>[] = [
  { tcp_timestamps: 0 },
  { tcp_tw_reuse: 1 },
  { tcp_tw_reuse: 0, tcp_max_tw_buckets: 3 },
  { tcp_fin_timeout: 5, tcp_syncookies: 2 },
];

export function fingerprintCases(): FingerprintCase[] {
  const cases: FingerprintCase[] = [];
  const add = (scenario: string, options: ScenarioOptions): void => {
    cases.push({ id: `${scenario} ${JSON.stringify(options)}`, scenario, options });
  };
  for (const name of scenarioNames) {
    const small = SMALL[name] ?? {};
    for (const profile of PROFILES) for (const seed of SEEDS) add(name, { seed, profile, params: { ...small } });
    for (const v of variants(name)) {
      add(name, { seed: 3, params: { ...small, ...v } });
      add(name, { seed: 5, profile: "rfc9293", params: { ...small, ...v } });
    }
    for (const sysctl of SYSCTL_SETS) add(name, { seed: 11, sysctl, params: { ...small } });
  }
  // Bulk loads: at trace "none" (the fast path where eligible) and "all", long enough to exhaust ports.
  for (const trace of ["none", "states", "all"]) {
    for (const twReuse of [-1, 0, 1, 2]) {
      add("port-exhaustion", {
        seed: 9,
        params: { durationSec: 4, rate: 400, portLow: 40000, portHigh: 40600, twReuse, trace },
      });
      add("port-exhaustion", {
        seed: 9,
        params: { durationSec: 4, rate: 400, portLow: 40000, portHigh: 40600, twReuse, trace, loopback: true },
      });
    }
    add("proxy-backend", { seed: 9, params: { durationSec: 4, rate: 400, portLow: 40000, portHigh: 40600, trace } });
    add("port-exhaustion", {
      seed: 4,
      params: { durationSec: 65, rate: 40, portLow: 50000, portHigh: 51000, sourceIps: 2, destPorts: 2, trace },
    });
  }
  return cases;
}

/** sha256 of everything a run returns, or of the error it throws. */
export function fingerprint(c: FingerprintCase): string {
  let body: string;
  try {
    const r = runScenario(c.scenario, c.options);
    body = JSON.stringify([r.trace, r.counters, r.ss, r.summary, r.series ?? null, r.endTime, r.hosts]);
  } catch (e) {
    body = `error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return createHash("sha256").update(body).digest("hex").slice(0, 24);
}
