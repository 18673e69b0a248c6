/**
 * Helpers every scenario uses: parameter validation, building the
 * simulation from ScenarioOptions, and packing the ScenarioResult.
 */
import type { KernelProfile, ParamSpec, ScenarioOptions, ScenarioResult, SsRow } from "./types.ts";
import { Simulation } from "../simulation.ts";
import type { TraceLevel } from "../tracer.ts";
import { isProfile } from "../profiles.ts";
import { SysctlError, knobDef } from "../sysctl.ts";
import { checkSeed, InputRangeError, InputTypeError } from "../input.ts";
import type { Micros } from "../segment.ts";

export type ParamValues = Record<string, string | number | boolean>;

/** Validate `options.params` against the specs; unknown names and bad values throw a one-line Error. */
export function readParams(
  scenario: string,
  specs: readonly ParamSpec[],
  given: ScenarioOptions["params"],
): ParamValues {
  const out: ParamValues = {};
  const names = specs.map((s) => s.name);
  for (const k of Object.keys(given ?? {})) {
    if (!names.includes(k))
      throw new Error(`scenario "${scenario}": unknown parameter "${k}"; valid: ${names.join(", ")}`);
  }
  for (const s of specs) {
    const raw = given?.[s.name];
    if (raw === undefined) {
      out[s.name] = s.default;
      continue;
    }
    const bad = (why: string) =>
      new Error(`scenario "${scenario}": parameter "${s.name}" ${why} (got ${JSON.stringify(raw)})`);
    if (typeof s.default === "number") {
      const v = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
      if (!Number.isFinite(v)) throw bad("must be a number");
      if (!s.float && !Number.isInteger(v)) throw bad("must be an integer");
      if (s.min !== undefined && v < s.min) throw bad(`must be >= ${s.min}`);
      if (s.max !== undefined && v > s.max) throw bad(`must be <= ${s.max}`);
      out[s.name] = v;
    } else if (typeof s.default === "boolean") {
      if (typeof raw === "boolean") out[s.name] = raw;
      else if (raw === "true" || raw === "1" || raw === 1) out[s.name] = true;
      else if (raw === "false" || raw === "0" || raw === 0) out[s.name] = false;
      else throw bad("must be true or false");
    } else {
      const v = String(raw);
      if (s.choices !== undefined && !s.choices.includes(v)) throw bad(`must be one of ${s.choices.join(", ")}`);
      out[s.name] = v;
    }
  }
  return out;
}

export function num(p: ParamValues, k: string): number {
  return p[k] as number;
}
export function str(p: ParamValues, k: string): string {
  return p[k] as string;
}
export function bool(p: ParamValues, k: string): boolean {
  return p[k] as boolean;
}

/** Build the run's Simulation from the options (seed, profile, sysctl overrides). */
export function makeSim(
  scenario: string,
  options: ScenarioOptions,
  defaults: {
    profile?: KernelProfile;
    traceLevel?: TraceLevel;
    sysctl?: Record<string, string | number>;
    /** Which parameter each of `sysctl`'s entries comes from, for the error message. */
    paramOf?: Record<string, ParamSpec>;
  } = {},
): Simulation {
  const profile = options.profile ?? defaults.profile ?? "linux";
  if (!isProfile(profile))
    throw new Error(
      `scenario "${scenario}": unknown profile "${String(profile)}"; valid: linux, linux-pre-4.12, rfc9293`,
    );
  let seed: number;
  try {
    seed = checkSeed(options.seed ?? 1);
  } catch (e) {
    if (e instanceof InputTypeError) throw new InputTypeError(`scenario "${scenario}": ${e.message}`);
    throw new InputRangeError(`scenario "${scenario}": ${(e as Error).message}`);
  }
  refuseOverriddenParams(scenario, defaults.sysctl ?? {}, options.sysctl ?? {}, defaults.paramOf ?? {});
  return new Simulation({
    seed,
    profile,
    traceLevel: defaults.traceLevel ?? "all",
    // The scenario's own settings first, then the caller's (which may not contradict them, see above).
    sysctl: { ...defaults.sysctl, ...options.sysctl },
  });
}

/** "client:tcp_fin_timeout" -> ["client", "net.ipv4.tcp_fin_timeout"]; "" for every host. */
function splitKnob(key: string): [string, string] {
  const colon = key.indexOf(":");
  const name = key.slice(colon + 1);
  return [colon < 0 ? "" : key.slice(0, colon), knobDef(name)?.name ?? name];
}

