import { describe, expect, test } from "vitest";
import {
  DASHES,
  REFERENCE_DASH,
  escapeXml,
  niceTicks,
  seriesSvg,
  seriesTableHtml,
  type ChartSpec,
} from "../../../src/chart/series.ts";

const spec: ChartSpec = {
  title: "TIME_WAIT <sockets>",
  description: "At most 30 & rising.",
  xLabel: "Seconds",
  yLabel: "Sockets",
  series: [
    { label: "client", values: [0, 10, 20, 30] },
    { label: "server", values: [5, NaN, 5, 5] },
  ],
  reference: { value: 25, label: "ceiling" },
};

describe("niceTicks", () => {
  test("round steps of 1, 2 or 5 that cover the maximum", () => {
    expect(niceTicks(470.5)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(28232)).toEqual([0, 10000, 20000, 30000]);
    expect(niceTicks(7, 5)).toEqual([0, 2, 4, 6, 8]);
  });
  test("a zero or invalid maximum still gives an axis", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(NaN)).toEqual([0, 1]);
  });
});

describe("seriesSvg", () => {
  const svg = seriesSvg(spec, "c1");
  test("has an escaped title and description referenced by id", () => {
    expect(svg).toContain('<title id="c1-title">TIME_WAIT &lt;sockets&gt;</title>');
    expect(svg).toContain('<desc id="c1-desc">At most 30 &amp; rising.</desc>');
    expect(svg).toContain('aria-labelledby="c1-title"');
    expect(svg).toContain('role="img"');
  });
  test("each series has its own colour class and dash pattern, repeated in a text legend", () => {
    expect(svg).toMatch(/<path class="chart-line chart-s0" d="M[^"]+"\/>/);
    expect(svg).toContain(`<path class="chart-line chart-s1" d="`);
    expect(svg).toContain(`stroke-dasharray="${DASHES[1]}"`);
    expect(svg).toContain(">client</text>");
    expect(svg).toContain(">server</text>");
    expect(svg).toContain(">ceiling</text>");
  });
  test("draws the reference line at its value on the y scale", () => {
    const ref = /<line class="chart-ref" x1="\d+" x2="\d+" y1="([\d.]+)"/.exec(svg);
    expect(ref).not.toBeNull();
    // Ticks 0..30 over a 220 px plot starting at y=12: 25 sits at 12 + 220 × (1 − 25/30).
    expect(Number(ref?.[1])).toBeCloseTo(12 + 220 * (1 - 25 / 30), 0);
    expect(svg).toContain(`stroke-dasharray="${REFERENCE_DASH}"`);
  });
  test("a NaN breaks the line into two pieces", () => {
    const d = /chart-s1" d="([^"]+)"/.exec(svg)?.[1] ?? "";
    expect(d.match(/M/g)?.length).toBe(2);
  });
  test("tick labels use the caller's number format", () => {
    const big = seriesSvg({ ...spec, series: [{ label: "a", values: [0, 28232] }], format: (n) => `<${n}>` }, "c2");
    expect(big).toContain("&lt;30000&gt;");
  });
});

describe("seriesTableHtml", () => {
  test("samples every n-th point plus the last, one column per series", () => {
    const html = seriesTableHtml(spec, { caption: "Data", xHeader: "Second" }, 2);
    expect(html).toContain("<caption>Data</caption>");
    expect(html).toContain('<th scope="col">client</th>');
    const rows = html.match(/<tr><th scope="row">/g)?.length;
    expect(rows).toBe(2); // points 2 and 4 (x = 2, 4)
    expect(html).toContain('<th scope="row">4</th><td>30</td><td>5</td>');
    expect(html).toContain('<th scope="row">2</th><td>10</td><td></td>');
  });
  test("escapes text", () => {
    expect(escapeXml(`a<b>&"`)).toBe("a&lt;b&gt;&amp;&quot;");
  });
});

describe("series style slots", () => {
  test("a series can pick its colour and dash slot, in the line and in the legend", () => {
    const svg = seriesSvg({ ...spec, series: [{ label: "failed", values: [1, 2], style: 2 }] }, "c3");
    expect(svg).toContain(`<path class="chart-line chart-s2" d="M`);
    expect(svg).toContain(`stroke-dasharray="${DASHES[2]}"`);
    expect(svg).toMatch(
      /<line class="chart-line chart-s2"[^>]*stroke-dasharray="2 3"\/><text class="chart-legend"[^>]*>failed</,
    );
  });
});
