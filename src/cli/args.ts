/**
 * Argument parsing for `sim`, kept free of I/O so it can be unit-tested.
 *
 * Two steps: parseCliArgs() checks the shape of the command line (flags,
 * values, formats) and knows nothing about scenarios; resolveRun() then checks
 * names and values against the catalog the simulation core publishes.
 * Both throw UsageError, which the entry point turns into one stderr line and
 * exit status 2.
 */
import type { KernelProfile, ParamSpec } from "../sim/index.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type OutputFormat = "text" | "json" | "pcap";
export const FORMATS: readonly OutputFormat[] = ["text", "json", "pcap"];
export const PROFILES: readonly KernelProfile[] = ["linux", "linux-pre-4.12", "rfc9293"];

export interface CliArgs {
  readonly help: boolean;
  readonly scenario: string | undefined;
  /** `--set knob=value`, in command-line order; a later one wins. */
  readonly sets: readonly (readonly [string, string])[];
  /** `--param name=value`, raw strings until resolveRun() types them. */
  readonly params: readonly (readonly [string, string])[];
  readonly seed: number | undefined;
  readonly profile: KernelProfile | undefined;
  readonly format: OutputFormat;
  /** Relative sequence numbers in text output (default true). */
  readonly relative: boolean;
  /** Capture point for text and pcap: segments as sent (default) or as delivered. */
  readonly capture: "send" | "deliver";
  /** Show state/timer/drop/... `#` lines in text output. */
  readonly events: boolean;
  readonly out: string | undefined;
}

export const USAGE =
  "usage: sim <scenario> [--set knob=value ...] [--param name=value ...] [--seed N]\n" +
  "           [--profile linux|linux-pre-4.12|rfc9293] [--format text|json|pcap]\n" +
  "           [--relative|--absolute] [--capture send|deliver] [--events] [--out FILE]\n" +
  "       sim --help";

/** Flags that take a value, and the ones that do not. */
const VALUE_FLAGS = new Set(["--set", "--param", "--seed", "--profile", "--format", "--out", "--capture"]);
const BOOL_FLAGS = new Set(["--help", "-h", "--relative", "--absolute", "--events"]);

