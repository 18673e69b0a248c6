/**
 * View model of the close and TIME_WAIT lab. It picks one of the core's
 * scenarios for the reader's choices — `data-and-close` (who closes first),
 * `lost-final-ack` (TIME_WAIT's reliable-close job), `old-duplicate` (its
 * job of letting old segments die) — and shortens TIME_WAIT to 0 the way
 * those scenarios do (tcp_max_tw_buckets=0: the closing socket skips
 * TIME_WAIT, `tcp_minisocks.c:355-361`).
 */
import { dataAndClose } from "../../sim/scenarios/data-and-close.ts";
import { lostFinalAck } from "../../sim/scenarios/lost-final-ack.ts";
import { oldDuplicate } from "../../sim/scenarios/old-duplicate.ts";
import type { ScenarioDef, ScenarioOptions, ScenarioResult } from "../../sim/scenarios/types.ts";
import { buildSequence, type DiagramRow, type DiagramStrings, type SequenceModel } from "../../diagram/sequence.ts";
import { diagramTrace, fill, formatSeconds } from "../handshake/stepper-model.ts";
import type { TraceEvent } from "../../sim/trace.ts";

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

function sameRow(a: DiagramRow | undefined, b: DiagramRow | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.kind === b.kind &&
    a.from === b.from &&
    a.to === b.to &&
    a.label === b.label &&
    a.lost === b.lost
  );
}

/** Fewest hidden rows worth a summary row. */
const MIN_COLLAPSED = 6;

/**
 * Folds long runs of identical exchanges (an ACK war between two ends that
 * disagree about the sequence space repeats the same two segments) into the
 * first pair plus one summary row, so the diagram stays readable. The state
 * changes of the folded rows are kept on the summary row.
 * `template` gets {count} (rows folded) and {until} (seconds of the last).
 */
export function collapseRepeats(model: SequenceModel, template: string): SequenceModel {
  const rows = model.rows;
  const out: DiagramRow[] = [];
  let i = 0;
  while (i < rows.length) {
    let folded = false;
    for (const period of [1, 2]) {
      let end = i + period;
      while (end < rows.length && sameRow(rows[end], rows[end - period])) end++;
      const hidden = end - (i + period);
      if (hidden >= MIN_COLLAPSED) {
        out.push(...rows.slice(i, i + period));
        const last = rows[end - 1] as DiagramRow;
        const label = fill(template, { count: hidden, until: formatSeconds(last.t) });
        const first = rows[i] as DiagramRow;
        out.push({
          t: last.t,
          kind: "timer",
          from: first.from,
          to: first.from,
          label,
          lost: false,
          states: rows.slice(i + period, end).flatMap((r) => r.states),
          description: label,
        });
        i = end;
        folded = true;
        break;
      }
    }
    if (!folded) {
      out.push(rows[i] as DiagramRow);
      i++;
    }
  }
  return { ...model, rows: out };
}

export interface LabView {
  readonly settings: LabSettings;
  readonly result: ScenarioResult;
  readonly trace: readonly TraceEvent[];
  readonly model: SequenceModel;
}

export function buildLabView(settings: LabSettings, strings: DiagramStrings, repeatTemplate: string): LabView {
  const result = runLab(settings);
  const trace = diagramTrace(result.trace);
  const model = collapseRepeats(buildSequence(trace, strings, { relative: true, timers: true }), repeatTemplate);
  return { settings, result, trace, model };
}

/** The dictionary key of the sentence describing the outcome. */
export function resultKey(view: LabView): string {
  const s = view.settings;
  if (s.fault === "none") return s.timeWait ? "resultCloseTw" : "resultCloseNoTw";
  if (s.fault === "lost-ack")
    return view.result.summary["clientAnswerToResentFin"] === "RST" ? "resultLostRst" : "resultLostAck";
  return `resultOld-${String(view.result.summary["delayedSegmentFate"])}`;
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
