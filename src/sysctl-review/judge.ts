/**
 * Judges a parsed sysctl.conf against what current Linux (6.x) does. Each
 * setting line gets one verdict and a list of findings: message codes with
 * parameters, worded by the page's strings. The file is applied line by
 * line to a fresh `SysctlTable("linux")` as `sysctl -p` applies it, so the
 * predicted error messages, exit status and the values in force afterwards
 * are the ones procps-ng 4.0.2 and systemd-sysctl 252 produced on Linux
 * 6.18 (tests/fixtures/sysctl/syntax-cases.json, recorded by
 * lab/sysctl-syntax/record.py).
 */
import { SysctlTable, fullKnobName, knobDef, KNOBS } from "../sim/index.ts";
import {
  ADDED_IN,
  REMOVED_KNOBS,
  SERVICE_PORTS,
  defaultText,
  kernelDoc,
  keepaliveDetectionSeconds,
  knobExperiment,
  knobPage,
  sameParity,
} from "./knob-facts.ts";
import { ALL_KEYS, keyStatus } from "./known-keys.ts";
import { parseSysctlConf, type LineProblem, type ParsedFile, type ParsedLine } from "./parse.ts";

export type Verdict =
  /** The knob no longer exists: sysctl -p prints an error and exits 1. */
  | "removed"
  /** No such knob (a typo or a vendor kernel's key): same error. */
  | "unknown"
  /** The kernel refuses the value (EINVAL). */
  | "invalid"
  /** Accepted, but likely to hurt or based on a myth. */
  | "risky"
  /** Accepted and harmless, but changes nothing (cancelled by another setting). */
  | "no-effect"
  /** A later accepted line sets the same key; this one is overridden. */
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

/** Linter level of a verdict: errors make `sysctl -p` fail or the line unreadable. */
export type Level = "error" | "warning" | "info";

export function verdictLevel(v: Verdict): Level {
  if (v === "removed" || v === "unknown" || v === "invalid" || v === "syntax") return "error";
  if (v === "risky" || v === "no-effect" || v === "duplicate") return "warning";
  return "info";
}

export type FindingParams = Readonly<Record<string, string | number>>;

export interface Finding {
  /** Message id; the page's strings hold a template per id. */
  readonly code: string;
  readonly params: FindingParams;
}

/** Where a verdict's claim is shown: the site's page, the kernel documentation, the experiment page. */
export interface Evidence {
  readonly page?: string;
  readonly doc?: string;
  readonly experiment?: string;
}

export interface LineReview {
  readonly line: number;
  readonly text: string;
  readonly kind: ParsedLine["kind"];
  /** Full dotted knob name, for setting lines. */
  readonly key?: string;
  readonly value?: string;
  /** Written with sysctl's "-" prefix (systemd-sysctl ignores a failure; procps 4.0.2 does not). */
  readonly ignoreErrors?: boolean;
  readonly verdict?: Verdict;
  readonly findings: readonly Finding[];
  /** Page explaining the knob, when the site has one. */
  readonly page?: string;
  readonly evidence?: Evidence;
}