function splitPair(flag: string, raw: string): readonly [string, string] {
  const eq = raw.indexOf("=");
  if (eq <= 0) throw new UsageError(`${flag} expects name=value, got "${raw}"`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

/** Parse argv (without node and the script path). Throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let help = false;
  let scenario: string | undefined;
  const sets: (readonly [string, string])[] = [];
  const params: (readonly [string, string])[] = [];
  let seed: number | undefined;
  let profile: KernelProfile | undefined;
  let format: OutputFormat = "text";
  let relative = true;
  let capture: "send" | "deliver" = "send";
  let events = false;
  let out: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-") || arg === "-") {
      if (scenario !== undefined)
        throw new UsageError(`unexpected argument "${arg}" (scenario is already "${scenario}")`);
      scenario = arg;
      continue;
    }
    // Accept both "--flag value" and "--flag=value".
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined;
    if (VALUE_FLAGS.has(flag)) {
      if (eq > 0 && flag !== arg) {
        value = arg.slice(eq + 1);
      } else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith("--") && value.length > 2)) {
          throw new UsageError(`${flag} needs a value`);
        }
        i++;
      }
    } else if (BOOL_FLAGS.has(flag)) {
      if (flag !== arg) throw new UsageError(`${flag} takes no value`);
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }

    switch (flag) {
      case "--help":
      case "-h":
        help = true;
        break;
      case "--relative":
        relative = true;
        break;
      case "--absolute":
        relative = false;
        break;
      case "--events":
        events = true;
        break;
      case "--set":
        sets.push(splitPair(flag, value ?? ""));
        break;
      case "--param":
        params.push(splitPair(flag, value ?? ""));
        break;
      case "--seed": {
        const v = value ?? "";
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n)) throw new UsageError(`--seed expects a non-negative integer, got "${v}"`);
        seed = n;
        break;
      }
      case "--profile": {
        const p = PROFILES.find((x) => x === value);
        if (p === undefined)
          throw new UsageError(`--profile expects one of ${PROFILES.join("|")}, got "${value ?? ""}"`);
        profile = p;
        break;
      }
      case "--format": {
        const f = FORMATS.find((x) => x === value);
        if (f === undefined) throw new UsageError(`--format expects one of ${FORMATS.join("|")}, got "${value ?? ""}"`);
        format = f;
        break;
      }
      case "--capture":
        if (value !== "send" && value !== "deliver") {
          throw new UsageError(`--capture expects send|deliver, got "${value ?? ""}"`);
        }
        capture = value;
        break;
      case "--out":
        if (value === undefined || value === "") throw new UsageError("--out needs a file name");
        out = value;
        break;
    }
  }
  return { help, scenario, sets, params, seed, profile, format, relative, capture, events, out };
}

/** What resolveRun() needs to know about one scenario. */
export interface ScenarioInfo {
  readonly name: string;
  readonly params: readonly ParamSpec[];
}

/** What resolveRun() needs to know about sysctl knobs, whatever shape the core's table has. */
export interface KnobCatalog {
  /** Canonical name ("net.ipv4.tcp_tw_reuse") for a name as typed, or undefined if unknown. */
  canonical(name: string): string | undefined;
  /** An error message if the value is not acceptable, else undefined. */
  check(canonicalName: string, value: string): string | undefined;
}

export interface ResolvedRun {
  readonly scenario: string;
  readonly sysctl: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Type a --param value like the parameter's default and check the spec's
 * bounds and choices, so a bad value is a usage error (exit 2) before the run.
 */
export function coerceParam(spec: ParamSpec, raw: string): string | number | boolean {
  switch (typeof spec.default) {
    case "number": {
      const n = raw.trim() === "" ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--param ${spec.name} expects a number, got "${raw}"`);
      if (spec.float !== true && !Number.isInteger(n)) {
        throw new UsageError(`--param ${spec.name} expects an integer, got "${raw}"`);
      }
      if (spec.min !== undefined && n < spec.min)
        throw new UsageError(`--param ${spec.name} must be >= ${spec.min}, got ${raw}`);
      if (spec.max !== undefined && n > spec.max)
        throw new UsageError(`--param ${spec.name} must be <= ${spec.max}, got ${raw}`);
      return n;
    }
    case "boolean": {
      const v = raw.toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      throw new UsageError(`--param ${spec.name} expects true|false, got "${raw}"`);
    }
    default:
      if (spec.choices !== undefined && !spec.choices.includes(raw)) {
        throw new UsageError(`--param ${spec.name} expects one of ${spec.choices.join("|")}, got "${raw}"`);
      }
      return raw;
  }
}

/**
 * Check the scenario, knobs and params against the catalog. A knob may carry
 * a "host:" prefix, which is kept (the core resolves hosts); the name after it
 * is checked and canonicalised.
 */
export function resolveRun(
  args: CliArgs,
  scenarios: Readonly<Record<string, ScenarioInfo>>,
  knobs: KnobCatalog,
): ResolvedRun {
  if (args.scenario === undefined) throw new UsageError("no scenario given (try --help)");
  const def = Object.hasOwn(scenarios, args.scenario) ? scenarios[args.scenario] : undefined;
  if (def === undefined) {
    throw new UsageError(`unknown scenario "${args.scenario}" (known: ${Object.keys(scenarios).join(", ")})`);
  }
  const sysctl: Record<string, string> = {};
  for (const [rawName, value] of args.sets) {
    const colon = rawName.indexOf(":");
    const host = colon >= 0 ? rawName.slice(0, colon + 1) : "";
    const name = rawName.slice(colon + 1);
    if (colon === 0) throw new UsageError(`--set ${rawName}: empty host name`);
    const canonical = knobs.canonical(name);
    if (canonical === undefined) throw new UsageError(`unknown knob "${name}" (see --help)`);
    const problem = knobs.check(canonical, value);
    if (problem !== undefined) throw new UsageError(`--set ${rawName}=${value}: ${problem}`);
    sysctl[host + canonical] = value;
  }
  const params: Record<string, string | number | boolean> = {};
  for (const [name, raw] of args.params) {
    const spec = def.params.find((p) => p.name === name);
    if (spec === undefined) {
      const known = def.params.map((p) => p.name).join(", ") || "none";
      throw new UsageError(`scenario ${def.name} has no parameter "${name}" (known: ${known})`);
    }
    params[name] = coerceParam(spec, raw);
  }
  return { scenario: def.name, sysctl, params };
}
