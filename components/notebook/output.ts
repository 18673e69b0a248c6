/**
 * Draws a run's output under a cell. Text goes in as textContent, never as
 * markup; the only markup inserted is SVG produced by our own functions
 * (sequence diagram, chart) from re-validated numbers and escaped strings.
 */
import { buildSequence, sequenceSvgs } from "~/src/diagram/sequence.ts";
import { chartSvg } from "~/src/notebook/chart.ts";
import { sourceExcerpt, type SourcePosition } from "~/src/notebook/errors.ts";
import { OUTPUT_LIMITS, type OutputItem } from "~/src/notebook/protocol.ts";
import { sanitizePoints, sanitizeTrace } from "~/src/notebook/rich.ts";
import { fill, type NotebookStrings } from "~/src/notebook/strings.ts";

/** Diagram rows drawn before the rest is summarised (a long trace stays readable). */
const MAX_DIAGRAM_ROWS = 120;
/** Items drawn per cell run, a second guard behind the worker's own limit. */
const MAX_ITEMS = 600;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class OutputView {
  private count = 0;
  private pcapBytes = 0;
  private readonly urls: string[] = [];
  private readonly root: HTMLElement;
  private readonly strings: NotebookStrings;
  private readonly cellId: string;

  constructor(root: HTMLElement, strings: NotebookStrings, cellId: string) {
    this.root = root;
    this.strings = strings;
    this.cellId = cellId;
  }

  clear(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.length = 0;
    this.root.replaceChildren();
    this.count = 0;
    this.pcapBytes = 0;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  add(item: OutputItem): void {
    if (this.count >= MAX_ITEMS) return;
    this.count++;
    if (this.count === MAX_ITEMS) {
      this.root.append(el("p", "nb-out nb-out-note", this.strings.truncated));
      return;
    }
    this.root.append(this.render(item));
  }

  error(
    error: { phase?: string; name: string; message: string; position: SourcePosition | null },
    source: string,
  ): void {
    this.count++;
    const box = el("div", "nb-out nb-out-error");
    const { position } = error;
    const template = error.phase === "rejection" ? this.strings.errorRejection : null;
    const head = template
      ? fill(template, { name: error.name, message: error.message, line: position?.line ?? "?" })
      : position
        ? fill(this.strings.errorAt, {
            name: error.name,
            message: error.message,
            line: position.line,
            column: position.column,
          })
        : fill(this.strings.errorNoPosition, { name: error.name, message: error.message });
    box.append(el("p", "nb-error-text", head));
    if (position) {
      const excerpt = sourceExcerpt(source, position);
      if (excerpt) box.append(el("pre", "nb-error-excerpt", excerpt));
    }
    box.dataset["line"] = String(position?.line ?? "");
    box.dataset["column"] = String(position?.column ?? "");
    this.root.append(box);
  }

  note(text: string, kind: "note" | "error" = "note"): void {
    this.count++;
    this.root.append(el("p", `nb-out nb-out-${kind}`, text));
  }

  private render(item: OutputItem): HTMLElement {
    const s = this.strings;
    switch (item.kind) {
      case "text": {
        const pre = el("pre", `nb-out nb-out-text nb-level-${item.level}`, String(item.text));
        if (item.level === "result") pre.setAttribute("aria-label", s.resultLabel);
        return pre;
      }
      case "table":
        return this.table(item.columns, item.rows, item.omittedRows);
      case "scenario": {
        const box = el("div", "nb-out nb-out-scenario");
        box.append(
          el(
            "p",
            "nb-scenario-heading",
            fill(s.scenarioHeading, { name: String(item.name), time: formatSeconds(item.endTime) }),
          ),
        );
        box.append(
          this.table(
            ["summary", ""],
            item.summary.map(([k, v]) => [String(k), String(v)]),
            0,
            true,
          ),
        );
        return box;
      }
      case "trace":
        return this.diagram(item.events, item.totalEvents);
      case "chart": {
        const points = sanitizePoints(item.points);
        const figure = el("figure", "nb-out nb-out-chart");
        const label = String(item.label).slice(0, 100);
        const caption = el("figcaption", "", label || s.chart.unnamed);
        const svg = el("div", "nb-chart-svg");
        svg.innerHTML = chartSvg(label, points, s.chart); // our SVG: numbers + escaped label
        // The SVG's accessible name (role="img") carries the text alternative: label, count, range.
        figure.append(caption, svg);
        return figure;
      }
      case "pcapOmitted":
        return el(
          "p",
          "nb-out nb-out-note nb-out-error",
          fill(s.pcapTooLarge, { bytes: num(item.bytes), limit: num(item.limit) }),
        );
      case "pcap": {
        const bytes = item.bytes instanceof Uint8Array ? item.bytes : new Uint8Array();
        this.pcapBytes += bytes.length;
        if (this.pcapBytes > OUTPUT_LIMITS.pcapBytes) {
          // Second guard behind the worker's budget: never hand a huge capture to the page.
          return el(
            "p",
            "nb-out nb-out-note nb-out-error",
            fill(s.pcapTooLarge, { bytes: bytes.length, limit: OUTPUT_LIMITS.pcapBytes }),
          );
        }
        const url = URL.createObjectURL(
          new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/vnd.tcpdump.pcap" }),
        );
        this.urls.push(url);
        const p = el("p", "nb-out nb-out-pcap");
        const a = el("a", "nb-pcap-link", fill(s.pcapDownload, { bytes: bytes.length }));
        a.href = url;
        a.download = `${this.cellId}.pcap`;
        p.append(a);
        return p;
      }
      case "truncated":
        return el("p", "nb-out nb-out-note", s.truncated);
      default:
        return el("p", "nb-out");
    }
  }

  private table(
    columns: readonly string[],
    rows: readonly (readonly string[])[],
    omitted: number,
    headerless = false,
  ): HTMLElement {
    const wrap = el("div", "nb-out nb-out-table");
    // A wide table scrolls sideways; keyboard users need to be able to focus it to scroll.
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", this.strings.tableLabel);
    const table = el("table", "nb-table");
    if (!headerless) {
      const head = el("thead", "");
      const tr = el("tr", "");
      for (const c of columns) {
        const th = el("th", "", String(c));
        th.scope = "col";
        tr.append(th);
      }
      head.append(tr);
      table.append(head);
    }
    const body = el("tbody", "");
    for (const row of rows) {
      const tr = el("tr", "");
      row.forEach((value, i) => {
        if (i === 0) {
          const th = el("th", "", String(value));
          th.scope = "row";
          tr.append(th);
        } else tr.append(el("td", "", String(value)));
      });
      body.append(tr);
    }
    table.append(body);
    wrap.append(table);
    if (omitted > 0) wrap.append(el("p", "nb-out-note", fill(this.strings.tableOmitted, { count: omitted })));
    return wrap;
  }

  private diagram(rawEvents: unknown, total: number): HTMLElement {
    const s = this.strings;
    const events = sanitizeTrace(rawEvents);
    const model = buildSequence(events, s.diagram);
    const shownRows = Math.min(model.rows.length, MAX_DIAGRAM_ROWS);
    const shown = { ...model, rows: model.rows.slice(0, shownRows) };
    const figure = el("figure", "nb-out seq-figure nb-out-diagram");
    const svg = el("div", "seq-svg");
    svg.innerHTML = sequenceSvgs(shown, s.diagram); // our SVG: escaped labels, numeric geometry
    figure.append(svg);
    if (shownRows < model.rows.length) {
      figure.append(el("p", "nb-out-note", fill(s.diagramRows, { shown: shownRows, total: model.rows.length })));
    }
    const sent = Array.isArray(rawEvents) ? rawEvents.length : 0;
    if (typeof total === "number" && total > sent) {
      figure.append(el("p", "nb-out-note", fill(s.traceTruncated, { shown: sent, total })));
    }
    const details = el("details", "seq-describe");
    details.append(el("summary", "", s.describe));
    const list = el("ol", "seq-text");
    for (const row of shown.rows) list.append(el("li", "", row.description));
    details.append(list);
    figure.append(details);
    return figure;
  }
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function formatSeconds(us: unknown): string {
  const n = typeof us === "number" && Number.isFinite(us) ? us : 0;
  return (n / 1_000_000).toFixed(n % 1000 === 0 ? 3 : 6);
}
