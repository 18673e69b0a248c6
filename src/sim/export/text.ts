/**
 * Plain-text views of a run, shaped like the tools a reader would use on a
 * real Linux box: tcpdump for segments, `ss -tan -o` for sockets,
 * `nstat -az` for counters.
 */
import { flagString, type Endpoint, type Micros, type Segment } from "../segment.ts";
import { seq as wrapSeq, type SeqNum } from "../seq.ts";
import type { ScenarioResult, SsRow } from "../scenarios/types.ts";
import type { SocketRef, TraceEvent } from "../trace.ts";
import { ssStateName } from "../ss-names.ts";
import { HOST_STACK_DROPS, type CapturePoint } from "./pcap.ts";
import { formatTcpOption, tcpOptionList } from "./tcp-options.ts";

/** Kinds of non-segment events that can be shown as `#` lines. */
export type EventLineKind = "state" | "timer" | "drop" | "call" | "counter" | "note";

export const ALL_EVENT_KINDS: readonly EventLineKind[] = ["state", "timer", "drop", "call", "counter", "note"];

export interface TcpdumpOptions {
  /**
   * Relative sequence numbers (default true). We follow Wireshark, not
   * tcpdump: each direction counts from its own ISN, so a SYN shows seq 0 and
   * the SYN-ACK's ack is 1. (tcpdump prints the SYN's raw ISN and goes
   * relative only afterwards, which makes the handshake harder to read.)
   */
  readonly relative?: boolean | undefined;
  /** Which events are the segment lines; see PcapOptions.capture. Default "send". */
  readonly capture?: CapturePoint | undefined;
  /**
   * Also print `#` lines for other events: true for all kinds, or a list.
   * Default none, which gives exactly what tcpdump would show.
   */
  readonly events?: boolean | readonly EventLineKind[] | undefined;
}

/** Simulated time as tcpdump -ttt-like seconds with six decimals: "12.000345". */
export function formatTime(t: Micros): string {
  const sec = Math.floor(t / 1_000_000);
  const usec = t - sec * 1_000_000;
  return `${sec}.${String(usec).padStart(6, "0")}`;
}

/** tcpdump writes an endpoint as ip.port. */
function dotted(e: Endpoint): string {
  return `${e.ip}.${e.port}`;
}

/** ss writes an endpoint as ip:port. */
function colon(e: Endpoint): string {
  return `${e.ip}:${e.port}`;
}

/**
 * Per-direction ISN bookkeeping for relative numbers.
 *
 * A direction (src → dst 4-tuple) takes its base from its first SYN; a SYN
 * with a different seq on the same 4-tuple is a new incarnation (e.g. a
 * connection accepted from TIME_WAIT) and resets the base, while a
 * retransmitted SYN has the same seq and keeps it. A direction that never
 * sent a SYN (a RST from a closed port) counts from its first segment.
 */
export class SeqRelativizer {
  private readonly base = new Map<string, SeqNum>();

  private static key(from: Endpoint, to: Endpoint): string {
    return `${from.ip}:${from.port}>${to.ip}:${to.port}`;
  }

  /** Register the segment and return [seq, ack] as they should be printed. */
  relative(seg: Segment): [SeqNum, SeqNum | undefined] {
    const fwd = SeqRelativizer.key(seg.src, seg.dst);
    const known = this.base.get(fwd);
    if (known === undefined || (seg.ctl.syn && known !== seg.seq)) this.base.set(fwd, seg.seq);
    const seqBase = this.base.get(fwd) ?? seg.seq;
    const rel = wrapSeq(seg.seq - seqBase);
    if (seg.ack === undefined) return [rel, undefined];
    const ackBase = this.base.get(SeqRelativizer.key(seg.dst, seg.src));
    // With no segment seen the other way there is no base: show the raw ack.
    return [rel, ackBase === undefined ? seg.ack : wrapSeq(seg.ack - ackBase)];
  }
}

/**
 * One tcpdump-style line (without the timestamp) for a segment, e.g.
 * `IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 0, win 64240,
 *  options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`.
 * Pass printed seq/ack to override the segment's raw numbers.
 */
export function formatSegment(seg: Segment, shown?: [SeqNum, SeqNum | undefined]): string {
  const [s, a] = shown ?? [seg.seq, seg.ack];
  const flags = flagString(seg) || "none";
  const parts = [`Flags [${flags}]`];
  // Like tcpdump: a range first:last+1 when the segment carries data.
  parts.push(seg.len > 0 ? `seq ${s}:${wrapSeq(s + seg.len)}` : `seq ${s}`);
  if (a !== undefined) parts.push(`ack ${a}`);
  parts.push(`win ${seg.window}`);
  const opts = tcpOptionList(seg.options);
  if (opts.length > 0) parts.push(`options [${opts.map(formatTcpOption).join(",")}]`);
  parts.push(`length ${seg.len}`);
  return `IP ${dotted(seg.src)} > ${dotted(seg.dst)}: ${parts.join(", ")}`;
}

function sockText(sock: SocketRef): string {
  const remote = sock.remote === undefined ? "" : ` > ${colon(sock.remote)}`;
  return `${sock.host} ${colon(sock.local)}${remote}`;
}

