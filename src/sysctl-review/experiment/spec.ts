/**
 * The configuration of one embedded sysctl experiment: which scenario of
 * the core runs, which knob the reader controls, which results are shown
 * and how. A page passes a spec as props; it is plain JSON so the browser
 * gets the same spec the server rendered from.
 */
import type { KernelProfile } from "../../sim/index.ts";

export type Primitive = string | number | boolean;

export interface ControlOption {
  readonly value: string;
  readonly label: string;
}

export interface ControlSpec {
  /** URL key (after the "sx.<id>." prefix) and id suffix. */
  readonly key: string;
  readonly label: string;
  /**
   * What the control sets: the kernel profile, a scenario parameter
   * ("param:syncookies") or a sysctl override ("sysctl:server:net.core.somaxconn").
   */
  readonly target: string;
  readonly kind: "select" | "number";
  readonly options?: readonly ControlOption[];
  readonly min?: number;
  readonly max?: number;
  readonly default: string;
  /** Extra words shown under the control (e.g. the unit). */
  readonly hint?: string;
}

export interface ObservableSpec {
  /**
   * Where the value comes from: a summary key of the scenario ("floodCookiesSent"),
   * a counter ("counter:server:TcpExtSyncookiesSent"), what the kernel says when the
   * knob is written ("sysctl:net.ipv4.ip_local_port_range" with the value taken from
   * `from` controls), or which of `ports` fall inside the range given by two controls
   * ("inRange:portLow,portHigh").
   */
  readonly source: string;
  readonly label: string;
  readonly digits?: number;
  /** Appended after numbers, e.g. " s". */
  readonly unit?: string;
  /** Shown instead of -1 (the scenarios' "did not happen"). */
  readonly never?: string;
  /** For "sysctl:" sources: the controls whose values, joined by a space, are written. */
  readonly from?: readonly string[];
  /** For "inRange:" sources. */
  readonly ports?: readonly number[];
}

export type VisualSpec =
  | {
      readonly kind: "bars";
      readonly title: string;
      /** Each bar is an observable (by its source). */
      readonly bars: readonly {
        readonly source: string;
        readonly label: string;
        readonly pattern?: "solid" | "hatched";
      }[];
      readonly unit?: string;
    }
  | {
      readonly kind: "series";
      readonly title: string;
      readonly lines: readonly { readonly series: string; readonly label: string }[];
      readonly xLabel: string;
      readonly yLabel: string;
    }
  | {
      readonly kind: "timeline";
      readonly title: string;
      /** Summary key holding comma-separated event times in seconds. */
      readonly times: string;
      readonly timesLabel: string;
      /** Summary key with the time the run's outcome happened (-1: never). */
      readonly end?: string;
      readonly endLabel?: string;
      readonly xLabel: string;
    };

export interface ExperimentStrings {
  /** Heading of the widget. */
  readonly title: string;
  /** "Result" heading over the observables. */
  readonly results: string;
  readonly yes: string;
  readonly no: string;
  /** "The kernel refuses this: {message}" */
  readonly refused: string;
  /** Shown when a run throws (bad combination of values). */
  readonly failed: string;
  readonly running: string;
  /** "Some values in the link were not valid and were reset: {keys}." */
  readonly badUrl: string;
  /** Label of the <details> with the text description of the chart. */
  readonly describe: string;
  /** "{label}: {value}" */
  readonly pair: string;
  readonly reset: string;
  /** Word for "accepted" when a sysctl write succeeds without a warning. */
  readonly accepted: string;
  /** Shown when no listed port falls inside the range. */
  readonly none: string;
  /** "{label}: enter a whole number from {min} to {max}." */
  readonly invalidNumber: string;
}

export interface ExperimentSpec {
  /** Short id, unique on the page; URL keys are "sx.<id>.<control>". */
  readonly id: string;
  readonly scenario: string;
  readonly seed?: number;
  readonly profile?: KernelProfile;
  readonly params?: Readonly<Record<string, Primitive>>;
  readonly sysctl?: Readonly<Record<string, string | number>>;
  readonly controls: readonly ControlSpec[];
  readonly observables: readonly ObservableSpec[];
  readonly visual?: VisualSpec;
  readonly strings: ExperimentStrings;
}

export type ControlValues = Readonly<Record<string, string>>;

export function defaultValues(spec: ExperimentSpec): Record<string, string> {
  return Object.fromEntries(spec.controls.map((c) => [c.key, c.default]));
}

/** Is `raw` a value this control accepts? (Used for URL state and form input alike.) */
export function validControlValue(c: ControlSpec, raw: string): boolean {
  if (c.kind === "select") return (c.options ?? []).some((o) => o.value === raw);
  if (!/^-?\d+$/.test(raw.trim())) return false;
  const n = Number(raw);
  return (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
}

/**
 * Control values from URL parameters (already stripped of the prefix).
 * Unknown keys are ignored; invalid values fall back to the default and are
 * reported in `rejected`, so the widget can say so.
 */
export function valuesFromUrl(
  spec: ExperimentSpec,
  given: ReadonlyMap<string, string>,
): { values: Record<string, string>; rejected: string[] } {
  const values = defaultValues(spec);
  const rejected: string[] = [];
  for (const c of spec.controls) {
    const raw = given.get(c.key);
    if (raw === undefined) continue;
    if (validControlValue(c, raw)) values[c.key] = c.kind === "number" ? String(Number(raw)) : raw;
    else rejected.push(c.key);
  }
  return { values, rejected };
}

/** Only the values that differ from the defaults, for a short URL. */
export function changedValues(spec: ExperimentSpec, values: ControlValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of spec.controls) {
    const v = values[c.key];
    if (v !== undefined && v !== c.default) out[c.key] = v;
  }
  return out;
}

export function urlPrefix(spec: ExperimentSpec): string {
  return `sx.${spec.id}.`;
}
