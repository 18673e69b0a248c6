/**
 * The narrow layout of a sequence diagram, for phones: a 320-unit viewBox
 * drawn into about 300 CSS px, so its 13-unit text stays above 11 px. Lanes
 * sit closer; each segment's label is stacked (name on the first line, the
 * numbers below, split further when they do not fit between the lanes); the
 * time heads the row at the left; state changes are chips on the lane under
 * the arrow instead of text beside it. Same model, rows and `data-row`
 * hiding as the wide layout.
 */
import { escapeXml, secondsFormatter, type DiagramStrings, type SequenceModel } from "./sequence.ts";

export const NARROW_WIDTH = 320;
/** Font size in viewBox units (.seq-narrow in diagram.css); monospace, 0.6 em per character. */
export const NARROW_FONT = 13;
const CHAR = NARROW_FONT * 0.6;
const LINE = 15;
const HEAD = 50;
/** Half the width of a chip holding ESTABLISHED, the longest state name, plus padding. */
const EDGE = Math.ceil((11 * CHAR + 10) / 2) + 2;

export function textWidth(text: string): number {
  return [...text].length * CHAR;
}

/**
 * Lines of a segment label that fit in `room` units: the name first, then
 * the numbers on one line, or one per line when that line is too long.
 */
export function stackLabel(label: string, room: number): string[] {
  const [name = "", ...numbers] = label.split(" ");
  if (numbers.length === 0) return [name];
  const rest = numbers.join(" ");
  if (textWidth(rest) <= room) return [name, rest];
  const lines = [name];
  for (const part of numbers) {
    const last = lines.length > 1 ? lines[lines.length - 1] : undefined;
    if (last !== undefined && textWidth(`${last} ${part}`) <= room) lines[lines.length - 1] = `${last} ${part}`;
    else lines.push(part);
  }
  return lines;
}

interface Placed {
  readonly top: number;
  readonly height: number;
  readonly lines: readonly string[];
}

