/**
 * Runs one experiment: control values → scenario options → the core →
 * the values the widget shows. Pure and deterministic (the scenario is
 * seeded), so the server's first frame and the browser's re-run agree.
 */
import {
  runScenario,
  type KernelProfile,
  type ScenarioOptions,
  type ScenarioResult,
  SysctlTable,
  isProfile,
} from "../../sim/index.ts";
import { fill, formatNumber } from "../format.ts";
import type { ControlValues, ExperimentSpec, ObservableSpec, Primitive } from "./spec.ts";

export interface ShownValue {
  readonly source: string;
  readonly label: string;
  /** The number or text before formatting (undefined when not available). */
  readonly raw: number | string | boolean | undefined;
  readonly text: string;
}

export type Outcome =
  | { readonly kind: "ok"; readonly result: ScenarioResult; readonly shown: readonly ShownValue[] }
  /** A sysctl write the kernel refuses: nothing runs, like `sysctl -w` failing. */
  | { readonly kind: "refused"; readonly message: string; readonly shown: readonly ShownValue[] }
  | { readonly kind: "failed"; readonly message: string };

export function scenarioOptions(
  spec: ExperimentSpec,
  values: ControlValues,
): ScenarioOptions & { profile: KernelProfile } {
  let profile: KernelProfile = spec.profile ?? "linux";
  const params: Record<string, Primitive> = { ...spec.params };
  const sysctl: Record<string, string | number> = { ...spec.sysctl };
  for (const c of spec.controls) {
    const v = values[c.key] ?? c.default;
    if (c.target === "profile") {
      if (isProfile(v)) profile = v;
    } else if (c.target.startsWith("param:")) params[c.target.slice(6)] = v;
    else if (c.target.startsWith("sysctl:")) sysctl[c.target.slice(7)] = v;
  }
  return { seed: spec.seed ?? 1, profile, params, sysctl };
}

/** "server:net.core.somaxconn" → "net.core.somaxconn". */
function knobOf(target: string): string {
  const i = target.lastIndexOf(":");
  return i < 0 ? target : target.slice(i + 1);
}

interface Words {
  readonly yes: string;
  readonly no: string;
  readonly accepted: string;
  readonly none: string;
}

function formatValue(o: ObservableSpec, raw: number | string | boolean | undefined, locale: string, w: Words): string {
  if (raw === undefined) return "—";
  if (typeof raw === "boolean") return raw ? w.yes : w.no;
  if (typeof raw === "string") return raw;
  if (raw === -1 && o.never !== undefined) return o.never;
  return formatNumber(raw, locale, o.digits ?? 0) + (o.unit ?? "");
}

/** What writing the knob says: the warning, the error, or "accepted". */
function sysctlCheck(o: ObservableSpec, profile: KernelProfile, values: ControlValues): { ok: boolean; text: string } {
  const value = (o.from ?? []).map((k) => values[k] ?? "").join(" ");
  const r = new SysctlTable(profile).set(o.source.slice("sysctl:".length), value);
  if (!r.ok) return { ok: false, text: r.message };
  return { ok: true, text: r.warning ?? "" };
}

function inRange(o: ObservableSpec, values: ControlValues): number[] {
  const [lo, hi] = o.source
    .slice("inRange:".length)
    .split(",")
    .map((k) => Number(values[k.trim()]));
  return (o.ports ?? []).filter((p) => lo !== undefined && hi !== undefined && p >= lo && p <= hi);
}

export function runExperiment(spec: ExperimentSpec, values: ControlValues, locale = "en"): Outcome {
  const options = scenarioOptions(spec, values);
  const w = spec.strings;
  // Writes the kernel would refuse stop here, with sysctl's own words.
  const pre: ShownValue[] = [];
  let refusal: string | undefined;
  for (const o of spec.observables) {
    if (o.source.startsWith("sysctl:")) {
      const r = sysctlCheck(o, options.profile, values);
      if (!r.ok) refusal ??= r.text;
      pre.push({ source: o.source, label: o.label, raw: r.text, text: r.text === "" ? w.accepted : r.text });
    } else if (o.source.startsWith("inRange:")) {
      const hits = inRange(o, values);
      pre.push({
        source: o.source,
        label: o.label,
        raw: hits.join(", "),
        text: hits.length === 0 ? w.none : hits.join(", "),
      });
    }
  }
  for (const c of spec.controls) {
    if (!c.target.startsWith("sysctl:")) continue;
    const r = new SysctlTable(options.profile).set(knobOf(c.target.slice(7)), values[c.key] ?? c.default);
    if (!r.ok) refusal ??= r.message;
  }
  if (refusal !== undefined) return { kind: "refused", message: fill(w.refused, { message: refusal }), shown: pre };

  let result: ScenarioResult;
  try {
    result = runScenario(spec.scenario, options);
  } catch (e) {
    return { kind: "failed", message: fill(w.failed, { message: e instanceof Error ? e.message : String(e) }) };
  }
  const shown = spec.observables.map((o): ShownValue => {
    const p = pre.find((x) => x.source === o.source);
    if (p !== undefined) return p;
    let raw: number | string | boolean | undefined;
    if (o.source.startsWith("counter:")) {
      const [, host = "", name = ""] = o.source.split(":");
      raw = result.counters[host]?.[name] ?? 0;
    } else raw = result.summary[o.source];
    return { source: o.source, label: o.label, raw, text: formatValue(o, raw, locale, w) };
  });
  return { kind: "ok", result, shown };
}
