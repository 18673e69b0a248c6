/**
 * Reads pasted `ss -tan`, `ss -tanpo state …`, `ss -s` and `nstat -az`
 * output (one of them or several pasted together) into plain data. Every
 * line is either understood or reported with its number; nothing is dropped
 * silently.
 */
import { msg, type InputIssue } from "./message.ts";

/** ss's state names (ss.c sstate_name). */
export const SS_STATES = [
  "ESTAB",
  "SYN-SENT",
  "SYN-RECV",
  "FIN-WAIT-1",
  "FIN-WAIT-2",
  "TIME-WAIT",
  "UNCONN",
  "CLOSE-WAIT",
  "LAST-ACK",
  "LISTEN",
  "CLOSING",
  "CLOSED",
] as const;
export type SsState = (typeof SS_STATES)[number];

const STATE_FILTER: Readonly<Record<string, SsState>> = {
  established: "ESTAB",
  "syn-sent": "SYN-SENT",
  "syn-recv": "SYN-RECV",
  "fin-wait-1": "FIN-WAIT-1",
  "fin-wait-2": "FIN-WAIT-2",
  "time-wait": "TIME-WAIT",
  "close-wait": "CLOSE-WAIT",
  "last-ack": "LAST-ACK",
  listening: "LISTEN",
  closing: "CLOSING",
  closed: "CLOSED",
};

export interface SsAddr {
  readonly ip: string;
  /** undefined for `*`. */
  readonly port: number | undefined;
}

export interface SsSocket {
  readonly line: number;
  readonly state: SsState;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly local: SsAddr;
  readonly peer: SsAddr;
  /** Remaining timer text, e.g. "timer:(timewait,59sec,0)". */
  readonly rest: string;
}

export interface SsSummary {
  readonly line: number;
  readonly total: number | undefined;
  readonly tcp: number;
  readonly estab: number;
  readonly closed: number;
  readonly orphaned: number;
  readonly timewait: number;
}

export interface ParsedText {
  readonly sockets: readonly SsSocket[];
  readonly summary: SsSummary | undefined;
  /** nstat counters by name (absolute values as printed). */
  readonly counters: ReadonlyMap<string, number>;
  /** Which outputs were recognised, in order of appearance. */
  readonly sections: readonly ("ss" | "ss-s" | "nstat")[];
  readonly issues: readonly InputIssue[];
}

/** Parses "1.2.3.4:80", "[::1]:22", "*:*", "0.0.0.0:*", "[::ffff:1.2.3.4]:80", "127.0.0.53%lo:53". */
export function parseAddr(text: string): SsAddr | undefined {
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return undefined;
  let ip = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  const pct = ip.indexOf("%");
  if (pct > 0) ip = ip.slice(0, pct);
  if (ip === "") return undefined;
  if (portText === "*") return { ip, port: undefined };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port <= 65535 ? { ip, port } : undefined;
}

type Mode = "none" | "ss" | "ss-nostate" | "ss-s" | "nstat";

const isCount = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);