/** The narrow SVG; rows after `step` are rendered hidden, as in the wide layout. */
export function sequenceSvgNarrow(model: SequenceModel, strings: DiagramStrings, step = model.rows.length): string {
  const width = NARROW_WIDTH;
  const last = model.lanes.length - 1;
  const laneGap = last > 0 ? (width - 2 * EDGE) / last : 0;
  const laneX = (lane: number): number => (last > 0 ? EDGE + lane * laneGap : width / 2);
  const room = Math.max(laneGap - 12, 8 * CHAR);
  const seconds = secondsFormatter(model.rows);
  // Row heights depend on how many label lines and state chips a row carries.
  let y = HEAD;
  const placed: Placed[] = model.rows.map((row) => {
    const lines = row.kind === "segment" ? stackLabel(row.label, room) : [row.label];
    const chips = new Map<number, number>();
    for (const change of row.states) chips.set(change.lane, (chips.get(change.lane) ?? 0) + 1);
    const chipRows = Math.max(0, ...chips.values());
    // time line + arrow band (at least the label's lines) + a lost mark + chips
    const band = Math.max(24, lines.length * LINE + 6);
    const height = 18 + band + (row.lost ? 16 : 0) + chipRows * 17 + 8;
    const p = { top: y, height, lines };
    y += height;
    return p;
  });
  const height = y + 12;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="seq-diagram seq-narrow" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(strings.title)}">`,
  ];
  model.lanes.forEach((lane, i) => {
    const x = laneX(i);
    out.push(
      `<g class="seq-lane seq-lane-${i}"><text x="${x}" y="16" text-anchor="middle" class="seq-host">${escapeXml(lane.host)}</text>`,
      `<text x="${x}" y="32" text-anchor="middle" class="seq-ip">${escapeXml(lane.ip)}</text>`,
      `<line x1="${x}" y1="${HEAD - 10}" x2="${x}" y2="${height - 6}" class="seq-lifeline"/></g>`,
    );
  });
  model.rows.forEach((row, index) => {
    const { top, lines } = placed[index] as Placed;
    const hidden = index >= step ? ' hidden="" style="display:none"' : "";
    out.push(`<g class="seq-row seq-${row.kind}${row.lost ? " seq-lost" : ""}" data-row="${index}"${hidden}>`);
    const time = seconds(row.t);
    out.push(
      `<rect x="0" y="${top + 2}" width="${textWidth(time) + 6}" height="15" class="seq-label-bg"/>`,
      `<text x="2" y="${top + 14}" class="seq-time">${escapeXml(time)}</text>`,
    );
    const bandTop = top + 20;
    const band = Math.max(24, lines.length * LINE + 6);
    let below = bandTop + band;
    const x1 = laneX(row.from);
    if (row.kind === "segment") {
      const x2 = laneX(row.to);
      const end = row.lost ? x1 + (x2 - x1) * 0.6 : x2;
      const y1 = bandTop + 2;
      const y2 = bandTop + band - 4;
      const yEnd = row.lost ? y1 + (y2 - y1) * 0.6 : y2;
      out.push(`<line x1="${x1}" y1="${y1}" x2="${end}" y2="${yEnd}" class="seq-arrow"/>`);
      if (!row.lost) out.push(arrowHead(x1, y1, x2, y2));
      const mid = (x1 + x2) / 2;
      const boxW = Math.max(...lines.map(textWidth)) + 8;
      out.push(
        `<rect x="${mid - boxW / 2}" y="${bandTop + (band - lines.length * LINE) / 2 - 1}" width="${boxW}" height="${lines.length * LINE + 2}" rx="3" class="seq-label-bg"/>`,
      );
      lines.forEach((line, i) => {
        const ly = bandTop + (band - lines.length * LINE) / 2 + (i + 1) * LINE - 3;
        out.push(`<text x="${mid}" y="${ly}" text-anchor="middle" class="seq-label">${escapeXml(line)}</text>`);
      });
      if (row.lost) {
        out.push(
          `<text x="${end}" y="${yEnd + 5}" text-anchor="middle" class="seq-cross">✕</text>`,
          `<text x="${end}" y="${below + 12}" text-anchor="middle" class="seq-lost-mark">${escapeXml(strings.lostMark)}</text>`,
        );
        below += 16;
      }
    } else {
      const dir = row.from === last && last > 0 ? -1 : 1;
      const cy = bandTop + band / 2;
      out.push(
        `<g class="seq-timer-icon" transform="translate(${x1 + dir * 12} ${cy})"><circle r="6"/><path d="M0,-3.5 V0 H3"/></g>`,
        `<text x="${x1 + dir * 22}" y="${cy + 4}" text-anchor="${dir < 0 ? "end" : "start"}" class="seq-timer">${escapeXml(row.label)}</text>`,
      );
    }
    // State changes: one chip per new state, stacked on the lane, in order.
    const perLane = new Map<number, string[]>();
    for (const change of row.states) perLane.set(change.lane, [...(perLane.get(change.lane) ?? []), change.to]);
    for (const [lane, states] of perLane) {
      const x = laneX(lane);
      states.forEach((name, i) => {
        const cy = below + 2 + i * 17;
        const w = textWidth(name) + 10;
        out.push(
          `<rect x="${x - w / 2}" y="${cy}" width="${w}" height="16" rx="8" class="seq-state-bg"/>`,
          `<text x="${x}" y="${cy + 12}" text-anchor="middle" class="seq-state">${escapeXml(name)}</text>`,
        );
      });
    }
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return out.join("");
}

/** A filled triangle at (x2, y2) pointing along the arrow: no marker, so no id to share between SVGs. */
function arrowHead(x1: number, y1: number, x2: number, y2: number): string {
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / len;
  const uy = (y2 - y1) / len;
  const r = (n: number): string => String(Math.round(n * 10) / 10);
  const bx = x2 - ux * 9;
  const by = y2 - uy * 9;
  return `<path d="M${r(x2)},${r(y2)} L${r(bx - uy * 4)},${r(by + ux * 4)} L${r(bx + uy * 4)},${r(by - ux * 4)} z" class="seq-head"/>`;
}
