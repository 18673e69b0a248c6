/**
 * Judges a parsed sysctl.conf against what current Linux (6.x) does
 * (tcp-facts.md §1, §2). Each setting line gets one verdict and a list of
 * findings: message codes with parameters, worded by the page's strings.
 * Ranges, defaults and the exact sysctl error text come from the core's
 * knob table, by applying the value to a fresh `SysctlTable("linux")`.
 */
import { SysctlTable, fullKnobName, knobDef, KNOBS } from "../sim/index.ts";
import {
  ADDED_IN,
  OTHER_KNOWN_KNOBS,
  REMOVED_KNOBS,
  SERVICE_PORTS,
  defaultText,
  keepaliveDetectionSeconds,
  knobPage,
  sameParity,
} from "./knob-facts.ts";
import { parseSysctlConf, type LineProblem, type ParsedFile, type ParsedLine } from "./parse.ts";

export type Verdict =
  /** The knob no longer exists: sysctl -p prints an error and exits 1. */
  | "removed"
  /** No such knob (probably a typo): same error. */
  | "unknown"
  /** The kernel refuses the value (EINVAL). */
  | "invalid"
  /** Accepted, but likely to hurt or based on a myth. */
  | "risky"
  /** Accepted and harmless, but changes nothing. */
  | "no-effect"
  /** A later line sets the same key; this one is overridden. */
  | "duplicate"
  /** The line cannot be read as "key = value". */
  | "syntax"
  /** A real knob this reviewer does not model. */
  | "not-checked"
  | "fine";

export const VERDICTS: readonly Verdict[] = [
  "removed",
  "unknown",
  "invalid",
  "syntax",
  "risky",
  "no-effect",
  "duplicate",
  "not-checked",
  "fine",
];

export type FindingParams = Readonly<Record<string, string | number>>;

export interface Finding {
  /** Message id; the page's strings hold a template per id. */
  readonly code: string;
  readonly params: FindingParams;
}

export interface LineReview {
  readonly line: number;
  readonly text: string;
  readonly kind: ParsedLine["kind"];
  /** Full dotted knob name, for setting lines. */
  readonly key?: string;
  readonly value?: string;
  /** Written with sysctl's "-" prefix (ignore errors). */
  readonly ignoreErrors?: boolean;
  readonly verdict?: Verdict;
  readonly findings: readonly Finding[];
  /** Page explaining the knob, when the site has one. */
  readonly page?: string;
}

export interface Review {
  readonly lines: readonly LineReview[];
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly settings: number;
  readonly totalLines: number;
  readonly notJudged: number;
  readonly binary: boolean;
  readonly crlf: boolean;
  /** What `sysctl -p` would exit with on a current kernel (1 when a key cannot be set). */
  readonly sysctlExitStatus: 0 | 1;
}

type Setting = Extract<ParsedLine, { kind: "setting" }>;

/** Levenshtein distance, capped: only small distances matter for "did you mean". */
function distance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length] ?? cap + 1;
}

const KNOWN_NAMES: readonly string[] = [
  ...KNOBS.map((k) => k.name),
  ...Object.keys(REMOVED_KNOBS),
  ...Object.keys(OTHER_KNOWN_KNOBS),
];

function nearestKnownName(full: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const n of KNOWN_NAMES) {
    const d = distance(full, n);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}

/**
 * The name sysctl will look up. A name with dots is used as written; a bare
 * name ("tcp_syncookies") is looked up as /proc/sys/tcp_syncookies, which
 * does not exist, so it is kept bare and judged unknown.
 */
export function resolveName(key: string): string {
  return key;
}

function cannotStat(full: string): string {
  return `sysctl: cannot stat /proc/sys/${full.replace(/\./g, "/")}: No such file or directory`;
}

interface Judgement {
  readonly verdict: Verdict;
  readonly findings: Finding[];
}

/** The values the whole file ends up with (last line wins), for rules that depend on other knobs. */
type Effective = ReadonlyMap<string, string>;

function effectiveNumber(eff: Effective, name: string): number {
  const v = eff.get(name);
  const n = v === undefined ? NaN : Number(v);
  if (Number.isInteger(n)) return n;
  const d = knobDef(name)?.defaults.linux;
  return typeof d === "number" ? d : NaN;
}