export interface Review {
  readonly lines: readonly LineReview[];
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly settings: number;
  readonly totalLines: number;
  readonly notJudged: number;
  readonly binary: boolean;
  readonly crlf: boolean;
  /** What procps `sysctl -p` would exit with on a current kernel (1 when a line cannot be set). */
  readonly sysctlExitStatus: 0 | 1;
  /** What procps `sysctl -p FILE` would print on standard error, one line each ("FILE" stands for the path). */
  readonly sysctlStderr: readonly string[];
  /** What systemd-sysctl would exit with (it ignores missing keys and "-" lines and applies only each key's last line). */
  readonly systemdExitStatus: 0 | 1;
  /** Value in force after `sysctl -p`, for every key the file sets and the kernel accepted at least once (modelled knobs, or the value as written). */
  readonly inForce: Readonly<Record<string, string>>;
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
  ...new Set([...KNOBS.map((k) => k.name), ...Object.keys(REMOVED_KNOBS), ...ALL_KEYS]),
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

/** The name sysctl will look up: used as written ("tcp_syncookies" alone is /proc/sys/tcp_syncookies). */
export function resolveName(key: string): string {
  return key;
}

function cannotStat(full: string): string {
  return `sysctl: cannot stat /proc/sys/${full.replace(/\./g, "/")}: No such file or directory`;
}

function invalidMessage(full: string): string {
  return `sysctl: setting key "${full}": Invalid argument`;
}

/** Where the name stands: modelled by the core, a real key we do not model, removed, or missing. */
type NameClass =
  | { readonly kind: "modelled" }
  | { readonly kind: "known"; readonly global: boolean }
  | { readonly kind: "removed"; readonly version: string }
  | { readonly kind: "missing" }
  | { readonly kind: "outside" };

function classify(full: string): NameClass {
  const removed = REMOVED_KNOBS[full];
  if (removed !== undefined) return { kind: "removed", version: removed.removedIn };
  // No dot, or characters no /proc/sys name has (quotes, no-break spaces): "cannot stat" (fixtures: bare-name, quoted-key, nbsp-key).
  if (!full.includes(".") || !/^[A-Za-z0-9_.*-]+$/.test(full)) return { kind: "missing" };
  if (knobDef(full)?.defaults.linux !== undefined && fullKnobName(full) === full) return { kind: "modelled" };
  const st = keyStatus(full);
  if (st === "per-namespace" || st === "global") return { kind: "known", global: st === "global" };
  return st === "missing" ? { kind: "missing" } : { kind: "outside" };
}

/** What applying one line did. */
type Outcome =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly errno: "ENOENT" | "EINVAL"; readonly message: string };

/** Tokens the kernel reads for a knob: its one or two numbers; what follows a space is ignored (fixtures: inline-hash, trailing-words). */
function kernelTokens(full: string, value: string): { read: string; rest: string } {
  const arity = knobDef(full)?.unit === "port range" ? 2 : 1;
  const parts = value === "" ? [] : value.split(" ");
  return { read: parts.slice(0, arity).join(" "), rest: parts.slice(arity).join(" ") };
}

function apply(table: SysctlTable, s: Setting, cls: NameClass): Outcome {
  const full = s.key;
  if (cls.kind === "removed" || cls.kind === "missing")
    return { ok: false, errno: "ENOENT", message: cannotStat(full) };
  if (cls.kind !== "modelled") {
    // A real key we do not model: an empty value is refused by every knob; anything else is taken as written.
    return s.value === ""
      ? { ok: false, errno: "EINVAL", message: invalidMessage(full) }
      : { ok: true, value: s.value };
  }
  const { read } = kernelTokens(full, s.value);
  // Digits and an optional minus sign only: quotes and non-ASCII spaces make the kernel answer EINVAL.
  if (!/^-?[0-9]+( -?[0-9]+)?$/.test(read)) return { ok: false, errno: "EINVAL", message: invalidMessage(full) };
  const r = table.set(full, read);
  if (!r.ok) return { ok: false, errno: r.errno, message: r.errno === "EINVAL" ? invalidMessage(full) : r.message };
  const v = table.get(full);
  return { ok: true, value: typeof v === "number" ? String(v) : `${v[0]} ${v[1]}` };
}

interface Judgement {
  readonly verdict: Verdict;
  readonly findings: Finding[];
}

/** The values in force after the whole file, and the line that set each. */
interface Effective {
  readonly value: ReadonlyMap<string, string>;
  readonly line: ReadonlyMap<string, number>;
}

function effectiveNumber(eff: Effective, name: string): number {
  const v = eff.value.get(name);
  const n = v === undefined ? NaN : Number(v);
  if (Number.isInteger(n)) return n;
  const d = knobDef(name)?.defaults.linux;
  return typeof d === "number" ? d : NaN;
}