/** Parses pasted text; never throws. */
export function parseSsText(text: string): ParsedText {
  const sockets: SsSocket[] = [];
  const counters = new Map<string, number>();
  const sections: ("ss" | "ss-s" | "nstat")[] = [];
  const issues: InputIssue[] = [];
  let summary: SsSummary | undefined;
  let mode: Mode = "none";
  let filterState: SsState | undefined;
  let total: number | undefined;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const section = (s: "ss" | "ss-s" | "nstat"): void => {
    if (sections[sections.length - 1] !== s) sections.push(s);
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    const fields = trimmed.split(/\s+/);
    const first = fields[0] ?? "";

    // A shell prompt with the command: remember a `state X` filter.
    const cmd = /^(?:\S*[$#]\s*)?(?:sudo\s+)?(ss|nstat)\b(.*)$/.exec(trimmed);
    if (cmd && !/^#kernel$/.test(trimmed)) {
      const stateArg = /\bstate\s+([\w-]+)/.exec(cmd[2] ?? "");
      filterState = stateArg ? STATE_FILTER[stateArg[1]?.toLowerCase() ?? ""] : undefined;
      mode = "none";
      return;
    }
    if (first === "State" && fields.includes("Recv-Q")) {
      mode = "ss";
      section("ss");
      return;
    }
    if (first === "Recv-Q") {
      mode = "ss-nostate";
      section("ss");
      return;
    }
    if (first === "#kernel") {
      mode = "nstat";
      section("nstat");
      return;
    }
    if (first === "Total:") {
      mode = "ss-s";
      section("ss-s");
      total = isCount(fields[1]) ? Number(fields[1]) : undefined;
      return;
    }
    if (first === "TCP:" && (mode === "ss-s" || mode === "none")) {
      section("ss-s");
      mode = "ss-s";
      const m = /^TCP:\s+(\d+)\s+\(estab (\d+), closed (\d+), orphaned (\d+), timewait (\d+)/.exec(trimmed);
      if (!m) {
        issues.push({ ...msg("issue.truncated", { line }), line });
        return;
      }
      summary = {
        line,
        total,
        tcp: Number(m[1]),
        estab: Number(m[2]),
        closed: Number(m[3]),
        orphaned: Number(m[4]),
        timewait: Number(m[5]),
      };
      return;
    }
    if (mode === "ss-s") {
      // The rest of `ss -s`: the Transport table (RAW, UDP, TCP, INET, FRAG).
      if (/^(Transport|RAW|UDP|TCP|INET|FRAG)\b/.test(first)) return;
    }
    if (mode === "nstat") {
      if (/^[A-Za-z][A-Za-z0-9]*$/.test(first) && isCount(fields[1])) {
        counters.set(first, Number(fields[1]));
        return;
      }
      if (/^[A-Za-z][A-Za-z0-9]*$/.test(first) && fields.length === 1) {
        issues.push({ ...msg("issue.truncated", { line }), line });
        return;
      }
    }
    if (mode === "ss" || mode === "ss-nostate") {
      const withState = mode === "ss";
      const stateText = withState ? first : undefined;
      const state = withState
        ? (SS_STATES as readonly string[]).includes(first)
          ? (first as SsState)
          : undefined
        : filterState;
      const off = withState ? 1 : 0;
      if (withState && state === undefined && !/^[A-Z][A-Z0-9-]*$/.test(first)) {
        issues.push({ ...msg("issue.unknownLine", { line, text: trimmed.slice(0, 60) }), line });
        return;
      }
      if (withState && state === undefined) {
        issues.push({ ...msg("issue.unknownState", { line, state: stateText ?? "" }), line });
        return;
      }
      const [rq, sq, local, peer] = [fields[off], fields[off + 1], fields[off + 2], fields[off + 3]];
      const localAddr = local === undefined ? undefined : parseAddr(local);
      const peerAddr = peer === undefined ? undefined : parseAddr(peer);
      if (!isCount(rq) || !isCount(sq) || !localAddr || !peerAddr) {
        issues.push({ ...msg(peer === undefined ? "issue.truncated" : "issue.badRow", { line }), line });
        return;
      }
      const rest = fields.slice(off + 4).join(" ");
      const inferred = state ?? (rest.includes("timer:(timewait") ? "TIME-WAIT" : undefined);
      if (inferred === undefined) {
        issues.push({ ...msg("issue.noState", { line }), line });
        return;
      }
      sockets.push({
        line,
        state: inferred,
        recvQ: Number(rq),
        sendQ: Number(sq),
        local: localAddr,
        peer: peerAddr,
        rest,
      });
      return;
    }
    issues.push({ ...msg("issue.unknownLine", { line, text: trimmed.slice(0, 60) }), line });
  });
  if (sections.length === 0 && issues.length === 0) issues.push({ ...msg("issue.empty"), line: 0 });
  return { sockets, summary, counters, sections, issues };
}