/**
 * A scenario sets some sysctls from its parameters (fin-wait2-timeout's
 * finTimeout is the client's tcp_fin_timeout) and sizes the run and its
 * summary from them. A caller's override of the same knob on the same host
 * with another value would make the run and its summary disagree, and one
 * of the two values would be ignored without a word: refuse it and say which
 * parameter to change.
 */
function refuseOverriddenParams(
  scenario: string,
  own: Readonly<Record<string, string | number>>,
  given: Readonly<Record<string, string | number>>,
  paramOf: Readonly<Record<string, ParamSpec>>,
): void {
  const norm = (v: string | number) => String(v).trim().split(/\s+/).join(" ");
  for (const [ownKey, ownValue] of Object.entries(own)) {
    const [ownHost, ownName] = splitKnob(ownKey);
    for (const [key, value] of Object.entries(given)) {
      const [host, name] = splitKnob(key);
      if (name !== ownName || (host !== ownHost && host !== "" && ownHost !== "")) continue;
      if (norm(value) === norm(ownValue)) continue;
      const spec = paramOf[ownKey];
      const how =
        spec === undefined
          ? "from its parameters; change the parameter instead"
          : `from its parameter ${spec.name} (${spec.min ?? "…"}..${spec.max ?? "…"}); set ${spec.name}=${norm(value)} instead`;
      throw new InputRangeError(
        `scenario "${scenario}": sysctl ${key}=${norm(value)} conflicts with ${ownHost === "" ? "" : `${ownHost}:`}${ownName}=${norm(ownValue)}, which the scenario sets ${how}`,
      );
    }
  }
}

/** Re-throw sysctl errors with the scenario name, as one line. */
export function guardSysctl<T>(scenario: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SysctlError) throw new Error(`scenario "${scenario}": ${e.message}`, { cause: e });
    throw e;
  }
}

export function result(
  name: string,
  options: ScenarioOptions,
  sim: Simulation,
  summary: Record<string, number | string | boolean>,
  series?: Record<string, number[]>,
): ScenarioResult {
  // Every host the caller named in a "host:knob" override must exist by now.
  sim.checkSysctlHosts();
  const counters: Record<string, Record<string, number>> = {};
  const hosts: { name: string; ip: string }[] = [];
  for (const h of sim.hosts.values()) {
    counters[h.name] = h.counterSet.snapshot();
    hosts.push({ name: h.name, ip: h.ips[0] as string });
  }
  for (const n of sim.nats.values()) hosts.push({ name: n.name, ip: n.publicIp });
  // ss is listed on first read: the run is over, so it is the same table whenever it is read,
  // and a caller that never reads it (the port lab's worker) never pays for it (building
  // 28 000 rows, and first handing the bulk fast path's held connections to the table,
  // was most of the lab's exact run). Until then the result keeps the simulation alive.
  let ss: SsRow[] | undefined;
  const listSs = (): SsRow[] => {
    if (ss === undefined) {
      ss = [];
      // A loop, not push(...rows): spreading 100 000+ rows overflows the call stack.
      for (const h of sim.hosts.values()) for (const row of h.ss()) ss.push(row);
    }
    return ss;
  };
  const trace = sim.trace;
  const endTime = sim.now;
  // Same keys, in the same order, as before ss became lazy (JSON and deep equality see no change):
  // series, when there is one, comes last.
  const r = {
    name,
    options,
    hosts,
    trace,
    endTime,
    counters,
    get ss() {
      return listSs();
    },
    summary,
  };
  return series === undefined ? r : Object.assign(r, { series });
}

/** Seconds with millisecond precision, for summaries. */
export function secs(us: Micros): number {
  return Math.round(us / 1000) / 1000;
}

/** Time of the first state event matching, or -1. */
export function firstStateTime(sim: Simulation, host: string, to: string, after: Micros = 0): Micros {
  for (const e of sim.trace) if (e.kind === "state" && e.t >= after && e.sock.host === host && e.to === to) return e.t;
  return -1;
}

/** Parameters for ISNs a lesson fixes (handshake, data-and-close); -1 lets the host pick Linux-style. */
export const ISN_PARAMS = [
  {
    name: "clientIsn",
    description: "Fixed client ISN (-1: the kernel's keyed-hash ISN)",
    default: -1,
    min: -1,
    max: 0xffffffff,
  },
  {
    name: "serverIsn",
    description: "Fixed server ISN (-1: the kernel's keyed-hash ISN)",
    default: -1,
    min: -1,
    max: 0xffffffff,
  },
] as const satisfies readonly ParamSpec[];

/** Socket options for a fixed ISN parameter, or none when it is -1. */
export function fixedIsn(p: ParamValues, name: "clientIsn" | "serverIsn"): { isn?: number } {
  const isn = num(p, name);
  return isn >= 0 ? { isn } : {};
}
