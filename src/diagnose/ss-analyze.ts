/**
 * What pasted ss/nstat output says: sockets per state, TIME_WAIT per
 * destination and how much of the local port range each destination uses,
 * listen-queue overflows, SYN cookies, retransmissions, and the fixes the
 * lessons teach, best first.
 */
import { msg, type InputIssue, type Message } from "./message.ts";
import { parseSsText, SS_STATES, type ParsedText, type SsSocket, type SsState } from "./ss-parse.ts";

/** Linux's default net.ipv4.ip_local_port_range. */
export const DEFAULT_PORT_RANGE: readonly [number, number] = [32768, 60999];

export type Level = "ok" | "info" | "warn" | "problem";

export interface Finding extends Message {
  readonly level: Level;
}

export interface Suggestion extends Message {
  /** Site path of the lesson that explains the fix, e.g. "/short-connections/port-exhaustion/". */
  readonly link: string;
}

export interface Destination {
  /** Local address, remote address and port: the part of the 4-tuple a connect() cannot change. */
  readonly local: string;
  readonly peer: string;
  readonly port: number;
  /** Sockets to it using a local port from the range (any state). */
  readonly sockets: number;
  readonly timeWait: number;
  /** sockets / ports in the range. */
  readonly share: number;
}

export interface TextReport {
  readonly parsed: ParsedText;
  readonly portRange: readonly [number, number];
  readonly portRangeAssumed: boolean;
  readonly states: readonly { readonly state: SsState; readonly count: number }[];
  readonly destinations: readonly Destination[];
  /** TIME_WAIT sockets on the accepting side (local port is a listening port or outside the range). */
  readonly serverTimeWait: number;
  readonly findings: readonly Finding[];
  readonly suggestions: readonly Suggestion[];
  readonly issues: readonly InputIssue[];
}

