/**
 * A small time-series chart as an SVG string: axes with tick labels, several
 * series told apart by colour AND dash pattern AND a text legend, and an
 * optional horizontal reference line (a computed ceiling). Pure, so a page
 * renders it at build time and a widget redraws it with the same code.
 * Every word comes in through the spec; numbers are formatted by the
 * caller's `format` (the page's locale).
 */

export interface ChartSeries {
  /** Legend text. */
  readonly label: string;
  /** One value per x step; NaN leaves a gap. */
  readonly values: readonly number[];
  /** Colour and dash slot (0–3); default: the series' position. Lets charts on one page keep a meaning per slot. */
  readonly style?: number;
}

export interface ChartReference {
  readonly value: number;
  readonly label: string;
}

export interface ChartSpec {
  /** The SVG's accessible name (<title>). */
  readonly title: string;
  /** A one-sentence summary (<desc>). */
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly reference?: ChartReference | undefined;
  /** x value of the first point and the step between points (default 1 and 1: seconds 1, 2, 3...). */
  readonly x0?: number;
  readonly xStep?: number;
  readonly width?: number;
  readonly height?: number;
  /** Number formatting for tick labels (default: grouping with thin separators via toLocaleString("en")). */
  readonly format?: (n: number) => string;
}

/** Dash patterns by series index: solid, dashed, dotted, dash-dot. The reference line has its own. */
export const DASHES = ["", "7 4", "2 3", "9 3 2 3"] as const;
export const REFERENCE_DASH = "12 4";

/** Text is 12 units (chart.css): the wide layout needs 640 × 11 / 12 ≈ 587 px (shown from 590), the narrow one 275 px. */
export const CHART_FONT = 12;
export const NARROW_CHART_WIDTH = 300;
const WIDE_PAD = { left: 64, right: 16, top: 12, bottom: 40 } as const;
/** Narrow: the y-axis name sits above the plot instead of turned beside it. */
const NARROW_PAD = { left: 46, right: 12, top: 26, bottom: 40 } as const;
const LEGEND_ROW = 18;

export type ChartLayout = "wide" | "narrow";

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** "Nice" round tick values covering [0, max]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

const round1 = (n: number): string => String(Math.round(n * 10) / 10);

