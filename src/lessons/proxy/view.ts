/**
 * What the proxy lab shows: the clients → proxy → backend picture with the
 * TIME_WAIT counts on each box, the key figures and example 4-tuples of a
 * load run, and the story of one SYN that meets a TIME_WAIT 4-tuple. Pure:
 * the build renders the first frame with it and the browser redraws with it.
 */
import { escapeXml } from "../../chart/series.ts";
import type { SsRow } from "../../sim/index.ts";
import { BACKEND, proxyAddresses, type ProxyLabSettings } from "./settings.ts";
import { fill } from "../../text/fill.ts";
import { text, type TextKey } from "../../text/strings.ts";
import type proxyLabStrings from "../../../content/_strings/en/proxy-lab.json";

/** The lab's words (content/_strings/en/proxy-lab.json); `diagram` holds the sequence diagram's own strings. */
export type ProxyLabStrings = typeof proxyLabStrings;
export type ProxyLabKey = TextKey<ProxyLabStrings>;

export { fill } from "../../text/fill.ts";

export function pstr(strings: ProxyLabStrings, key: ProxyLabKey): string {
  return text(strings, key, "proxy lab");
}

/** The figures of one load run of the core (`proxy-backend`), plus a few TIME_WAIT 4-tuples from its ss snapshot. */
export interface ProxyRun {
  readonly summary: Readonly<Record<string, number | string | boolean>>;
  readonly examples: readonly { readonly host: string; readonly local: string; readonly peer: string }[];
  readonly timeWaitNow: Readonly<Record<string, number>>;
}

/** Reduce a ScenarioResult's ss rows to what the lab shows (the worker sends only this). */
export function runFromResult(summary: ProxyRun["summary"], ss: readonly SsRow[], perHost = 3): ProxyRun {
  const examples: { host: string; local: string; peer: string }[] = [];
  const timeWaitNow: Record<string, number> = { proxy: 0, backend: 0 };
  for (const row of ss) {
    if (row.state !== "TIME-WAIT") continue;
    timeWaitNow[row.host] = (timeWaitNow[row.host] ?? 0) + 1;
    if (examples.filter((e) => e.host === row.host).length < perHost)
      examples.push({ host: row.host, local: row.local, peer: row.peer });
  }
  return { summary, examples, timeWaitNow };
}

const num = (run: ProxyRun, key: string): number => {
  const v = run.summary[key];
  return typeof v === "number" ? v : 0;
};

export type Format = (n: number, digits?: number) => string;

/** Key figures by name; `undefined` run = still computing (shown as a placeholder). */
export function proxyFigures(run: ProxyRun | undefined, strings: ProxyLabStrings, fmt: Format): Record<string, string> {
  const keys = [
    "attempted",
    "failedEaddrnotavail",
    "backendPeakTimeWait",
    "proxyPeakTimeWait",
    "acceptedFromTimeWait",
    "answeredWithAckByTimeWait",
    "timeWaitAssassinated",
  ];
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = run === undefined ? pstr(strings, "pending") : fmt(num(run, k));
  return out;
}

export function proxySummary(s: ProxyLabSettings, run: ProxyRun, strings: ProxyLabStrings, fmt: Format): string {
  const values = {
    rate: fmt(s.rate),
    ips: fmt(s.proxyIps),
    backendTw: fmt(num(run, "backendPeakTimeWait")),
    proxyTw: fmt(num(run, "proxyPeakTimeWait")),
    accepted: fmt(num(run, "acceptedFromTimeWait")),
    acked: fmt(num(run, "answeredWithAckByTimeWait")),
    failed: fmt(num(run, "failedEaddrnotavail")),
    ceiling: fmt(num(run, "theoreticalCeilingPerSec"), 1),
  };
  if (s.closer === "proxy")
    return fill(pstr(strings, num(run, "failedEaddrnotavail") > 0 ? "summaryProxyFails" : "summaryProxyOk"), values);
  return fill(pstr(strings, "summaryBackend"), values);
}

