/**
 * HTML and SVG for an experiment's result, as strings: the server renders
 * the first frame with these and the browser redraws with the same code.
 * Every chart comes with a text description; bars and lines differ by
 * pattern and dash as well as colour.
 */
import { esc, fill, formatNumber, inlineCode } from "../format.ts";
import type { Outcome, ShownValue } from "./run.ts";
import type { ExperimentSpec, VisualSpec } from "./spec.ts";

/**
 * Two drawings of every chart: a wide one, and a narrow one for a phone, where
 * the wide one scaled down would draw its labels at 5 to 6 px. CSS shows the
 * one that fits the widget's width; the text description is shared.
 */
interface Layout {
  readonly w: number;
  readonly narrow: boolean;
}
const LAYOUTS: readonly Layout[] = [
  { w: 600, narrow: false },
  { w: 280, narrow: true },
];

function svgOpen(layout: Layout, h: number, title: string): string {
  const cls = `sx-chart ${layout.narrow ? "sx-chart-narrow" : "sx-chart-wide"}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${layout.w} ${h}" role="img" aria-label="${esc(title)}">`;
}

function valuesHtml(shown: readonly ShownValue[]): string {
  const items = shown.map(
    (s) => `<div class="sx-value" data-source="${esc(s.source)}"><dt>${esc(s.label)}</dt><dd>${esc(s.text)}</dd></div>`,
  );
  return `<dl class="sx-values">${items.join("")}</dl>`;
}

function num(raw: ShownValue["raw"]): number {
  return typeof raw === "number" && raw >= 0 ? raw : 0;
}

function barsSvg(
  spec: ExperimentSpec,
  v: Extract<VisualSpec, { kind: "bars" }>,
  shown: readonly ShownValue[],
  layout: Layout,
): { svg: string; text: string[] } {
  const rows = v.bars.map((b) => ({ ...b, value: shown.find((s) => s.source === b.source) }));
  const max = Math.max(1, ...rows.map((r) => num(r.value?.raw)));
  // Narrow: each label on its own line above its bar, the bar across the width.
  const rowH = layout.narrow ? 46 : 30;
  const labelW = layout.narrow ? 0 : 230;
  const barTop = layout.narrow ? 20 : 4;
  const barMax = layout.w - labelW - (layout.narrow ? 70 : 110);
  const h = rows.length * rowH + 10;
  const pid = `sx-hatch-${esc(spec.id)}${layout.narrow ? "-n" : ""}`;
  const out = [
    svgOpen(layout, h, v.title),
    `<defs><pattern id="${pid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="sx-hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="sx-hatch-line"/></pattern></defs>`,
  ];
  const text: string[] = [];
  rows.forEach((r, i) => {
    const y = 5 + i * rowH;
    const n = num(r.value?.raw);
    const width = Math.round((n / max) * barMax);
    const label = r.value?.text ?? "—";
    const fillAttr = r.pattern === "hatched" ? `fill="url(#${pid})"` : `class="sx-bar"`;
    out.push(
      layout.narrow
        ? `<text x="0" y="${y + 14}" class="sx-label">${esc(r.label)}</text>`
        : `<text x="${labelW - 8}" y="${y + 19}" text-anchor="end" class="sx-label">${esc(r.label)}</text>`,
      `<rect x="${labelW}" y="${y + barTop}" width="${Math.max(width, 1)}" height="20" ${fillAttr} stroke-width="1" class="sx-bar-outline"/>`,
      `<text x="${labelW + Math.max(width, 1) + 6}" y="${y + barTop + 15}" class="sx-label">${esc(label)}</text>`,
    );
    text.push(`${r.label}: ${label}`);
  });
  out.push(`</svg>`);
  return { svg: out.join(""), text };
}

const DASHES = ["", "6 4", "2 3", "10 3 2 3"];

