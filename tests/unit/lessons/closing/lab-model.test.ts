import { describe, expect, it } from "vitest";
import type { DiagramRow, DiagramStrings, SequenceModel } from "../../../../src/diagram/sequence.ts";
import { runScenario } from "../../../../src/sim/scenarios/index.ts";
import {
  DEFAULT_LAB,
  buildLabView,
  collapseRepeats,
  resultKey,
  scenarioCall,
  type LabSettings,
} from "../../../../src/lessons/closing/lab-model.ts";
import { buildTimeline } from "../../../../src/lessons/closing/timeline.ts";
import { decodeLab, encodeLab } from "../../../../src/lessons/closing/url-state.ts";

const strings: DiagramStrings = {
  title: "t",
  send: "{from} sends {segment} to {to}.",
  lost: "{from} sends {segment} to {to}; lost.",
  state: "{host}: {from} → {to}.",
  timer: "{host}: {timer} fires.",
  lostMark: "lost",
};
const REPEAT = "{count} more until {until} s";
const lab = (s: Partial<LabSettings>) => buildLabView({ ...DEFAULT_LAB, ...s }, strings, REPEAT);

function row(label: string, t: number, from = 0, to = 1): DiagramRow {
  return { t, kind: "segment", from, to, label, lost: false, states: [], description: label };
}

describe("collapseRepeats", () => {
  it("folds a long two-segment ping-pong into the first pair and one summary row", () => {
    const rows = [row("SYN", 0)];
    for (let i = 0; i < 10; i++) rows.push(row("ACK a", 10 + 2 * i), row("ACK b", 11 + 2 * i, 1, 0));
    rows.push(row("FIN", 100));
    const out = collapseRepeats({ lanes: [], rows, initialStates: [] } as SequenceModel, REPEAT).rows;
    expect(out.map((r) => r.label)).toEqual(["SYN", "ACK a", "ACK b", "18 more until 0.000029 s", "FIN"]);
  });
  it("leaves short repeats alone", () => {
    const rows = [row("ACK", 1), row("ACK", 2), row("ACK", 3)];
    expect(collapseRepeats({ lanes: [], rows, initialStates: [] } as SequenceModel, REPEAT).rows).toHaveLength(3);
  });
});

describe("close lab scenarios", () => {
  it("asks the core for the same run a test would make with runScenario", () => {
    for (const s of [
      DEFAULT_LAB,
      { ...DEFAULT_LAB, closer: "simultaneous", timeWait: false },
      { ...DEFAULT_LAB, fault: "lost-ack" },
      { ...DEFAULT_LAB, fault: "old-dup", timeWait: false },
    ] as LabSettings[]) {
      const call = scenarioCall(s);
      expect(lab(s).result.summary).toEqual(runScenario(call.name, call.options).summary);
    }
  });

  it("keeps TIME_WAIT for 60 s on the closer, and none when shortened to 0", () => {
    const kept = lab({});
    const tl = buildTimeline(kept.result.trace, ["client", "server"], kept.result.endTime);
    const tw = tl.intervals[0]?.find((i) => i.state === "TIME_WAIT");
    expect(tw && (tw.to - tw.from) / 1e6).toBe(kept.result.summary["timeWaitSeconds"]);
    const none = lab({ timeWait: false });
    const tl0 = buildTimeline(none.result.trace, ["client", "server"], none.result.endTime);
    expect(tl0.intervals.flat().some((i) => i.state === "TIME_WAIT")).toBe(false);
  });

  it("marks the lost ACK, the resent FIN and the answer to it", () => {
    const kinds = (s: Partial<LabSettings>) => {
      const v = lab(s);
      return buildTimeline(v.result.trace, ["client", "server"], v.result.endTime).markers.map(
        (m) => `${m.host}:${m.kind}`,
      );
    };
    expect(kinds({ fault: "lost-ack" })).toEqual(["client:lost", "server:finAgain", "client:twRestart"]);
    expect(kinds({ fault: "lost-ack", timeWait: false })).toEqual(["client:lost", "server:finAgain", "client:rst"]);
    expect(kinds({ fault: "old-dup", timeWait: false })).toContain("client:oldArrives");
  });

  it("picks the outcome sentence from the scenario's summary", () => {
    expect(resultKey(lab({}))).toBe("resultCloseTw");
    expect(resultKey(lab({ fault: "lost-ack", timeWait: false }))).toBe("resultLostRst");
    expect(resultKey(lab({ fault: "old-dup", timeWait: false }))).toBe("resultOld-accepted");
    expect(resultKey(lab({ fault: "old-dup" }))).toBe("resultOld-answered-by-time-wait");
  });

  it("keeps the ACK war of a corrupted connection readable", () => {
    const v = lab({ fault: "old-dup", timeWait: false });
    const sends = v.result.trace.filter((e) => e.kind === "send").length;
    expect(v.model.rows.length).toBeLessThan(40);
    expect(sends).toBeGreaterThan(v.model.rows.length);
  });
});

describe("close lab URL state", () => {
  it("round-trips every combination and rejects unknown values", () => {
    for (const fault of ["none", "lost-ack", "old-dup"] as const)
      for (const closer of ["client", "server", "simultaneous"] as const)
        for (const timeWait of [true, false]) {
          const s = { fault, closer, timeWait };
          const map = new Map(Object.entries(encodeLab(s)).filter((e): e is [string, string] => e[1] !== undefined));
          expect(decodeLab(map)).toEqual({ settings: s, rejected: [] });
        }
    expect(
      decodeLab(
        new Map([
          ["fault", "meteor"],
          ["tw", "30"],
        ]),
      ),
    ).toEqual({ settings: DEFAULT_LAB, rejected: ["fault", "tw"] });
  });
});
