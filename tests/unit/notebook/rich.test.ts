import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/sim/index.ts";
import { traceToPcap } from "../../../src/sim/export/index.ts";
import { buildSequence, sequenceSvg } from "../../../src/diagram/sequence.ts";
import {
  isPcap,
  isScenarioResult,
  isTrace,
  richItems,
  sanitizePoints,
  sanitizeTrace,
  seriesPoints,
} from "../../../src/notebook/rich.ts";
import { OUTPUT_LIMITS } from "../../../src/notebook/protocol.ts";
import { chartDescription, chartStats, chartSvg, shortNumber } from "../../../src/notebook/chart.ts";
import { dedentCode } from "../../../src/notebook/source-text.ts";

const diagramStrings = {
  title: "t",
  send: "{from}>{to} {segment}",
  lost: "lost",
  state: "s",
  timer: "timer",
  lostMark: "x",
};
const chartStrings = { description: "{label}: {count} points, {first}→{last}, {min}..{max}", unnamed: "series" };

describe("recognising rich values", () => {
  const run = runScenario("handshake", { seed: 2 });

  it("tells traces, scenario results, pcaps and series apart", () => {
    expect(isScenarioResult(run)).toBe(true);
    expect(isTrace(run.trace)).toBe(true);
    expect(isTrace([])).toBe(false);
    expect(isTrace([{ t: 1, kind: "nonsense" }])).toBe(false);
    expect(isPcap(traceToPcap(run.trace))).toBe(true);
    expect(isPcap(new Uint8Array(24))).toBe(false);
    expect(seriesPoints([3, 1, 4])).toEqual([
      [0, 3],
      [1, 1],
      [2, 4],
    ]);
    expect(
      seriesPoints([
        { t: 10, value: 1 },
        { t: 20, value: 2 },
      ]),
    ).toEqual([
      [10, 1],
      [20, 2],
    ]);
    expect(seriesPoints([1])).toBeNull();
    expect(seriesPoints([1, Number.NaN])).toBeNull();
    expect(richItems("text")).toBeNull();
    expect(richItems({ a: 1 })).toBeNull();
  });

  it("turns a scenario result into its summary and diagram", () => {
    const items = richItems(run) ?? [];
    expect(items.map((i) => i.kind)).toEqual(["scenario", "trace"]);
    const summary = items[0]?.kind === "scenario" ? items[0].summary : [];
    expect(summary).toContainEqual(["clientIsn", String(run.summary["clientIsn"])]);
  });

  it("caps what a trace item carries", () => {
    const events = Array.from({ length: OUTPUT_LIMITS.traceEvents + 10 }, (_, i) => ({
      t: i,
      kind: "note" as const,
      text: "n",
    }));
    const [item] = richItems(events) ?? [];
    expect(item?.kind === "trace" && item.events.length).toBe(OUTPUT_LIMITS.traceEvents);
    expect(item?.kind === "trace" && item.totalEvents).toBe(OUTPUT_LIMITS.traceEvents + 10);
  });
});

describe("re-validating data from the worker", () => {
  it("rebuilds a real trace into the same diagram", () => {
    const run = runScenario("handshake", { seed: 5 });
    const clean = sanitizeTrace(JSON.parse(JSON.stringify(run.trace)));
    const a = sequenceSvg(buildSequence(clean, diagramStrings), diagramStrings);
    const b = sequenceSvg(buildSequence(run.trace, diagramStrings), diagramStrings);
    expect(a).toBe(b);
  });

  it("neutralises markup and junk in hostile events", () => {
    const hostile = [
      {
        t: "<script>",
        kind: "send",
        host: "<img src=x onerror=alert(1)>",
        seg: {
          id: 1,
          src: { ip: "1.1.1.1", port: "<b>" },
          dst: { ip: "2.2.2.2", port: 2 },
          seq: {},
          len: "<i>",
          ctl: { syn: "yes" },
        },
      },
      { kind: "state", t: 2, sock: { host: "h" }, from: "A", to: "</text><script>" },
      "not an event",
      null,
    ];
    const clean = sanitizeTrace(hostile);
    expect(clean).toHaveLength(2);
    const svg = sequenceSvg(buildSequence(clean, diagramStrings), diagramStrings);
    expect(svg).not.toMatch(/<script|<img|<b>|<i>/);
    expect(sanitizePoints([[1, 2], [3, "x"], "no", [Infinity, 1]])).toEqual([[1, 2]]);
  });
});

describe("charts", () => {
  const points: [number, number][] = [
    [0, 5],
    [1, 20_000],
    [2, 12],
  ];

  it("describe the series in words", () => {
    expect(chartStats(points)).toEqual({ count: 3, min: 5, max: 20_000, first: 5, last: 12 });
    expect(chartDescription("TIME_WAIT", points, chartStrings)).toBe("TIME_WAIT: 3 points, 5→12, 5..20k");
    expect(shortNumber(28_232)).toBe("28.2k");
    expect(shortNumber(2_500_000)).toBe("2.5M");
    expect(shortNumber(0.125)).toBe("0.125");
  });

  it("draw one path through every point and escape the label", () => {
    const svg = chartSvg('<b>"x"</b>', points, chartStrings);
    expect(svg.match(/[ML]\d/g)).toHaveLength(3);
    expect(svg).not.toContain("<b>");
    expect(svg).toContain('role="img"');
  });
});

describe("dedentCode", () => {
  it("removes the indentation an MDX attribute adds and blank edges", () => {
    expect(dedentCode("\n    const a = 1;\n      if (a) {}\n\n    a\n  ")).toBe("const a = 1;\n  if (a) {}\n\na");
    expect(dedentCode("")).toBe("");
    expect(dedentCode("\r\nx\r\n")).toBe("x");
  });
});
