/**
 * The narrow (phone) layout of the sequence diagram: every word stays inside
 * the 320-unit viewBox, rows do not overlap, labels are stacked without
 * losing a word, and the text is at least 11 CSS px when the SVG is drawn
 * into the ~300 px a 360 px phone leaves for it.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  buildSequence,
  sequenceSvg,
  sequenceSvgs,
  WIDE_FONT,
  WIDE_WIDTH,
  type DiagramStrings,
} from "../../../src/diagram/sequence.ts";
import {
  NARROW_FONT,
  NARROW_WIDTH,
  sequenceSvgNarrow,
  stackLabel,
  textWidth,
} from "../../../src/diagram/sequence-narrow.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";

const strings: DiagramStrings = {
  title: "Diagram",
  send: "{from} sends {segment} to {to}.",
  lost: "{from} sends {segment} to {to}; it is lost.",
  state: "{host}: {from} → {to}.",
  timer: "{host}: {timer} timer fires.",
  lostMark: "lost",
};

/** The runs the site draws: handshakes with losses, a close with data, absolute numbers. */
const runs = [
  { name: "handshake", params: { dropSyn: 2, dropSynAck: 1 } },
  { name: "data-and-close", params: {} },
  { name: "data-and-close", params: { closer: "server" } },
  { name: "fin-wait2-timeout", params: {} },
];

interface Text {
  x: number;
  y: number;
  anchor: string;
  text: string;
  row: number | undefined;
}

/** Text elements with their row, from the SVG string (one level of row groups). */
function texts(svg: string): Text[] {
  const out: Text[] = [];
  let row: number | undefined;
  for (const m of svg.matchAll(/<g class="seq-row[^"]*" data-row="(\d+)"|<\/g>|<text ([^>]*)>([^<]*)<\/text>/g)) {
    if (m[1] !== undefined) row = Number(m[1]);
    else if (m[0] === "</g>")
      continue; // lane and icon groups close too; a row ends where the next begins
    else {
      const attrs = m[2] ?? "";
      const num = (name: string) => Number(new RegExp(`\\b${name}="([-\\d.]+)"`).exec(attrs)?.[1]);
      out.push({
        x: num("x"),
        y: num("y"),
        anchor: /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? "start",
        text: (m[3] ?? "").replace(/&#\d+;/g, "x"),
        row,
      });
    }
  }
  return out;
}

function extent(t: Text): [number, number] {
  const w = textWidth(t.text);
  if (t.anchor === "middle") return [t.x - w / 2, t.x + w / 2];
  if (t.anchor === "end") return [t.x - w, t.x];
  return [t.x, t.x + w];
}

describe("narrow sequence diagram", () => {
  for (const run of runs) {
    for (const relative of [true, false]) {
      it(`keeps every word inside the viewBox: ${run.name} ${JSON.stringify(run.params)}, relative=${relative}`, () => {
        const trace = runScenario(run.name, { params: run.params }).trace;
        const model = buildSequence(trace, strings, { relative });
        const svg = sequenceSvgNarrow(model, strings);
        expect(svg).toContain(`viewBox="0 0 ${NARROW_WIDTH} `);
        const all = texts(svg);
        expect(all.length).toBeGreaterThan(model.rows.length);
        for (const t of all) {
          const [left, right] = extent(t);
          expect(left, `"${t.text}" starts at ${left}`).toBeGreaterThanOrEqual(0);
          expect(right, `"${t.text}" ends at ${right}`).toBeLessThanOrEqual(NARROW_WIDTH);
        }
        // Rows follow each other downwards: a row's text never reaches into the next row.
        const byRow = new Map<number, number[]>();
        for (const t of all) if (t.row !== undefined) byRow.set(t.row, [...(byRow.get(t.row) ?? []), t.y]);
        for (let r = 1; r < model.rows.length; r++) {
          const prev = byRow.get(r - 1) ?? [];
          const cur = byRow.get(r) ?? [];
          expect(Math.min(...cur) - NARROW_FONT, `row ${r} starts below row ${r - 1}`).toBeGreaterThanOrEqual(
            Math.max(...prev) - 1,
          );
        }
      });
    }
  }

  it("stacks a long label on several lines that each fit, without losing or reordering a word", () => {
    const long = "SYN-ACK seq=4294967295 ack=4294967295 len=65535";
    const lines = stackLabel(long, 150);
    expect(lines[0]).toBe("SYN-ACK");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(150);
    expect(lines.join(" ")).toBe(long);
    expect(stackLabel("ACK seq=1 ack=1", 200)).toEqual(["ACK", "seq=1 ack=1"]);
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z=0-9-]{1,14}$/), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 120, max: 260 }),
        (words, room) => {
          const label = words.join(" ");
          const out = stackLabel(label, room);
          expect(out.join(" ")).toBe(label);
          // Every line after the name fits, unless it is a single word too wide for any line.
          for (const line of out.slice(1)) if (line.includes(" ")) expect(textWidth(line)).toBeLessThanOrEqual(room);
        },
      ),
    );
  });

  it("hides the same rows as the wide layout, and both come from sequenceSvgs", () => {
    const model = buildSequence(runScenario("handshake", { params: { dropSyn: 1 } }).trace, strings);
    const narrow = sequenceSvgNarrow(model, strings, 2);
    const wide = sequenceSvg(model, strings, 2);
    const hidden = (svg: string) => [...svg.matchAll(/data-row="(\d+)" hidden/g)].map((m) => m[1]);
    expect(hidden(narrow)).toEqual(hidden(wide));
    expect(hidden(narrow).length).toBe(model.rows.length - 2);
    const both = sequenceSvgs(model, strings, 2);
    expect(both).toContain("seq-wide");
    expect(both).toContain("seq-narrow");
    // No marker ids: the narrow arrowheads are paths, so two diagrams on a page cannot share one.
    expect(narrow).not.toContain("marker");
  });

  it("escapes host names", () => {
    const trace = runScenario("handshake", {}).trace.map((ev) =>
      ev.kind === "send" && ev.host === "client" ? { ...ev, host: "<b>&x" } : ev,
    );
    const svg = sequenceSvgNarrow(buildSequence(trace, strings), strings);
    expect(svg).not.toContain("<b>");
  });

  it("draws text of at least 11 CSS px where each layout is shown (see diagram.css)", () => {
    // A 360 px phone leaves about 300 px for a diagram inside a widget; the narrow SVG is drawn at that width or more.
    expect((NARROW_FONT * 300) / NARROW_WIDTH).toBeGreaterThanOrEqual(11);
    // The wide SVG is shown only from 560 px.
    expect((WIDE_FONT * 560) / WIDE_WIDTH).toBeGreaterThanOrEqual(11);
  });
});