function judgeSetting(s: Setting, full: string, eff: Effective): Judgement {
  const f: Finding[] = [];
  const removed = REMOVED_KNOBS[full];
  if (removed !== undefined) {
    f.push({ code: "removed", params: { key: full, version: removed.removedIn, message: cannotStat(full) } });
    f.push({ code: s.ignoreErrors ? "ignoredByDash" : "exitStatus1", params: {} });
    return { verdict: "removed", findings: f };
  }
  const def = full.includes(".") ? knobDef(full) : undefined;
  if (def === undefined || def.defaults.linux === undefined) {
    const other = OTHER_KNOWN_KNOBS[full];
    if (other !== undefined) {
      f.push({ code: other.global ? "notCheckedGlobal" : "notChecked", params: { key: full } });
      return { verdict: "not-checked", findings: f };
    }
    const near = full.includes(".")
      ? nearestKnownName(full)
      : knobDef(full) !== undefined
        ? fullKnobName(full)
        : undefined;
    if (near !== undefined) {
      f.push({ code: "unknownDidYouMean", params: { key: full, suggestion: near, message: cannotStat(full) } });
      f.push({ code: s.ignoreErrors ? "ignoredByDash" : "exitStatus1", params: {} });
      return { verdict: "unknown", findings: f };
    }
    f.push({ code: "notChecked", params: { key: full } });
    return { verdict: "not-checked", findings: f };
  }

  const table = new SysctlTable("linux");
  const r = table.set(full, s.value);
  if (!r.ok) {
    const range = `${def.min}–${def.max}`;
    f.push({ code: "invalid", params: { key: full, value: s.value, message: r.message, range } });
    f.push({ code: s.ignoreErrors ? "ignoredByDash" : "exitStatus1", params: {} });
    return { verdict: "invalid", findings: f };
  }
  const added = ADDED_IN[full];
  if (added !== undefined) f.push({ code: "addedIn", params: { key: full, version: added } });
  const v = r.value;
  const dflt = defaultText(full);
  const n = typeof v === "number" ? v : NaN;

  switch (full) {
    case "net.ipv4.tcp_syncookies":
      if (n === 0) return { verdict: "risky", findings: [...f, { code: "cookiesOff", params: {} }] };
      if (n === 2) return { verdict: "risky", findings: [...f, { code: "cookiesAlways", params: {} }] };
      break;
    case "net.ipv4.tcp_tw_reuse":
      if (n === 1) f.push({ code: "twReuseOutgoingOnly", params: {} });
      if (effectiveNumber(eff, "net.ipv4.tcp_timestamps") === 0 && n !== 0) {
        return { verdict: "no-effect", findings: [...f, { code: "twReuseNeedsTimestamps", params: {} }] };
      }
      break;
    case "net.ipv4.tcp_timestamps":
      if (n === 0) return { verdict: "risky", findings: [...f, { code: "timestampsOff", params: {} }] };
      break;
    case "net.ipv4.tcp_fin_timeout":
      if (n < 60)
        return { verdict: "risky", findings: [...f, { code: "finTimeoutNotTimeWait", params: { value: n } }] };
      f.push({ code: "finTimeoutOrphansOnly", params: {} });
      break;
    case "net.ipv4.tcp_keepalive_time":
    case "net.ipv4.tcp_keepalive_intvl":
    case "net.ipv4.tcp_keepalive_probes": {
      const t = effectiveNumber(eff, "net.ipv4.tcp_keepalive_time");
      const i = effectiveNumber(eff, "net.ipv4.tcp_keepalive_intvl");
      const p = effectiveNumber(eff, "net.ipv4.tcp_keepalive_probes");
      f.push({
        code: "keepaliveDetection",
        params: { seconds: keepaliveDetectionSeconds(t, i, p), time: t, intvl: i, probes: p },
      });
      break;
    }
    case "net.ipv4.ip_local_port_range": {
      const [lo, hi] = v as readonly [number, number];
      const hits = SERVICE_PORTS.filter((p) => p >= lo && p <= hi);
      const risky: Finding[] = [];
      if (hits.length > 0 && !eff.has("net.ipv4.ip_local_reserved_ports")) {
        risky.push({ code: "portRangeServicePorts", params: { low: lo, ports: hits.join(", ") } });
      }
      if (sameParity(lo, hi))
        risky.push({ code: "portRangeParity", params: { low: lo, high: hi, warning: r.warning ?? "" } });
      if (risky.length > 0) return { verdict: "risky", findings: [...f, ...risky] };
      break;
    }
    case "net.ipv4.tcp_max_syn_backlog": {
      const cookies = effectiveNumber(eff, "net.ipv4.tcp_syncookies");
      if (cookies !== 0) {
        return { verdict: "no-effect", findings: [...f, { code: "synBacklogCookiesOn", params: { value: n } }] };
      }
      f.push({ code: "synBacklogCookiesOff", params: { threshold: Math.floor((n * 3) / 4) } });
      break;
    }
    case "net.ipv4.tcp_max_tw_buckets":
      if (n < Number(dflt)) {
        return {
          verdict: "risky",
          findings: [...f, { code: "twBucketsLowered", params: { value: n, default: dflt } }],
        };
      }
      break;
    case "net.core.somaxconn":
      if (n < Number(dflt)) {
        return {
          verdict: "risky",
          findings: [...f, { code: "somaxconnLowered", params: { value: n, default: dflt } }],
        };
      }
      if (n > Number(dflt)) f.push({ code: "somaxconnNeedsListen", params: { value: n } });
      break;
  }
  if (valueEquals(v, dflt))
    return { verdict: "no-effect", findings: [{ code: "isDefault", params: { default: dflt } }, ...f] };
  return { verdict: "fine", findings: f };
}