/** "on line 22" params for a cross-line verdict: the other line, or the default when the file does not set it. */
function otherLine(eff: Effective, name: string): FindingParams {
  const line = eff.line.get(name);
  const short = name.replace(/^net\.(ipv4|core)\./, "");
  return line === undefined
    ? { other: `${short} = ${defaultText(name)}`, otherLine: 0 }
    : { other: `${short} = ${eff.value.get(name) ?? ""}`, otherLine: line };
}

/** Judge an accepted line that is the one in force. */
function judgeInForce(full: string, value: string, cls: NameClass, eff: Effective): Judgement {
  const f: Finding[] = [];
  if (cls.kind === "known")
    return {
      verdict: "not-checked",
      findings: [{ code: cls.global ? "notCheckedGlobal" : "notChecked", params: { key: full } }],
    };
  if (cls.kind === "outside")
    return { verdict: "not-checked", findings: [{ code: "notCheckedOutside", params: { key: full } }] };
  const { read, rest } = kernelTokens(full, value);
  if (rest !== "") f.push({ code: "trailingIgnored", params: { read, rest } });
  const added = ADDED_IN[full];
  if (added !== undefined) f.push({ code: "addedIn", params: { key: full, version: added } });
  const dflt = defaultText(full);
  const v = read.split(" ").map(Number);
  const n = v[0] ?? NaN;

  switch (full) {
    case "net.ipv4.tcp_syncookies":
      if (n === 0) return { verdict: "risky", findings: [...f, { code: "cookiesOff", params: {} }] };
      if (n === 2) return { verdict: "risky", findings: [...f, { code: "cookiesAlways", params: {} }] };
      if (n > 2) f.push({ code: "cookiesAsOne", params: { value: n } });
      break;
    case "net.ipv4.tcp_tw_reuse":
      if (n === 1) f.push({ code: "twReuseOutgoingOnly", params: {} });
      if (effectiveNumber(eff, "net.ipv4.tcp_timestamps") === 0 && n !== 0) {
        return {
          verdict: "no-effect",
          findings: [...f, { code: "twReuseNeedsTimestamps", params: otherLine(eff, "net.ipv4.tcp_timestamps") }],
        };
      }
      break;
    case "net.ipv4.tcp_timestamps":
      if (n === 0) return { verdict: "risky", findings: [...f, { code: "timestampsOff", params: {} }] };
      break;
    case "net.ipv4.tcp_fin_timeout":
      // It shortens (or lengthens) only orphaned FIN_WAIT_2; nothing else changes (evidence: fin-wait2-orphan).
      if (String(n) !== dflt) f.push({ code: "finTimeoutNotTimeWait", params: { value: n } });
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
      const lo = v[0] ?? 0;
      const hi = v[1] ?? 0;
      const hits = SERVICE_PORTS.filter((p) => p >= lo && p <= hi);
      const risky: Finding[] = [];
      if (hits.length > 0 && !eff.value.has("net.ipv4.ip_local_reserved_ports")) {
        risky.push({ code: "portRangeServicePorts", params: { low: lo, ports: hits.join(", ") } });
      }
      if (sameParity(lo, hi)) {
        const warning = new SysctlTable("linux").set(full, `${lo} ${hi}`);
        risky.push({
          code: "portRangeParity",
          params: { low: lo, high: hi, warning: warning.ok ? (warning.warning ?? "") : "" },
        });
      }
      if (risky.length > 0) return { verdict: "risky", findings: [...f, ...risky] };
      break;
    }
    case "net.ipv4.tcp_max_syn_backlog": {
      const cookies = effectiveNumber(eff, "net.ipv4.tcp_syncookies");
      if (cookies !== 0) {
        return {
          verdict: "no-effect",
          findings: [
            ...f,
            {
              code: eff.line.has("net.ipv4.tcp_syncookies") ? "synBacklogCookiesOnLine" : "synBacklogCookiesOn",
              params: { value: n, ...otherLine(eff, "net.ipv4.tcp_syncookies") },
            },
          ],
        };
      }
      f.push({
        code: "synBacklogCookiesOff",
        params: { threshold: Math.floor((n * 3) / 4), ...otherLine(eff, "net.ipv4.tcp_syncookies") },
      });
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
  // Restating the default is harmless: say so, at the "fine" level.
  if (read === dflt) return { verdict: "fine", findings: [{ code: "isDefault", params: { default: dflt } }, ...f] };
  return { verdict: "fine", findings: f };
}

const PROBLEM_CODE: Readonly<Record<LineProblem, string>> = {
  "no-equals": "syntaxNoEquals",
  "empty-key": "syntaxEmptyKey",
  binary: "syntaxBinary",
  "too-long": "syntaxTooLong",
};

function evidenceOf(full: string, error?: "ENOENT" | "EINVAL"): Evidence {
  const page = full.includes(".") ? knobPage(full) : undefined;
  const doc = kernelDoc(full);
  const experiment = knobExperiment(full, error);
  return {
    ...(page !== undefined && { page }),
    ...(doc !== undefined && { doc }),
    ...(experiment !== undefined && { experiment }),
  };
}

export function judgeParsed(file: ParsedFile): Review {
  // Pass 1: apply every line in order, as `sysctl -p` does.
  const table = new SysctlTable("linux");
  const outcomes = new Map<number, Outcome>();
  const classes = new Map<number, NameClass>();
  const inForceLine = new Map<string, number>();
  const inForceValue = new Map<string, string>();
  const lastLineOf = new Map<string, number>();
  const linesOf = new Map<string, number[]>();
  const stderr: string[] = [];
  let exit: 0 | 1 = 0;
  for (const l of file.lines) {
    if (l.kind === "problem") {
      if (l.problem === "no-equals") stderr.push(`sysctl: FILE(${l.line}): invalid syntax, continuing...`);
      if (l.problem === "empty-key") {
        stderr.push("sysctl: Path is not under /proc/sys/: /proc/sys/");
        exit = 1;
      }
      continue;
    }
    if (l.kind !== "setting") continue;
    const full = resolveName(l.key);
    const cls = classify(full);
    const o = apply(table, l, cls);
    classes.set(l.line, cls);
    outcomes.set(l.line, o);
    lastLineOf.set(full, l.line);
    const seenLines = linesOf.get(full);
    if (seenLines === undefined) linesOf.set(full, [l.line]);
    else seenLines.push(l.line);
    if (o.ok) {
      inForceLine.set(full, l.line);
      inForceValue.set(full, o.value);
    } else {
      stderr.push(o.message);
      exit = 1; // procps 4.0.2 reports it and fails even for a "-" line (fixtures: dash-unknown, dash-invalid)
    }
  }
  const eff: Effective = { value: inForceValue, line: inForceLine };

  // systemd-sysctl keeps only each key's last line; it ignores missing keys and "-" lines.
  let systemdExit: 0 | 1 = 0;
  for (const l of file.lines) {
    if (l.kind === "problem" && l.problem !== "too-long" && l.problem !== "binary") systemdExit = 1;
    if (l.kind !== "setting") continue;
    const o = outcomes.get(l.line);
    if (lastLineOf.get(resolveName(l.key)) !== l.line || o === undefined || o.ok || l.ignoreErrors) continue;
    if (o.errno === "EINVAL") systemdExit = 1;
  }

  // Pass 2: a verdict per line.
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const lines: LineReview[] = file.lines.map((l) => {
    if (l.kind === "blank" || l.kind === "comment") return { line: l.line, text: l.text, kind: l.kind, findings: [] };
    if (l.kind === "problem") {
      counts.syntax++;
      const exitCode = l.problem === "empty-key" ? "exitStatus1" : l.problem === "no-equals" ? "syntaxContinues" : "";
      return {
        line: l.line,
        text: l.text,
        kind: l.kind,
        verdict: "syntax",
        findings: [
          { code: PROBLEM_CODE[l.problem], params: { line: l.line } },
          ...(exitCode === "" ? [] : [{ code: exitCode, params: {} }]),
        ],
      };
    }
    const full = resolveName(l.key);
    const o = outcomes.get(l.line) as Outcome;
    const cls = classes.get(l.line) as NameClass;
    const page = full.includes(".") ? knobPage(full) : undefined;
    const base = {
      line: l.line,
      text: l.text,
      kind: l.kind,
      key: full,
      value: l.value,
      ignoreErrors: l.ignoreErrors,
      ...(page !== undefined && { page }),
      evidence: evidenceOf(full, o.ok ? undefined : o.errno),
    };
    const forceLine = inForceLine.get(full);
    let j: Judgement;
    if (!o.ok) {
      const f: Finding[] = [];
      let verdict: Verdict;
      if (cls.kind === "removed") {
        verdict = "removed";
        f.push({ code: "removed", params: { key: full, version: cls.version, message: o.message } });
      } else if (o.errno === "ENOENT") {
        verdict = "unknown";
        const near = full.includes(".") ? nearestKnownName(full) : fullKnobName(full);
        const known = near !== undefined && (near !== full || !full.includes(".")) && classify(near).kind !== "missing";
        f.push({
          code: known ? "unknownDidYouMean" : "unknown",
          params: { key: full, message: o.message, ...(known && { suggestion: near }) },
        });
      } else {
        verdict = "invalid";
        const def = knobDef(full);
        f.push({
          code: def === undefined ? "invalidUnmodelled" : "invalid",
          params: {
            key: full,
            value: l.value,
            message: o.message,
            range: def === undefined ? "" : `${def.min}–${def.max}`,
          },
        });
        if (/["'\u0080-\uffff]/.test(l.value)) f.push({ code: "invalidQuotesOrSpaces", params: {} });
      }
      f.push({ code: "exitStatus1", params: {} });
      if (l.ignoreErrors) f.push({ code: "dashProcps", params: {} });
      // Which value is in force instead.
      if (forceLine !== undefined && forceLine > l.line)
        f.push({ code: "laterLineInForce", params: { lastLine: forceLine, value: inForceValue.get(full) ?? "" } });
      else if (forceLine !== undefined)
        f.push({ code: "earlierLineInForce", params: { lastLine: forceLine, value: inForceValue.get(full) ?? "" } });
      else if (cls.kind === "modelled") f.push({ code: "defaultInForce", params: { default: defaultText(full) } });
      j = { verdict, findings: f };
    } else if (forceLine !== l.line) {
      j = {
        verdict: "duplicate",
        findings: [
          { code: "duplicate", params: { key: full, lastLine: forceLine ?? 0, value: inForceValue.get(full) ?? "" } },
        ],
      };
    } else {
      const r = judgeInForce(full, l.value, cls, eff);
      // Only the line in force lists the others, so a file of 2000 copies of one key stays linear.
      const others = (linesOf.get(full) ?? []).filter((n) => n !== l.line);
      const laterRefused = others.filter((n) => n > l.line);
      j = {
        verdict: r.verdict,
        findings:
          laterRefused.length > 0
            ? [...r.findings, { code: "inForceDespiteLater", params: { lines: laterRefused.join(", ") } }]
            : others.length > 0
              ? [...r.findings, { code: "alsoSetOn", params: { lines: others.join(", ") } }]
              : r.findings,
      };
    }
    counts[j.verdict]++;
    return { ...base, verdict: j.verdict, findings: j.findings };
  });
  return {
    lines,
    counts,
    settings: outcomes.size,
    totalLines: file.totalLines,
    notJudged: file.notParsed,
    binary: file.binary,
    crlf: file.crlf,
    sysctlExitStatus: exit,
    sysctlStderr: stderr,
    systemdExitStatus: systemdExit,
    inForce: Object.fromEntries(inForceValue),
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
