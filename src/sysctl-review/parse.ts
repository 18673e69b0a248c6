/**
 * A sysctl.conf parser that reads a file the way procps `sysctl -p` does
 * (checked on procps-ng 4.0.2 and systemd-sysctl 252, recorded in
 * tests/fixtures/sysctl/syntax-cases.json): only ASCII whitespace is trimmed
 * (a no-break space stays part of the name or value), `#` and `;` start a
 * comment line, a leading `-` is stripped (systemd-sysctl then ignores a
 * failure; procps 4.0.2 does not), `key = value` or `key=value`, and `/`
 * accepted in place of `.` in names. Names with odd characters and empty
 * values are kept as settings: sysctl tries them and fails, and the judge
 * predicts that failure. Only a line without `=`, an empty name, binary
 * data and over-long lines become line-numbered problems.
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
      /** Value with surrounding ASCII whitespace removed and inner runs of spaces and tabs collapsed to one space; may be empty. */
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
// What C's isspace() accepts: procps trims these and nothing else.
const ASCII_SPACE = "[ \\t\\n\\v\\f\\r]";
const TRIM = new RegExp(`^${ASCII_SPACE}+|${ASCII_SPACE}+$`, "g");
const INNER = /[ \t]+/g;

/** Trim as procps does: ASCII whitespace only. */
export function asciiTrim(text: string): string {
  return text.replace(TRIM, "");
}

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
  const trimmed = asciiTrim(raw);
  if (trimmed === "") return { kind: "blank", line, text: raw };
  if (trimmed.startsWith("#") || trimmed.startsWith(";")) return { kind: "comment", line, text: raw };
  let body = trimmed;
  let ignoreErrors = false;
  if (body.startsWith("-")) {
    ignoreErrors = true;
    body = asciiTrim(body.slice(1));
  }
  const eq = body.indexOf("=");
  if (eq < 0) return { kind: "problem", line, text: raw, problem: "no-equals" };
  const rawKey = asciiTrim(body.slice(0, eq));
  const value = asciiTrim(body.slice(eq + 1)).replace(INNER, " ");
  if (rawKey === "") return { kind: "problem", line, text: raw, problem: "empty-key" };
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
