import { describe, expect, it } from "vitest";
import type { DiagramStrings } from "../../../../src/diagram/sequence.ts";
import { runScenario } from "../../../../src/sim/scenarios/index.ts";
import {
  DEFAULT_LAB,
  buildLabView,
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
const lab = (s: Partial<LabSettings>) => buildLabView({ ...DEFAULT_LAB, ...s }, strings);

describe("close lab scenarios", () => {
  it("asks the core for the run each setting stands for", () => {
    // Written out by hand: TIME_WAIT 0 is tcp_max_tw_buckets=0 for a plain close, the scenario's own switch otherwise.
    const cases: [LabSettings, string, Parameters<typeof runScenario>[1]][] = [
      [DEFAULT_LAB, "data-and-close", { params: { closer: "client" } }],
      [
        { ...DEFAULT_LAB, closer: "simultaneous", timeWait: false },
        "data-and-close",
        { params: { closer: "simultaneous" }, sysctl: { tcp_max_tw_buckets: 0 } },
      ],
      [{ ...DEFAULT_LAB, fault: "lost-ack" }, "lost-final-ack", { params: { timeWait: true } }],
      [{ ...DEFAULT_LAB, fault: "old-dup", timeWait: false }, "old-duplicate", { params: { timeWait: false } }],
    ];
    for (const [settings, name, options] of cases) {
      expect(scenarioCall(settings)).toEqual({ name, options });
      expect(lab(settings).result.summary).toEqual(runScenario(name, options).summary);
    }
  });

  it("keeps TIME_WAIT for 60 s on the closer, and none when shortened to 0", () => {
    const kept = lab({});
    const tl = buildTimeline(kept.result.trace, ["client", "server"], kept.result.endTime);
    const tw = tl.intervals[0]?.find((i) => i.state === "TIME_WAIT");
    expect(tw && (tw.to - tw.from) / 1e6).toBe(kept.result.summary["timeWaitSeconds"]);
    // Linux's fixed TCP_TIMEWAIT_LEN (lab: time-wait-length): without this, a missing interval and a missing key agree as undefined.
    expect(tw && (tw.to - tw.from) / 1e6).toBe(60);
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

  it("draws a corrupted connection in a readable number of rows (the core rate-limits its duplicate ACKs)", () => {
    const v = lab({ fault: "old-dup", timeWait: false });
    expect(v.result.summary["staleBytesAccepted"]).toBe(true);
    expect(v.model.rows.length).toBeLessThan(40);
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