export interface TextOptions {
  readonly portRange?: readonly [number, number];
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

const SUGGEST = {
  pool: { key: "suggest.pool", link: "/short-connections/port-exhaustion/" },
  spread: { key: "suggest.spread", link: "/short-connections/proxies/" },
  range: { key: "suggest.range", link: "/sysctl/ip_local_port_range/" },
  reuse: { key: "suggest.reuse", link: "/sysctl/tcp_tw_reuse/" },
  noRecycle: { key: "suggest.noRecycle", link: "/sysctl/tcp_tw_recycle/" },
  twHarmless: { key: "suggest.twHarmless", link: "/closing/time-wait/" },
  accept: { key: "suggest.accept", link: "/sysctl/tcp_max_syn_backlog/" },
  cookies: { key: "suggest.cookies", link: "/sysctl/tcp_syncookies/" },
  buckets: { key: "suggest.buckets", link: "/sysctl/tcp_max_tw_buckets/" },
  retrans: { key: "suggest.retrans", link: "/handshake/three-way-handshake/" },
} as const;

function inRange(port: number | undefined, range: readonly [number, number]): boolean {
  return port !== undefined && port >= range[0] && port <= range[1];
}

/** Groups the sockets that hold a local port from the range by destination. */
export function destinations(
  sockets: readonly SsSocket[],
  range: readonly [number, number],
): { list: Destination[]; serverTimeWait: number } {
  const listening = new Set(sockets.filter((s) => s.state === "LISTEN").map((s) => s.local.port));
  const size = range[1] - range[0] + 1;
  const by = new Map<string, { local: string; peer: string; port: number; sockets: number; timeWait: number }>();
  let serverTimeWait = 0;
  for (const s of sockets) {
    if (s.state === "LISTEN" || s.peer.port === undefined) continue;
    const outgoing = inRange(s.local.port, range) && !listening.has(s.local.port);
    if (!outgoing) {
      if (s.state === "TIME-WAIT") serverTimeWait++;
      continue;
    }
    const key = `${s.local.ip}|${s.peer.ip}|${s.peer.port}`;
    const d = by.get(key) ?? { local: s.local.ip, peer: s.peer.ip, port: s.peer.port, sockets: 0, timeWait: 0 };
    d.sockets++;
    if (s.state === "TIME-WAIT") d.timeWait++;
    by.set(key, d);
  }
  const list = [...by.values()]
    .map((d) => ({ ...d, share: d.sockets / size }))
    .sort((a, b) => b.sockets - a.sockets || a.peer.localeCompare(b.peer) || a.port - b.port);
  return { list, serverTimeWait };
}

/** Analyses pasted ss/nstat text. */
export function analyzeText(text: string, options: TextOptions = {}): TextReport {
  const parsed = parseSsText(text);
  const portRange = options.portRange ?? DEFAULT_PORT_RANGE;
  const portRangeAssumed = options.portRange === undefined;
  const size = portRange[1] - portRange[0] + 1;
  const findings: Finding[] = [];
  const wanted = new Set<keyof typeof SUGGEST>();
  const add = (level: Level, key: string, params: Record<string, string | number> = {}): void => {
    findings.push({ ...msg(key, params), level });
  };

  const counts = new Map<SsState, number>();
  for (const s of parsed.sockets) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  const states = SS_STATES.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state) ?? 0 }));

  const { list, serverTimeWait } = destinations(parsed.sockets, portRange);
  if (parsed.sections.includes("ss")) {
    add("info", portRangeAssumed ? "find.rangeAssumed" : "find.range", {
      low: portRange[0],
      high: portRange[1],
      size,
    });
  }
  const top = list[0];
  for (const d of list.slice(0, 5)) {
    const level: Level = d.share >= 0.9 ? "problem" : d.share >= 0.5 ? "warn" : "info";
    add(level, "find.destination", {
      peer: d.peer,
      port: d.port,
      local: d.local,
      sockets: d.sockets,
      timeWait: d.timeWait,
      share: pct(d.share),
      left: Math.max(0, size - d.sockets),
    });
  }
  if (top && top.share >= 0.05) {
    wanted.add("pool");
    wanted.add("spread");
    if (top.share >= 0.5) wanted.add("range");
    if (top.timeWait > top.sockets / 2) wanted.add("reuse");
    wanted.add("noRecycle");
  }
  if (serverTimeWait > 0) {
    add("info", "find.serverTimeWait", { count: serverTimeWait });
    wanted.add("twHarmless");
  }

  if (parsed.summary) {
    const s = parsed.summary;
    add("info", "find.summary", { tcp: s.tcp, estab: s.estab, timewait: s.timewait, orphaned: s.orphaned });
    if (parsed.sockets.length === 0 && s.timewait > 0) add("info", "find.summaryNoTuples", { timewait: s.timewait });
  }

  const c = parsed.counters;
  if (parsed.sections.includes("nstat")) {
    const overflows = c.get("TcpExtListenOverflows") ?? 0;
    const drops = c.get("TcpExtListenDrops") ?? 0;
    if (overflows > 0 || drops > 0) {
      add("problem", "find.listenOverflows", { overflows, drops });
      wanted.add("accept");
    } else add("ok", "find.noListenOverflows");
    const cookies = c.get("TcpExtSyncookiesSent") ?? 0;
    if (cookies > 0) {
      add("warn", "find.cookies", {
        sent: cookies,
        recv: c.get("TcpExtSyncookiesRecv") ?? 0,
        failed: c.get("TcpExtSyncookiesFailed") ?? 0,
      });
      wanted.add("cookies");
    }
    const twOverflow = c.get("TcpExtTCPTimeWaitOverflow") ?? 0;
    if (twOverflow > 0) {
      add("warn", "find.twOverflow", { count: twOverflow });
      wanted.add("buckets");
    }
    const out = c.get("TcpOutSegs") ?? 0;
    const retrans = c.get("TcpRetransSegs") ?? 0;
    if (out > 0) {
      const rate = retrans / out;
      add(rate >= 0.01 ? "warn" : "info", "find.retrans", {
        retrans,
        out,
        rate: pct(rate),
        syn: c.get("TcpExtTCPSynRetrans") ?? 0,
        timeouts: c.get("TcpExtTCPTimeouts") ?? 0,
      });
      if ((c.get("TcpExtTCPSynRetrans") ?? 0) > 0) wanted.add("retrans");
    }
    const fails = c.get("TcpAttemptFails") ?? 0;
    if (fails > 0) add("info", "find.attemptFails", { count: fails });
    const abortData = c.get("TcpExtTCPAbortOnClose") ?? 0;
    if (abortData > 0) add("info", "find.abortOnClose", { count: abortData });
    const challenge = c.get("TcpExtTCPChallengeACK") ?? 0;
    if (challenge > 0) add("info", "find.challengeAck", { count: challenge });
    const known = ["TcpExtListenOverflows", "TcpOutSegs", "TcpRetransSegs"];
    if (known.every((k) => !c.has(k))) add("warn", "find.nstatNoTcp");
  }

  const order: (keyof typeof SUGGEST)[] = [
    "accept",
    "pool",
    "spread",
    "range",
    "reuse",
    "cookies",
    "buckets",
    "retrans",
    "twHarmless",
    "noRecycle",
  ];
  const suggestions = order
    .filter((k) => wanted.has(k))
    .map((k) => ({ ...msg(SUGGEST[k].key), link: SUGGEST[k].link }));
  return {
    parsed,
    portRange,
    portRangeAssumed,
    states,
    destinations: list,
    serverTimeWait,
    findings,
    suggestions,
    issues: parsed.issues,
  };
}
