/**
 * View model of the close and TIME_WAIT lab. It picks one of the core's
 * scenarios for the reader's choices — `data-and-close` (who closes first),
 * `lost-final-ack` (TIME_WAIT's reliable-close job), `old-duplicate` (its
 * job of letting old segments die) — and shortens TIME_WAIT to 0 the way
 * those scenarios do (tcp_max_tw_buckets=0: the closing socket skips
 * TIME_WAIT, `tcp_minisocks.c:355-361`).
 */
import {
  dataAndClose,
  lostFinalAck,
  oldDuplicate,
  type ScenarioDef,
  type ScenarioOptions,
  type ScenarioResult,
  type TraceEvent,
} from "../../sim/index.ts";
import { buildSequence, type DiagramStrings, type SequenceModel } from "../../diagram/sequence.ts";
import { diagramTrace } from "../handshake/stepper-model.ts";

export const FAULTS = ["none", "lost-ack", "old-dup"] as const;
export type Fault = (typeof FAULTS)[number];
export const CLOSERS = ["client", "server", "simultaneous"] as const;
export type Closer = (typeof CLOSERS)[number];

export interface LabSettings {
  readonly fault: Fault;
  /** Who calls close() first; the two fault experiments always have the client close first. */
  readonly closer: Closer;
  /** Keep Linux's TIME_WAIT (true) or shorten it to 0 (false). */
  readonly timeWait: boolean;
}

export const DEFAULT_LAB: LabSettings = { fault: "none", closer: "client", timeWait: true };

const SCENARIOS: Readonly<Record<Fault, ScenarioDef>> = {
  none: dataAndClose,
  "lost-ack": lostFinalAck,
  "old-dup": oldDuplicate,
};

/** The scenario and options for the settings: the same call a test makes with runScenario. */
export function scenarioCall(s: LabSettings): { name: string; options: ScenarioOptions } {
  if (s.fault === "none") {
    return {
      name: dataAndClose.name,
      options: { params: { closer: s.closer }, ...(s.timeWait ? {} : { sysctl: { tcp_max_tw_buckets: 0 } }) },
    };
  }
  return { name: SCENARIOS[s.fault].name, options: { params: { timeWait: s.timeWait } } };
}

export function runLab(s: LabSettings): ScenarioResult {
  const call = scenarioCall(s);
  return SCENARIOS[s.fault].run(call.options);
}

export interface LabView {
  readonly settings: LabSettings;
  readonly result: ScenarioResult;
  readonly trace: readonly TraceEvent[];
  readonly model: SequenceModel;
}

export function buildLabView(settings: LabSettings, strings: DiagramStrings): LabView {
  const result = runLab(settings);
  const trace = diagramTrace(result.trace);
  const model = buildSequence(trace, strings, { relative: true, timers: true });
  return { settings, result, trace, model };
}

/** What old-duplicate says became of the delayed segment (its summary's delayedSegmentFate). */
const OLD_FATES = ["answered-by-time-wait", "accepted", "rejected-by-new-connection", "no-socket-rst"] as const;

/** The dictionary key of the sentence describing the outcome. */
export type ResultKey =
  "resultCloseTw" | "resultCloseNoTw" | "resultLostRst" | "resultLostAck" | `resultOld-${(typeof OLD_FATES)[number]}`;

export function resultKey(view: LabView): ResultKey {
  const s = view.settings;
  if (s.fault === "none") return s.timeWait ? "resultCloseTw" : "resultCloseNoTw";
  if (s.fault === "lost-ack")
    return view.result.summary["clientAnswerToResentFin"] === "RST" ? "resultLostRst" : "resultLostAck";
  const fate = String(view.result.summary["delayedSegmentFate"]);
  const known = OLD_FATES.find((f) => f === fate);
  if (known === undefined) throw new Error(`close lab: no sentence for the delayed segment's fate "${fate}"`);
  return `resultOld-${known}`;
}

/** Summary values, as strings, for filling the outcome sentence. */
export function resultValues(view: LabView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.result.summary))
    out[k] = typeof v === "number" ? formatNumber(v) : String(v);
  return out;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}
