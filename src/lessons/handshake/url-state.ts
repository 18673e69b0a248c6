/**
 * The stepper's state in a URL (keys after the "hs." prefix), so a teacher
 * can link to an exact setup. Decoding never throws: an unreadable key keeps
 * its default and is reported, so the widget can say so.
 */
import { DEFAULT_SETTINGS, DROP_SYNACK_MAX, DROP_SYN_MAX, type HandshakeSettings } from "./stepper-model.ts";
import { formatIsn, parseCount, parseIsn, parseSwitch } from "./input.ts";

export const URL_PREFIX = "hs.";

/** Largest step a URL may ask for; the widget clamps it to the rows the run has. */
const MAX_STEP = 10_000;

export interface StepperState {
  readonly settings: HandshakeSettings;
  /** Rows shown; null means all of them (the finished run, as the first frame shows it). */
  readonly step: number | null;
}

export interface Decoded {
  readonly state: StepperState;
  /** Keys that were present but unreadable (they kept their defaults). */
  readonly rejected: readonly string[];
  /** Keys the stepper does not know (ignored). */
  readonly unknown: readonly string[];
}

const KEYS = ["cisn", "sisn", "dsyn", "dsa", "ts", "rel", "step"] as const;

export function decodeState(params: ReadonlyMap<string, string>): Decoded {
  let settings: HandshakeSettings = DEFAULT_SETTINGS;
  let step: number | null = null;
  const rejected: string[] = [];
  const unknown = [...params.keys()].filter((k) => !(KEYS as readonly string[]).includes(k));
  const take = <T>(
    key: string,
    parse: (text: string) => { ok: true; value: T } | { ok: false },
    apply: (v: T) => void,
  ): void => {
    const raw = params.get(key);
    if (raw === undefined) return;
    const parsed = parse(raw);
    if (parsed.ok) apply(parsed.value);
    else rejected.push(key);
  };
  take("cisn", parseIsn, (v) => (settings = { ...settings, clientIsn: v }));
  take("sisn", parseIsn, (v) => (settings = { ...settings, serverIsn: v }));
  take(
    "dsyn",
    (t) => parseCount(t, 0, DROP_SYN_MAX),
    (v) => (settings = { ...settings, dropSyn: v }),
  );
  take(
    "dsa",
    (t) => parseCount(t, 0, DROP_SYNACK_MAX),
    (v) => (settings = { ...settings, dropSynAck: v }),
  );
  take("ts", parseSwitch, (v) => (settings = { ...settings, timestamps: v }));
  take("rel", parseSwitch, (v) => (settings = { ...settings, relative: v }));
  take(
    "step",
    (t) => parseCount(t, 0, MAX_STEP),
    (v) => (step = v),
  );
  return { state: { settings, step }, rejected, unknown };
}

/** The URL values for a state; defaults are left out so plain links stay short. */
export function encodeState(state: StepperState): Record<string, string | undefined> {
  const s = state.settings;
  const d = DEFAULT_SETTINGS;
  const sw = (v: boolean, def: boolean) => (v === def ? undefined : v ? "1" : "0");
  return {
    cisn: s.clientIsn === d.clientIsn ? undefined : formatIsn(s.clientIsn),
    sisn: s.serverIsn === d.serverIsn ? undefined : formatIsn(s.serverIsn),
    dsyn: s.dropSyn === d.dropSyn ? undefined : String(s.dropSyn),
    dsa: s.dropSynAck === d.dropSynAck ? undefined : String(s.dropSynAck),
    ts: sw(s.timestamps, d.timestamps),
    rel: sw(s.relative, d.relative),
    step: state.step === null ? undefined : String(state.step),
  };
}
