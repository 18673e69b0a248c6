/**
 * A sysctl.conf parser that reads a file the way procps `sysctl -p` does:
 * leading/trailing whitespace ignored, `#` and `;` start a comment line, a
 * leading `-` means "ignore errors for this key", `key = value` or
 * `key=value`, and `/` accepted in place of `.` in names. Anything else
 * becomes a line-numbered problem instead of an exception.
 *
 * Work is capped: at most MAX_JUDGED_LINES lines are parsed and a longer
 * line is not inspected past MAX_LINE_LENGTH, so a 1 MB paste costs one
 * linear scan.
 */

export const MAX_JUDGED_LINES = 2000;
export const MAX_LINE_LENGTH = 4096;

export type LineProblem =
  /** No "=" on a non-comment line. */
  | "no-equals"
  /** "= value" with nothing before it. */
  | "empty-key"
  /** "key =" with nothing after it. */
  | "empty-value"
  /** Characters a sysctl name never has (spaces, quotes, ...). */
  | "bad-key"
  /** Control characters or NUL: not a text file. */
  | "binary"
  | "too-long";

export type ParsedLine =
  | { readonly kind: "blank"; readonly line: number; readonly text: string }
  | { readonly kind: "comment"; readonly line: number; readonly text: string }
  | {
      readonly kind: "setting";
      readonly line: number;
      readonly text: string;
      /** Dotted name as written ("net/ipv4/x" becomes "net.ipv4.x"). */
      readonly key: string;
      /** Value with surrounding whitespace removed and inner runs of whitespace collapsed to one space. */
      readonly value: string;
      /** The line started with "-": sysctl ignores a failure to set it. */
      readonly ignoreErrors: boolean;
    }
  | { readonly kind: "problem"; readonly line: number; readonly text: string; readonly problem: LineProblem };

export interface ParsedFile {
  readonly lines: readonly ParsedLine[];
  /** Lines in the whole input, including those past the cap. */
  readonly totalLines: number;
  /** Lines that were not parsed because of the cap. */
  readonly notParsed: number;
  /** At least one line looked like binary data. */
  readonly binary: boolean;
  /** The input used CRLF (or CR) line ends. */
  readonly crlf: boolean;
}

// NUL and C0 controls other than tab/LF/CR, DEL, and U+FFFD (what a browser makes of undecodable bytes).
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
// procps accepts globs ("net.ipv4.conf.*.rp_filter") and "/" separators in names.
const KEY = /^[A-Za-z0-9_.\-/*]+$/;

/** Split at most `limit` lines without copying the rest of a huge input. */
function splitLines(text: string, limit: number): { lines: string[]; total: number; crlf: boolean } {
  const lines: string[] = [];
  let start = 0;
  let crlf = false;
  let total = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    total++;
    if (lines.length < limit) lines.push(text.slice(start, Math.min(end, start + MAX_LINE_LENGTH + 1)));
    if (end >= n) break;
    if (text.charCodeAt(end) === 13) {
      crlf = true;
      start = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    } else start = end + 1;
    if (start === n) break; // a final newline does not start another line
  }
  return { lines, total, crlf };
}

export function parseLine(raw: string, line: number): ParsedLine {
  if (raw.length > MAX_LINE_LENGTH) return { kind: "problem", line, text: raw.slice(0, 80), problem: "too-long" };
  if (BINARY.test(raw))
    return { kind: "problem", line, text: raw.replace(/[^\x20-\x7e]/g, "?").slice(0, 80), problem: "binary" };
  const trimmed = raw.trim();
  if (trimmed === "") return { kind: "blank", line, text: raw };
  if (trimmed.startsWith("#") || trimmed.startsWith(";")) return { kind: "comment", line, text: raw };
  let body = trimmed;
  let ignoreErrors = false;
  if (body.startsWith("-")) {
    ignoreErrors = true;
    body = body.slice(1).trimStart();
  }
  const eq = body.indexOf("=");
  if (eq < 0) return { kind: "problem", line, text: raw, problem: "no-equals" };
  const rawKey = body.slice(0, eq).trim();
  const value = body
    .slice(eq + 1)
    .trim()
    .replace(/\s+/g, " ");
  if (rawKey === "") return { kind: "problem", line, text: raw, problem: "empty-key" };
  if (!KEY.test(rawKey)) return { kind: "problem", line, text: raw, problem: "bad-key" };
  if (value === "") return { kind: "problem", line, text: raw, problem: "empty-value" };
  return { kind: "setting", line, text: raw, key: rawKey.replace(/\//g, "."), value, ignoreErrors };
}

export function parseSysctlConf(text: string, limit = MAX_JUDGED_LINES): ParsedFile {
  const { lines, total, crlf } = splitLines(text, limit);
  const parsed = lines.map((l, i) => parseLine(l, i + 1));
  return {
    lines: parsed,
    totalLines: total,
    notParsed: Math.max(0, total - lines.length),
    binary: parsed.some((l) => l.kind === "problem" && l.problem === "binary"),
    crlf,
  };
}
