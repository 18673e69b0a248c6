/**
 * HTML of the diagnose widgets' results, shared by the build (first frame)
 * and the browser (after the reader pastes or opens a file). Pure: strings
 * in, HTML string out; every word comes from the page's strings.
 */
import { buildSequence, sequenceSvgs, type DiagramStrings } from "../diagram/sequence.ts";
import { wbrEscaped } from "../text/wbr.ts";
import { connectionTrace, type CaptureReport } from "./capture.ts";
import type { Connection } from "./flows.ts";
import { render, type InputIssue, type Message } from "./message.ts";
import type { Level, TextReport } from "./ss-analyze.ts";

export type Strings = Readonly<Record<string, string>>;

export function esc(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const MARK: Readonly<Record<Level, string>> = { ok: "✓", info: "ℹ", warn: "⚠", problem: "✕" };

/** A message rendered, with "client"/"server" parameters translated. */
function say(s: Strings, m: Message): string {
  const params: Record<string, string | number> = { ...m.params };
  for (const [k, v] of Object.entries(params)) if (v === "client" || v === "server") params[k] = s[v] ?? v;
  return wbrEscaped(esc(render(s, { key: m.key, params })));
}

function issuesHtml(issues: readonly InputIssue[], s: Strings): string {
  if (issues.length === 0) return "";
  const items = issues.slice(0, 50).map((i) => `<li>${say(s, i)}</li>`);
  return `<div class="dg-issues" role="alert"><p class="widget-caption">${esc(s["ui.issues"] ?? "")}</p><ul>${items.join("")}</ul></div>`;
}

/** Results of the ss/nstat reader. `base` is the site's language prefix ("" or "/zh-cn"). */
export function textReportHtml(r: TextReport, s: Strings, base: string): string {
  const out: string[] = [issuesHtml(r.issues, s)];
  if (r.states.length > 0) {
    out.push(
      `<table class="stack-table dg-states"><caption>${esc(s["ui.statesCaption"] ?? "")}</caption>`,
      `<thead><tr><th scope="col">${esc(s["ui.colState"] ?? "")}</th><th scope="col">${esc(s["ui.colCount"] ?? "")}</th></tr></thead><tbody>`,
      ...r.states.map(
        (st) =>
          `<tr><td data-label="${esc(s["ui.colState"] ?? "")}">${esc(st.state)}</td><td data-label="${esc(s["ui.colCount"] ?? "")}">${st.count}</td></tr>`,
      ),
      `</tbody></table>`,
    );
  }
  if (r.destinations.length > 0) {
    const size = r.portRange[1] - r.portRange[0] + 1;
    const cols = ["ui.colDest", "ui.colLocal", "ui.colCount", "ui.colTimeWait", "ui.colShare"].map((k) =>
      esc(s[k] ?? ""),
    );
    out.push(
      `<table class="stack-table dg-dest"><caption>${esc(s["ui.destCaption"] ?? "")}</caption>`,
      `<thead><tr>${cols.map((c) => `<th scope="col">${c}</th>`).join("")}</tr></thead><tbody>`,
      ...r.destinations.slice(0, 10).map((d) => {
        const share = `${Math.round(d.share * 1000) / 10}%`;
        const cells = [
          `${d.peer}:${d.port}`,
          d.local,
          String(d.sockets),
          String(d.timeWait),
          `${share} (${d.sockets}/${size})`,
        ];
        return `<tr>${cells.map((c, i) => `<td data-label="${cols[i] ?? ""}">${esc(c)}</td>`).join("")}</tr>`;
      }),
      `</tbody></table>`,
    );
  }
  if (r.findings.length > 0) {
    out.push(
      `<p class="widget-caption">${esc(s["ui.findings"] ?? "")}</p><ul class="dg-findings">`,
      ...r.findings.map(
        (f) =>
          `<li class="dg-${f.level}"><span class="dg-level"><span aria-hidden="true">${MARK[f.level]}</span> ${esc(s[`ui.level.${f.level}`] ?? f.level)}:</span> ${say(s, f)}</li>`,
      ),
      `</ul>`,
    );
  }
  if (r.suggestions.length > 0) {
    out.push(
      `<p class="widget-caption">${esc(s["ui.suggestions"] ?? "")}</p><ol class="dg-suggestions">`,
      ...r.suggestions.map((g) => `<li><a href="${esc(base + g.link)}">${say(s, g)}</a></li>`),
      `</ol>`,
    );
  }
  return out.join("");
}

const MAX_ROWS = 200;
/** Packets drawn in one diagram. */
const MAX_DIAGRAM = 80;

function endpoint(e: { ip: string; port: number }): string {
  return e.ip.includes(":") ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** The connections table and summary of a capture. */
export function captureHtml(r: CaptureReport, s: Strings, base: string): string {
  const c = r.capture;
  const out: string[] = [issuesHtml(r.issues, s)];
  out.push(
    `<p class="dg-summary">${say(s, {
      key: "ui.summary",
      params: { format: c.format, frames: c.frames, packets: c.packets.length, connections: r.connections.length },
    })}</p>`,
  );
  if (r.connections.length === 0) return out.join("");
  if (r.connections.length > MAX_ROWS) {
    out.push(
      `<p>${say(s, { key: "ui.moreConnections", params: { shown: MAX_ROWS, total: r.connections.length } })}</p>`,
    );
  }
  const cols = ["ui.colConn", "ui.colClient", "ui.colServer", "ui.colPackets", "ui.colStates", "ui.colFlags"].map((k) =>
    esc(s[k] ?? ""),
  );
  out.push(
    `<table class="stack-table dg-conns"><caption>${esc(s["ui.connections"] ?? "")}</caption>`,
    `<thead><tr>${cols.map((x) => `<th scope="col">${x}</th>`).join("")}</tr></thead><tbody>`,
  );
  for (const conn of r.connections.slice(0, MAX_ROWS)) {
    const flags = conn.flags.length
      ? `<ul>${conn.flags.map((f) => `<li><a href="${esc(base + f.link)}">${say(s, f)}</a></li>`).join("")}</ul>`
      : "—";
    const cells = [
      String(conn.id + 1),
      esc(endpoint(conn.client)),
      esc(endpoint(conn.server)),
      String(conn.packets.length),
      `${conn.states[0]} / ${conn.states[1]}`,
    ];
    out.push(
      `<tr>${cells.map((x, i) => `<td data-label="${cols[i] ?? ""}">${wbrEscaped(x)}</td>`).join("")}<td data-label="${cols[5] ?? ""}">${flags}</td></tr>`,
    );
  }
  out.push(`</tbody></table>`);
  return out.join("");
}

export function diagramStrings(s: Strings): DiagramStrings {
  return {
    title: s["diagram.title"] ?? "",
    send: s["diagram.send"] ?? "",
    lost: s["diagram.lost"] ?? "",
    state: s["diagram.state"] ?? "",
    timer: s["diagram.timer"] ?? "",
    lostMark: s["diagram.lostMark"] ?? "",
  };
}

/** The site's sequence diagram of one connection, with its text alternative. */
export function connectionDiagramHtml(full: Connection, s: Strings, relative: boolean): string {
  const conn: Connection =
    full.packets.length <= MAX_DIAGRAM
      ? full
      : {
          ...full,
          packets: full.packets.slice(0, MAX_DIAGRAM),
          dirs: full.dirs.slice(0, MAX_DIAGRAM),
          changes: full.changes.filter((c) => c.at < MAX_DIAGRAM),
        };
  const cut =
    conn === full
      ? ""
      : `<p class="widget-note">${say(s, { key: "ui.diagramCut", params: { shown: MAX_DIAGRAM, total: full.packets.length } })}</p>`;
  const strings = diagramStrings(s);
  const hosts: [string, string] = [s["client"] ?? "client", s["server"] ?? "server"];
  const model = buildSequence(connectionTrace(conn, hosts), strings, { relative, timers: false, hosts });
  const rows = model.rows.map((row) => `<li>${esc(row.description)}</li>`).join("");
  return (
    cut +
    `<figure class="seq-figure"><div class="seq-svg">${sequenceSvgs(model, strings)}</div>` +
    `<details class="seq-describe"><summary>${esc(s["ui.describe"] ?? "")}</summary><ol class="seq-text">${rows}</ol></details></figure>`
  );
}