/** The chart as an SVG string; `id` makes its <title>/<desc> ids unique on the page. */
export function seriesSvg(spec: ChartSpec, id: string, layout: ChartLayout = "wide"): string {
  const narrow = layout === "narrow";
  const PAD = narrow ? NARROW_PAD : WIDE_PAD;
  const tid = escapeXml(`${id}-title`);
  const did = escapeXml(`${id}-desc`);
  const width = narrow ? NARROW_CHART_WIDTH : (spec.width ?? 640);
  const legendRows = spec.series.length + (spec.reference ? 1 : 0);
  const plotHeight = narrow ? Math.round((spec.height ?? 220) * 0.75) : (spec.height ?? 220);
  const height = PAD.top + plotHeight + PAD.bottom + legendRows * LEGEND_ROW + 6;
  const fmt = spec.format ?? ((n: number) => n.toLocaleString("en"));
  const x0 = spec.x0 ?? 1;
  const xStep = spec.xStep ?? 1;
  const n = Math.max(1, ...spec.series.map((s) => s.values.length));
  const xMax = x0 + (n - 1) * xStep;
  let yMax = spec.reference ? spec.reference.value : 0;
  for (const s of spec.series) for (const v of s.values) if (v > yMax) yMax = v;
  const yTicks = niceTicks(yMax);
  const yTop = yTicks[yTicks.length - 1] as number;
  const xTicks = niceTicks(xMax, narrow ? 4 : 6).filter((t) => t >= Math.min(x0, 0));
  const xLeft = Math.min(0, x0);
  const plotW = width - PAD.left - PAD.right;
  const px = (x: number): number => PAD.left + ((x - xLeft) / Math.max(1e-9, xMax - xLeft)) * plotW;
  const py = (y: number): number => PAD.top + plotHeight - (y / yTop) * plotHeight;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="tcp-chart tcp-chart-${layout}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${tid}" aria-describedby="${did}">`,
    `<title id="${tid}">${escapeXml(spec.title)}</title>`,
    `<desc id="${did}">${escapeXml(spec.description)}</desc>`,
  );
  // Grid and y axis labels.
  for (const t of yTicks) {
    const y = round1(py(t));
    out.push(
      `<line class="chart-grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}"/>`,
      `<text class="chart-tick" x="${PAD.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(fmt(t))}</text>`,
    );
  }
  const bottom = PAD.top + plotHeight;
  for (const t of xTicks) {
    const x = round1(px(t));
    out.push(
      `<line class="chart-axis" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 5}"/>`,
      `<text class="chart-tick" x="${x}" y="${bottom + 18}" text-anchor="middle">${escapeXml(fmt(t))}</text>`,
    );
  }
  out.push(
    `<line class="chart-axis" x1="${PAD.left}" x2="${width - PAD.right}" y1="${bottom}" y2="${bottom}"/>`,
    `<line class="chart-axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${bottom}"/>`,
    `<text class="chart-label" x="${PAD.left + plotW / 2}" y="${bottom + 34}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    narrow
      ? `<text class="chart-label" x="4" y="14">${escapeXml(spec.yLabel)}</text>`
      : `<text class="chart-label" x="12" y="${PAD.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 12 ${PAD.top + plotHeight / 2})">${escapeXml(spec.yLabel)}</text>`,
  );
  if (spec.reference) {
    const y = round1(py(spec.reference.value));
    out.push(
      `<line class="chart-ref" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}" stroke-dasharray="${REFERENCE_DASH}"/>`,
    );
  }
  const slot = (s: ChartSeries, i: number): number => (s.style ?? i) % DASHES.length;
  spec.series.forEach((s, i) => {
    const parts: string[] = [];
    let pen = "M";
    s.values.forEach((v, k) => {
      if (!Number.isFinite(v)) {
        pen = "M";
        return;
      }
      parts.push(`${pen}${round1(px(x0 + k * xStep))} ${round1(py(v))}`);
      pen = "L";
    });
    const dash = DASHES[slot(s, i)] as string;
    out.push(
      `<path class="chart-line chart-s${slot(s, i)}" d="${parts.join("")}"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
  });
  // Legend: a line sample in the series' colour and dash, then its name.
  const legendTop = bottom + PAD.bottom + 4;
  const legend = [
    ...spec.series.map((s, i) => ({
      label: s.label,
      cls: `chart-line chart-s${slot(s, i)}`,
      dash: DASHES[slot(s, i)] as string,
    })),
    ...(spec.reference ? [{ label: spec.reference.label, cls: "chart-ref", dash: REFERENCE_DASH }] : []),
  ];
  // The narrow legend starts at the left edge, where the tick labels leave room for a long name.
  const legendX = narrow ? 4 : PAD.left;
  legend.forEach((item, i) => {
    const y = legendTop + i * LEGEND_ROW + LEGEND_ROW / 2;
    out.push(
      `<line class="${item.cls}" x1="${legendX}" x2="${legendX + 30}" y1="${y}" y2="${y}"${item.dash ? ` stroke-dasharray="${item.dash}"` : ""}/>`,
      `<text class="chart-legend" x="${legendX + 38}" y="${y}" dominant-baseline="middle">${escapeXml(item.label)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}

/**
 * Both layouts of a chart (the narrow one's ids end in "-n"); chart.css
 * shows the one that fits the width of the surrounding .chart-svgs box.
 */
export function seriesSvgs(spec: ChartSpec, id: string): string {
  return seriesSvg(spec, id, "wide") + seriesSvg(spec, `${id}-n`, "narrow");
}

export interface TableStrings {
  readonly caption: string;
  /** Header of the x column, e.g. "Second". */
  readonly xHeader: string;
}

/**
 * The chart's text alternative: a small table of the series sampled every
 * `every` points (and the last one), so a screen reader can read the shape.
 */
export function seriesTableHtml(spec: ChartSpec, strings: TableStrings, every: number): string {
  const fmt = spec.format ?? ((n: number) => n.toLocaleString("en"));
  const x0 = spec.x0 ?? 1;
  const xStep = spec.xStep ?? 1;
  const n = Math.max(0, ...spec.series.map((s) => s.values.length));
  const rows: number[] = [];
  for (let k = every - 1; k < n; k += every) rows.push(k);
  if (n > 0 && rows[rows.length - 1] !== n - 1) rows.push(n - 1);
  const head = [strings.xHeader, ...spec.series.map((s) => s.label)]
    .map((h) => `<th scope="col">${escapeXml(h)}</th>`)
    .join("");
  const body = rows
    .map((k) => {
      const cells = spec.series.map((s) => {
        const v = s.values[k];
        return `<td>${v === undefined || !Number.isFinite(v) ? "" : escapeXml(fmt(v))}</td>`;
      });
      return `<tr><th scope="row">${escapeXml(fmt(x0 + k * xStep))}</th>${cells.join("")}</tr>`;
    })
    .join("");
  return `<table class="chart-table"><caption>${escapeXml(strings.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