function valueEquals(v: number | readonly [number, number], text: string): boolean {
  return (typeof v === "number" ? String(v) : `${v[0]} ${v[1]}`) === text;
}

const PROBLEM_CODE: Readonly<Record<LineProblem, string>> = {
  "no-equals": "syntaxNoEquals",
  "empty-key": "syntaxEmptyKey",
  "empty-value": "syntaxEmptyValue",
  "bad-key": "syntaxBadKey",
  binary: "syntaxBinary",
  "too-long": "syntaxTooLong",
};

export function judgeParsed(file: ParsedFile): Review {
  const settings = file.lines.filter((l): l is Setting => l.kind === "setting");
  // Last line wins, as sysctl applies the lines in order.
  const lastLineOf = new Map<string, number>();
  const linesOf = new Map<string, number[]>();
  const eff = new Map<string, string>();
  for (const s of settings) {
    const full = resolveName(s.key);
    lastLineOf.set(full, s.line);
    linesOf.set(full, [...(linesOf.get(full) ?? []), s.line]);
    eff.set(full, s.value);
  }
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  let exit: 0 | 1 = 0;
  const lines: LineReview[] = file.lines.map((l) => {
    if (l.kind === "blank" || l.kind === "comment") return { line: l.line, text: l.text, kind: l.kind, findings: [] };
    if (l.kind === "problem") {
      counts.syntax++;
      return {
        line: l.line,
        text: l.text,
        kind: l.kind,
        verdict: "syntax",
        findings: [{ code: PROBLEM_CODE[l.problem], params: {} }],
      };
    }
    const full = resolveName(l.key);
    const page = full.includes(".") ? knobPage(full) : undefined;
    const base = {
      line: l.line,
      text: l.text,
      kind: l.kind,
      key: full,
      value: l.value,
      ignoreErrors: l.ignoreErrors,
      ...(page !== undefined && { page }),
    };
    const last = lastLineOf.get(full) ?? l.line;
    if (last !== l.line) {
      counts.duplicate++;
      return {
        ...base,
        verdict: "duplicate",
        findings: [{ code: "duplicate", params: { key: full, lastLine: last } }],
      };
    }
    const j = judgeSetting(l, full, eff);
    if ((j.verdict === "removed" || j.verdict === "unknown" || j.verdict === "invalid") && !l.ignoreErrors) exit = 1;
    const others = (linesOf.get(full) ?? []).filter((n) => n !== l.line);
    const findings =
      others.length > 0 ? [...j.findings, { code: "alsoSetOn", params: { lines: others.join(", ") } }] : j.findings;
    counts[j.verdict]++;
    return { ...base, verdict: j.verdict, findings };
  });
  return {
    lines,
    counts,
    settings: settings.length,
    totalLines: file.totalLines,
    notJudged: file.notParsed,
    binary: file.binary,
    crlf: file.crlf,
    sysctlExitStatus: exit,
  };
}

export function reviewSysctlConf(text: string): Review {
  return judgeParsed(parseSysctlConf(text));
}

/** The input after its first `n` lines (CRLF, CR or LF line ends), found in one pass. */
function textAfterLines(text: string, n: number): string {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (++seen === n) return text.slice(i + 1);
  }
  return "";
}

/** Short tags written into the corrected file, worded by the page. */
export type CorrectionTags = Readonly<Partial<Record<Verdict, string>>>;

/**
 * The corrected file: fine and not-checked lines kept (normalised to
 * "name = value"), every other setting line commented out with a tag that
 * says why, comments and blank lines kept, lines past the cap copied
 * unchanged. LF line ends.
 */
export function correctedFile(review: Review, original: string, tags: CorrectionTags): string {
  const out: string[] = [];
  for (const l of review.lines) {
    if (l.kind === "blank" || l.kind === "comment") {
      out.push(l.text.trimEnd());
      continue;
    }
    const keep = l.verdict === "fine" || l.verdict === "not-checked";
    if (keep && l.key !== undefined && l.value !== undefined) {
      out.push(`${l.ignoreErrors === true ? "-" : ""}${l.key} = ${l.value}`);
      continue;
    }
    const tag = (l.verdict !== undefined && tags[l.verdict]) || l.verdict || "";
    // A binary or over-long line is not copied: it would only carry the garbage along.
    const shown =
      l.kind === "problem" && l.findings.some((x) => x.code === "syntaxBinary" || x.code === "syntaxTooLong")
        ? ""
        : ` ${l.text.trim()}`;
    out.push(`# ${tag}:${shown}`);
  }
  if (review.notJudged > 0)
    out.push(textAfterLines(original, review.lines.length).replace(/\r\n?/g, "\n").replace(/\n$/, ""));
  return out.join("\n") + "\n";
}
