/**
 * A small line chart of a counter series as an SVG string, drawn by our own
 * code from numbers only (labels are escaped), plus the figures a text
 * alternative needs.
 */

export interface ChartStrings {
  /** Accessible name, e.g. "Chart of {label}: {count} points from {min} to {max}, last {last}." */
  readonly description: string;
  /** Label used when the series has no name, e.g. "series". */
  readonly unnamed: string;
}

export interface ChartStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly first: number;
  readonly last: number;
}

const WIDTH = 480;
const HEIGHT = 160;
const PAD_LEFT = 48;
const PAD_RIGHT = 12;
const PAD_Y = 16;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Compact number for axis labels and descriptions. */
export function shortNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${+(n / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(+n.toPrecision(4));
}

export function chartStats(points: readonly (readonly [number, number])[]): ChartStats {
  const values = points.map((p) => p[1]);
  return {
    count: values.length,
    min: values.length ? Math.min(...values) : 0,
    max: values.length ? Math.max(...values) : 0,
    first: values[0] ?? 0,
    last: values[values.length - 1] ?? 0,
  };
}

export function chartDescription(
  label: string,
  points: readonly (readonly [number, number])[],
  strings: ChartStrings,
): string {
  const s = chartStats(points);
  const values: Record<string, string> = {
    label: label || strings.unnamed,
    count: String(s.count),
    min: shortNumber(s.min),
    max: shortNumber(s.max),
    first: shortNumber(s.first),
    last: shortNumber(s.last),
  };
  return strings.description.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** SVG markup of a line chart; `points` are [x, y] pairs sorted by x. */
export function chartSvg(label: string, points: readonly (readonly [number, number])[], strings: ChartStrings): string {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMin = Math.min(0, ...ys);
  const yMax = Math.max(...ys, yMin + 1);
  const sx = (x: number): number =>
    PAD_LEFT + (xMax === xMin ? 0 : ((x - xMin) / (xMax - xMin)) * (WIDTH - PAD_LEFT - PAD_RIGHT));
  const sy = (y: number): number => HEIGHT - PAD_Y - ((y - yMin) / (yMax - yMin)) * (HEIGHT - 2 * PAD_Y);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ");
  const name = escapeXml(chartDescription(label, points, strings));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="nb-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${name}">`,
    `<line x1="${PAD_LEFT}" y1="${HEIGHT - PAD_Y}" x2="${WIDTH - PAD_RIGHT}" y2="${HEIGHT - PAD_Y}" class="nb-chart-axis"/>`,
    `<line x1="${PAD_LEFT}" y1="${PAD_Y}" x2="${PAD_LEFT}" y2="${HEIGHT - PAD_Y}" class="nb-chart-axis"/>`,
    `<text x="${PAD_LEFT - 4}" y="${PAD_Y + 4}" text-anchor="end" class="nb-chart-tick">${escapeXml(shortNumber(yMax))}</text>`,
    `<text x="${PAD_LEFT - 4}" y="${HEIGHT - PAD_Y}" text-anchor="end" class="nb-chart-tick">${escapeXml(shortNumber(yMin))}</text>`,
    `<text x="${PAD_LEFT}" y="${HEIGHT - 2}" class="nb-chart-tick">${escapeXml(shortNumber(xMin))}</text>`,
    `<text x="${WIDTH - PAD_RIGHT}" y="${HEIGHT - 2}" text-anchor="end" class="nb-chart-tick">${escapeXml(shortNumber(xMax))}</text>`,
    `<path d="${path}" class="nb-chart-line" fill="none"/>`,
    `</svg>`,
  ].join("");
}