function seriesSvg(
  v: Extract<VisualSpec, { kind: "series" }>,
  outcome: Extract<Outcome, { kind: "ok" }>,
  locale: string,
  layout: Layout,
): { svg: string; text: string[] } {
  const lines = v.lines.map((l) => ({ ...l, data: outcome.result.series?.[l.series] ?? [] }));
  const n = Math.max(1, ...lines.map((l) => l.data.length));
  const max = Math.max(1, ...lines.flatMap((l) => l.data));
  const left = layout.narrow ? 44 : 56;
  const right = layout.w - 10;
  const top = 10;
  const bottom = 190;
  const x = (i: number) => left + ((right - left) * i) / Math.max(1, n - 1);
  const y = (val: number) => bottom - ((bottom - top) * val) / max;
  const fmt = (val: number) => formatNumber(val, locale);
  // Narrow: one legend entry per line under the axis.
  const legendY = (i: number) => bottom + 36 + (layout.narrow ? i * 20 : 0);
  const legendX = (i: number) => left + (layout.narrow ? 0 : i * 220);
  const out = [
    svgOpen(layout, legendY(lines.length - 1) + 14, v.title),
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" class="sx-axis"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" class="sx-axis"/>`,
    `<text x="${left - 6}" y="${top + 10}" text-anchor="end" class="sx-tick">${fmt(max)}</text>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end" class="sx-tick">0</text>`,
    `<text x="${left}" y="${bottom + 16}" text-anchor="middle" class="sx-tick">0</text>`,
    `<text x="${right}" y="${bottom + 16}" text-anchor="end" class="sx-tick">${fmt(n)}</text>`,
    `<text x="${(left + right) / 2}" y="${bottom + 16}" text-anchor="middle" class="sx-tick">${esc(v.xLabel)}</text>`,
    `<text x="12" y="${(top + bottom) / 2}" transform="rotate(-90 12 ${(top + bottom) / 2})" text-anchor="middle" class="sx-tick">${esc(v.yLabel)}</text>`,
  ];
  const text: string[] = [];
  lines.forEach((l, i) => {
    const pts = l.data.map((d, j) => `${x(j).toFixed(1)},${y(d).toFixed(1)}`).join(" ");
    const dash = DASHES[i % DASHES.length] ?? "";
    out.push(
      `<polyline points="${pts}" class="sx-line sx-line-${i}" fill="none"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    const ly = legendY(i);
    const lx = legendX(i);
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 30}" y2="${ly}" class="sx-line sx-line-${i}"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      `<text x="${lx + 36}" y="${ly + 4}" class="sx-label">${esc(l.label)}</text>`,
    );
    // Text alternative: the value every tenth second.
    const samples = l.data.filter((_, j) => j % 10 === 0).map((d, k) => `${k * 10}: ${fmt(d)}`);
    text.push(`${l.label} — ${samples.join("; ")}`);
  });
  out.push(`</svg>`);
  return { svg: out.join(""), text };
}

function timelineSvg(
  v: Extract<VisualSpec, { kind: "timeline" }>,
  outcome: Extract<Outcome, { kind: "ok" }>,
  locale: string,
  layout: Layout,
): { svg: string; text: string[] } {
  const rawTimes = String(outcome.result.summary[v.times] ?? "");
  const times = rawTimes === "" ? [] : rawTimes.split(",").map(Number).filter(Number.isFinite);
  const endRaw = v.end === undefined ? -1 : Number(outcome.result.summary[v.end] ?? -1);
  const horizon = Math.max(1, endRaw, ...times) * 1.08;
  const left = 20;
  const right = layout.w - 20;
  const axisY = 70;
  const x = (t: number) => left + ((right - left) * t) / horizon;
  const fmt = (t: number) => formatNumber(t, locale);
  const out = [
    svgOpen(layout, 120, v.title),
    `<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" class="sx-axis"/>`,
    `<text x="${left}" y="${axisY + 18}" class="sx-tick">0</text>`,
    `<text x="${(left + right) / 2}" y="${axisY + 18}" text-anchor="middle" class="sx-tick">${esc(v.xLabel)}</text>`,
  ];
  for (const t of times) {
    out.push(
      `<line x1="${x(t).toFixed(1)}" y1="${axisY - 22}" x2="${x(t).toFixed(1)}" y2="${axisY}" class="sx-line sx-line-0"/>`,
    );
    out.push(`<circle cx="${x(t).toFixed(1)}" cy="${axisY - 22}" r="3" class="sx-dot"/>`);
  }
  if (times.length > 0) {
    // A label that starts past the middle ends at its point instead, so it stays inside the drawing.
    const lx = x(times[0] ?? 0);
    const anchor = lx > (left + right) / 2 ? ` text-anchor="end"` : "";
    out.push(`<text x="${lx.toFixed(1)}" y="${axisY - 30}"${anchor} class="sx-label">${esc(v.timesLabel)}</text>`);
  }
  const text = [`${v.timesLabel}: ${times.map(fmt).join(", ")}`];
  if (endRaw >= 0 && v.endLabel !== undefined) {
    const ex = x(endRaw);
    out.push(
      `<path d="M${ex.toFixed(1)} ${axisY - 10} l8 10 l-8 10 l-8 -10 z" class="sx-end"/>`,
      `<text x="${Math.min(ex, right - 4).toFixed(1)}" y="${axisY + 36}" text-anchor="end" class="sx-label">${esc(v.endLabel)} ${fmt(endRaw)}</text>`,
    );
    text.push(`${v.endLabel} ${fmt(endRaw)}`);
  }
  out.push(`</svg>`);
  return { svg: out.join(""), text };
}

export function outcomeHtml(spec: ExperimentSpec, outcome: Outcome, locale = "en"): string {
  const s = spec.strings;
  if (outcome.kind === "failed") return `<p class="widget-error">${inlineCode(outcome.message)}</p>`;
  if (outcome.kind === "refused") {
    return `<p class="widget-error sx-refused">${inlineCode(outcome.message)}</p>` + valuesHtml(outcome.shown);
  }
  let visual = "";
  if (spec.visual !== undefined) {
    const v = spec.visual;
    const draw = (layout: Layout) =>
      v.kind === "bars"
        ? barsSvg(spec, v, outcome.shown, layout)
        : v.kind === "series"
          ? seriesSvg(v, outcome, locale, layout)
          : timelineSvg(v, outcome, locale, layout);
    const drawings = LAYOUTS.map(draw);
    const drawn = drawings[0] ?? { svg: "", text: [] };
    visual =
      `<figure class="sx-figure"><div class="sx-svg">${drawings.map((d) => d.svg).join("")}</div>` +
      `<details class="sx-describe"><summary>${esc(s.describe)}</summary><ul>${drawn.text.map((t) => `<li>${esc(t)}</li>`).join("")}</ul></details></figure>`;
  }
  return valuesHtml(outcome.shown) + visual;
}

/** One sentence for the live region: every observable as "label: value". */
export function outcomeAnnouncement(spec: ExperimentSpec, outcome: Outcome): string {
  if (outcome.kind === "failed") return outcome.message;
  const pairs = outcome.shown.map((v) => fill(spec.strings.pair, { label: v.label, value: v.text }));
  return (outcome.kind === "refused" ? [outcome.message, ...pairs] : pairs).join("; ");
}
