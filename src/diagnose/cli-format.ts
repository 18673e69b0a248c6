/**
 * Plain-text rendering of the diagnose reports for the command line, and its
 * exit status (0 clean, 1 findings, 2 input that could not be read).
 */
import { relativeNumbers, type Connection } from "./flows.ts";
import type { CaptureReport } from "./capture.ts";
import { render, type InputIssue } from "./message.ts";
import type { TextReport } from "./ss-analyze.ts";

type Strings = Readonly<Record<string, string>>;
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const issueLines = (issues: readonly InputIssue[], s: Strings): string[] => issues.map((i) => `  ${render(s, i)}`);

export function renderTextReport(r: TextReport, s: Strings): CliResult {
  const out: string[] = [];
  if (r.states.length > 0) {
    out.push(`${s["cli.states"]}:`);
    for (const st of r.states) out.push(`  ${st.state.padEnd(11)} ${st.count}`);
  }
  if (r.findings.length > 0) {
    out.push(`${s["cli.findings"]}:`);
    for (const f of r.findings) out.push(`  [${f.level}] ${render(s, f)}`);
  }
  if (r.suggestions.length > 0) {
    out.push(`${s["cli.suggestions"]}:`);
    r.suggestions.forEach((g, i) => out.push(`  ${i + 1}. ${render(s, g)} (${g.link})`));
  }
  const err = r.issues.length > 0 ? [`${s["cli.inputIssues"]}:`, ...issueLines(r.issues, s)].join("\n") + "\n" : "";
  const nothing = r.parsed.sections.length === 0;
  const worrying = r.findings.some((f) => f.level === "warn" || f.level === "problem");
  return { code: nothing ? 2 : worrying ? 1 : 0, out: out.length ? out.join("\n") + "\n" : "", err };
}

function side(c: Connection, which: 0 | 1): string {
  const e = which === 0 ? c.client : c.server;
  return e.ip.includes(":") ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

function flagsText(p: Connection["packets"][number]): string {
  return (
    (p.syn ? "S" : "") + (p.fin ? "F" : "") + (p.rst ? "R" : "") + (p.psh ? "P" : "") + (p.ack !== undefined ? "." : "")
  );
}

export function renderCaptureText(
  r: CaptureReport,
  s: Strings,
  options: { conn?: number | undefined; relative: boolean },
): CliResult {
  const out: string[] = [];
  const c = r.capture;
  out.push(
    render(s, {
      key: "cli.capture",
      params: {
        format: c.format,
        frames: c.frames,
        packets: c.packets.length,
        connections: r.connections.length,
        links: c.linkTypes.join(",") || "-",
      },
    }),
  );
  const list = options.conn === undefined ? r.connections : r.connections.filter((x) => x.id + 1 === options.conn);
  if (options.conn !== undefined && list.length === 0) {
    return { code: 2, out: "", err: render(s, { key: "cli.noConnection", params: { id: options.conn } }) + "\n" };
  }
  for (const conn of list) {
    const first = conn.packets[0]?.t ?? 0;
    const last = conn.packets[conn.packets.length - 1]?.t ?? first;
    out.push(
      render(s, {
        key: "cli.connection",
        params: {
          id: conn.id + 1,
          client: side(conn, 0),
          server: side(conn, 1),
          packets: conn.packets.length,
          duration: ((last - first) / 1e6).toFixed(3),
          clientState: conn.states[0],
          serverState: conn.states[1],
        },
      }),
    );
    for (const f of conn.flags) out.push(`  ! ${render(s, f)} (${f.link})`);
    if (options.conn !== undefined) {
      const states: [string, string] = [conn.sawSyn ? "CLOSED" : "ESTABLISHED", conn.sawSyn ? "LISTEN" : "ESTABLISHED"];
      let ci = 0;
      conn.packets.forEach((p, i) => {
        while (conn.changes[ci]?.at === i) {
          const ch = conn.changes[ci];
          if (ch) states[ch.side] = ch.to;
          ci++;
        }
        const rel = options.relative ? relativeNumbers(conn, i) : { seq: p.seq, ack: p.ack };
        const arrow = conn.dirs[i] === 0 ? "→" : "←";
        const t = ((p.t - first) / 1e6).toFixed(6);
        const ack = rel.ack === undefined ? "" : ` ack ${rel.ack}`;
        out.push(`  ${t} ${arrow} [${flagsText(p)}] seq ${rel.seq}${ack} len ${p.len}   ${states[0]} / ${states[1]}`);
      });
    }
  }
  const err = r.issues.length > 0 ? [`${s["cli.inputIssues"]}:`, ...issueLines(r.issues, s)].join("\n") + "\n" : "";
  const unreadable = c.frames === 0 && r.issues.length > 0;
  const flagged = r.connections.some((x) => x.flags.length > 0) || r.issues.length > 0;
  return { code: unreadable ? 2 : flagged ? 1 : 0, out: out.join("\n") + "\n", err };
}