/** Sentence for the single SYN that meets a TIME_WAIT 4-tuple, from the `syn-to-timewait` summary. */
export function synStory(
  summary: Readonly<Record<string, number | string | boolean>>,
  strings: ProxyLabStrings,
  fmt: Format,
): string {
  const outcome = String(summary["outcome"]);
  // The outcome comes from the core's summary; text() throws on one the strings file does not name.
  return fill(pstr(strings, `syn-${outcome}` as ProxyLabKey), {
    ms: fmt(Number(summary["reconnectMs"]), 1),
    seconds: fmt(Number(summary["reconnectSeconds"]), 1),
    rsts: fmt(Number(summary["clientRstsSent"])),
    syns: fmt(Number(summary["synsSent"])),
  });
}

/** The topology as SVG: three labelled boxes, arrows between them, TIME_WAIT counts under the boxes. */
export function topologySvg(
  s: ProxyLabSettings,
  tw: { readonly proxy: string; readonly backend: string },
  strings: ProxyLabStrings,
): string {
  return topologyWide(s, tw, strings) + topologyNarrow(s, tw, strings);
}

function topologyDesc(
  ips: readonly string[],
  tw: { readonly proxy: string; readonly backend: string },
  strings: ProxyLabStrings,
): string {
  return escapeXml(
    fill(pstr(strings, "topoDesc"), {
      ips: ips.join(", "),
      backend: BACKEND,
      proxyTw: tw.proxy,
      backendTw: tw.backend,
    }),
  );
}

/**
 * The phone layout (300 units, shown below 560 px by the widget's CSS): three
 * narrower boxes, "TIME_WAIT" and its count on two lines, the arrow labels
 * under the arrows. Its title and description ids end in "-n".
 */