function eventLine(ev: TraceEvent, shortSeg: (seg: Segment) => string): string | undefined {
  const t = formatTime(ev.t);
  switch (ev.kind) {
    case "state":
      return `# ${t} ${sockText(ev.sock)} ${ev.from} → ${ev.to}`;
    case "timer": {
      const at = ev.at === undefined ? "" : `, expires ${formatTime(ev.at)}`;
      return `# ${t} ${sockText(ev.sock)} timer ${ev.timer} ${ev.action}${at}`;
    }
    case "drop":
      // A host's stack discarding a segment reads differently from loss on the way.
      return HOST_STACK_DROPS.has(ev.reason)
        ? `# ${t} ${ev.host} drops ${shortSeg(ev.seg)}: ${ev.reason}`
        : `# ${t} lost ${shortSeg(ev.seg)}: ${ev.reason}`;
    case "call": {
      const sock = ev.sock === undefined ? "" : ` ${colon(ev.sock.local)}`;
      const remote = ev.sock?.remote === undefined ? "" : ` > ${colon(ev.sock.remote)}`;
      // The core may already spell the arguments: "listen(80, 128)".
      const call = ev.call.includes("(") ? ev.call : `${ev.call}()`;
      return `# ${t} ${ev.host} ${call}${sock}${remote} = ${ev.result}`;
    }
    case "counter":
      return `# ${t} ${ev.host} ${ev.name} = ${ev.value}`;
    case "note":
      return `# ${t} ${ev.text}`;
    case "send":
    case "deliver":
      return undefined;
  }
}

/** tcpdump-style text for a trace, one line per captured segment (plus `#` event lines if asked). */
export function traceToTcpdump(trace: readonly TraceEvent[], options: TcpdumpOptions = {}): string[] {
  const relative = options.relative ?? true;
  const capture = options.capture ?? "send";
  const kinds = new Set<EventLineKind>(
    options.events === true
      ? ALL_EVENT_KINDS
      : options.events === false || options.events === undefined
        ? []
        : options.events,
  );
  const rel = new SeqRelativizer();
  const numbers = (seg: Segment): [SeqNum, SeqNum | undefined] => (relative ? rel.relative(seg) : [seg.seq, seg.ack]);
  const shortSeg = (seg: Segment): string => {
    const [s, a] = relative ? rel.relative(seg) : [seg.seq, seg.ack];
    const ack = a === undefined ? "" : ` ack ${a}`;
    return `${dotted(seg.src)} > ${dotted(seg.dst)} [${flagString(seg) || "none"}] seq ${s}${ack}`;
  };
  const lines: string[] = [];
  for (const ev of trace) {
    if (ev.kind === capture) {
      lines.push(`${formatTime(ev.t)} ${formatSegment(ev.seg, numbers(ev.seg))}`);
      continue;
    }
    if (ev.kind === "send" || ev.kind === "deliver") continue;
    if (!kinds.has(ev.kind)) continue;
    const line = eventLine(ev, shortSeg);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * `ss -tan -o`-style text: one block per host, in first-seen order, each
 * headed `# ss -tan -o (host)`. Recv-Q and Send-Q show 0 when the row has
 * none; the timer column reads `timer:(timewait,59sec,0)`.
 */
export function ssToText(rows: readonly SsRow[]): string[] {
  const byHost = new Map<string, SsRow[]>();
  for (const row of rows) {
    const list = byHost.get(row.host) ?? [];
    list.push(row);
    byHost.set(row.host, list);
  }
  const out: string[] = [];
  for (const [host, list] of byHost) {
    out.push(`# ss -tan -o (${host})`);
    const cells = [["State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process"]];
    for (const r of list) {
      const timer = r.timer === undefined ? "" : r.timer.startsWith("timer:") ? r.timer : `timer:(${r.timer})`;
      cells.push([ssStateName(r.state), String(r.recvQ ?? 0), String(r.sendQ ?? 0), r.local, r.peer, timer]);
    }
    out.push(...table(cells));
  }
  return out;
}

/**
 * `nstat -az`-style text per host: `#kernel`, then name, absolute value and
 * rate columns, as nstat prints them ("%-32s%-16llu%6.1f"). The rate is
 * always 0.0: a finished run has no interval to average over. Hosts are
 * headed `# nstat -az (host)` because each host is its own network namespace.
 */
export function countersToNstat(counters: Readonly<Record<string, Readonly<Record<string, number>>>>): string[] {
  const out: string[] = [];
  for (const [host, values] of Object.entries(counters)) {
    out.push(`# nstat -az (${host})`, "#kernel");
    for (const [name, value] of Object.entries(values)) {
      // At least one space even for names of 32+ characters.
      out.push(`${name.padEnd(31)} ${String(value).padEnd(16)}${"0.0".padStart(6)}`);
    }
  }
  return out;
}

/** `name: value` lines for a run's summary. */
export function summaryToText(summary: Readonly<Record<string, number | string | boolean>>): string[] {
  return Object.entries(summary).map(([k, v]) => `${k}: ${String(v)}`);
}

/** The CLI's text report: tcpdump lines, ss snapshot, nstat counters, summary. */
export function resultToText(result: ScenarioResult, options: TcpdumpOptions = {}): string {
  const lines = [
    `# scenario ${result.name}, ended at ${formatTime(result.endTime)}`,
    ...traceToTcpdump(result.trace, options),
    "",
    ...ssToText(result.ss),
    "",
    ...countersToNstat(result.counters),
    "",
    "# summary",
    ...summaryToText(result.summary),
  ];
  return `${lines.join("\n")}\n`;
}