function topologyNarrow(
  s: ProxyLabSettings,
  tw: { readonly proxy: string; readonly backend: string },
  strings: ProxyLabStrings,
): string {
  const ips = proxyAddresses(s.proxyIps);
  const shown = ips.length <= 4 ? ips : [...ips.slice(0, 2), "…", ips[ips.length - 1] as string];
  const proxyH = 78 + shown.length * 15;
  // Room under the boxes for the "closes first" mark.
  const h = proxyH + 52;
  const mid = 6 + proxyH / 2;
  const box = (x: number, y: number, w: number, hh: number, cls: string) =>
    `<rect class="px-box ${cls}" x="${x}" y="${y}" width="${w}" height="${hh}" rx="6"/>`;
  const text = (x: number, y: number, t: string, cls = "px-text") =>
    `<text class="${cls}" x="${x}" y="${y}" text-anchor="middle">${escapeXml(t)}</text>`;
  const twLabel = pstr(strings, "topoTwShort");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="px-topology px-topology-narrow" viewBox="0 0 300 ${h}" role="img" aria-labelledby="px-topo-title-n px-topo-desc-n">`,
    `<title id="px-topo-title-n">${escapeXml(pstr(strings, "topoTitle"))}</title>`,
    `<desc id="px-topo-desc-n">${topologyDesc(ips, tw, strings)}</desc>`,
    box(2, mid - 24, 74, 48, "px-clients"),
    text(39, mid + 5, pstr(strings, "topoClients"), "px-name"),
    box(100, 6, 94, proxyH, "px-proxy"),
    text(147, 26, pstr(strings, "topoProxy"), "px-name"),
    ...shown.map((ip, i) => text(147, 44 + i * 15, ip, "px-ip")),
    text(147, 6 + proxyH - 26, twLabel, "px-ip"),
    text(147, 6 + proxyH - 9, tw.proxy, "px-tw"),
    box(216, mid - 44, 82, 88, "px-backend"),
    text(257, mid - 24, pstr(strings, "topoBackend"), "px-name"),
    text(257, mid - 8, BACKEND.split(":")[0] ?? BACKEND, "px-ip"),
    text(257, mid + 18, twLabel, "px-ip"),
    text(257, mid + 35, tw.backend, "px-tw"),
    `<path class="px-link" d="M76 ${mid} H97"/><path class="px-arrowhead" d="M99 ${mid} l-7 -4 v8 z"/>`,
    `<path class="px-link" d="M194 ${mid} H213"/><path class="px-arrowhead" d="M215 ${mid} l-7 -4 v8 z"/>`,
    s.closer === "proxy"
      ? text(147, 6 + proxyH + 16, pstr(strings, "topoCloser"), "px-closer")
      : text(257, mid + 44 + 16, pstr(strings, "topoCloser"), "px-closer"),
    text(50, h - 8, pstr(strings, "topoRequests"), "px-small"),
    text(205, h - 8, fill(pstr(strings, "topoRate"), { rate: s.rate }), "px-small"),
    "</svg>",
  ].join("");
}

function topologyWide(
  s: ProxyLabSettings,
  tw: { readonly proxy: string; readonly backend: string },
  strings: ProxyLabStrings,
): string {
  const ips = proxyAddresses(s.proxyIps);
  const shown = ips.length <= 4 ? ips : [...ips.slice(0, 2), "…", ips[ips.length - 1] as string];
  const proxyH = 64 + shown.length * 16;
  const h = Math.max(150, proxyH + 46);
  const box = (x: number, y: number, w: number, hh: number, cls: string) =>
    `<rect class="px-box ${cls}" x="${x}" y="${y}" width="${w}" height="${hh}" rx="6"/>`;
  const text = (x: number, y: number, t: string, cls = "px-text", anchor = "middle") =>
    `<text class="${cls}" x="${x}" y="${y}" text-anchor="${anchor}">${escapeXml(t)}</text>`;
  const mid = 20 + proxyH / 2;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="px-topology px-topology-wide" viewBox="0 0 640 ${h}" role="img" aria-labelledby="px-topo-title px-topo-desc">`,
    `<title id="px-topo-title">${escapeXml(pstr(strings, "topoTitle"))}</title>`,
    `<desc id="px-topo-desc">${topologyDesc(ips, tw, strings)}</desc>`,
    `<defs><marker id="px-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="px-arrowhead"/></marker></defs>`,
    box(10, mid - 30, 120, 60, "px-clients"),
    text(70, mid + 5, pstr(strings, "topoClients"), "px-name"),
    box(230, 20, 170, proxyH, "px-proxy"),
    text(315, 42, pstr(strings, "topoProxy"), "px-name"),
    ...shown.map((ip, i) => text(315, 62 + i * 16, ip, "px-ip")),
    text(315, 20 + proxyH - 10, fill(pstr(strings, "topoTw"), { n: tw.proxy }), "px-tw"),
    box(490, mid - 40, 140, 80, "px-backend"),
    text(560, mid - 16, pstr(strings, "topoBackend"), "px-name"),
    text(560, mid + 2, BACKEND, "px-ip"),
    text(560, mid + 28, fill(pstr(strings, "topoTw"), { n: tw.backend }), "px-tw"),
    `<line class="px-link" x1="130" y1="${mid}" x2="228" y2="${mid}" marker-end="url(#px-arrow)"/>`,
    `<line class="px-link" x1="400" y1="${mid}" x2="488" y2="${mid}" marker-end="url(#px-arrow)"/>`,
    text(179, mid - 8, pstr(strings, "topoRequests"), "px-small"),
    text(444, mid - 8, fill(pstr(strings, "topoRate"), { rate: s.rate }), "px-small"),
    s.closer === "proxy"
      ? text(315, 20 + proxyH + 18, pstr(strings, "topoCloser"), "px-closer")
      : text(560, mid + 40 + 18, pstr(strings, "topoCloser"), "px-closer"),
    "</svg>",
  ];
  return out.join("");
}
