/**
 * The pure half of `npm run review`: argument parsing, the order in which
 * systemd-sysctl reads configuration files, judging several files as one
 * sequence (a key set in two files: the later file wins), and linter-style
 * output. src/cli/review.ts does the file-system work.
 */
import { fill } from "./format.ts";
import { judgeParsed, verdictLevel, type Finding, type Level, type Review, type Verdict } from "./judge.ts";
import { parseSysctlConf } from "./parse.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const REVIEW_USAGE =
  "usage: review [--format text|json] [--all] FILE|DIR ...\n" +
  "  Judges sysctl.conf files as Linux 6.x applies them. Directories are read like systemd-sysctl reads\n" +
  "  /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d and /usr/lib/sysctl.d: their *.conf files in\n" +
  "  file-name order, a name in an earlier directory hiding the same name in a later one; files named on the\n" +
  "  command line come after, in command-line order (as /etc/sysctl.conf comes last for sysctl --system).\n" +
  "  --all also prints the lines judged fine or not checked.\n" +
  "  Exit status: 0 no findings, 1 findings (errors or warnings), 2 bad input (a path that cannot be read).";

export interface ReviewArgs {
  readonly help: boolean;
  readonly format: "text" | "json";
  readonly all: boolean;
  readonly paths: readonly string[];
}

export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  let help = false;
  let format: "text" | "json" = "text";
  let all = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (a === "--help" || a === "-h") help = true;
    else if (a === "--all") all = true;
    else if (a === "--format" || a.startsWith("--format=")) {
      const v = a === "--format" ? argv[++i] : a.slice("--format=".length);
      if (v !== "text" && v !== "json") throw new UsageError(`--format expects text or json, got "${v ?? ""}"`);
      format = v;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}"`);
    else paths.push(a);
  }
  if (!help && paths.length === 0) throw new UsageError("name at least one file or directory");
  return { help, format, all, paths };
}

/** systemd-sysctl's directories, most important first (sysctl.d(5)). */
export const SYSTEMD_DIRS: readonly string[] = [
  "/etc/sysctl.d",
  "/run/sysctl.d",
  "/usr/local/lib/sysctl.d",
  "/usr/lib/sysctl.d",
];

export interface DirListing {
  readonly dir: string;
  /** File names in the directory (any order). */
  readonly names: readonly string[];
}

function rank(dir: string): number {
  const d = dir.replace(/\/+$/, "");
  const i = SYSTEMD_DIRS.indexOf(d);
  return i < 0 ? SYSTEMD_DIRS.length : i;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The files to read, in order: every *.conf of the directories sorted by file
 * name (a name in a more important directory hides the same name elsewhere;
 * among directories systemd does not know, the one named first wins), then the
 * files named on the command line.
 */
export function configOrder(dirs: readonly DirListing[], files: readonly string[]): string[] {
  const ranked = dirs.map((d, i) => ({ ...d, key: rank(d.dir) * 1e6 + i })).sort((a, b) => a.key - b.key);
  const chosen = new Map<string, string>();
  for (const d of ranked) {
    for (const n of d.names) {
      if (!n.endsWith(".conf") || chosen.has(n)) continue;
      chosen.set(n, `${d.dir.replace(/\/+$/, "")}/${n}`);
    }
  }
  const fromDirs = [...chosen.keys()].sort(byName).map((n) => chosen.get(n) as string);
  return [...fromDirs, ...files.filter((f) => !fromDirs.includes(f))];
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Located {
  readonly file: string;
  readonly line: number;
}

export interface ReviewOutput {
  readonly review: Review;
  /** Line n of the combined review (1-based) is where[n - 1]. */
  readonly where: readonly Located[];
}

/** Judge the files as one sequence, as `sysctl --system` applies them, remembering where each line came from. */
export function reviewFiles(files: readonly SourceFile[]): ReviewOutput {
  const parts: string[] = [];
  const where: Located[] = [];
  for (const f of files) {
    const lines = f.text.split(/\r\n|\r|\n/);
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    lines.forEach((l, i) => {
      parts.push(l);
      where.push({ file: f.path, line: i + 1 });
    });
  }
  const crlf = files.some((f) => /\r/.test(f.text));
  const parsed = parseSysctlConf(parts.join("\n"), Number.MAX_SAFE_INTEGER);
  return { review: { ...judgeParsed(parsed), crlf }, where };
}

/** Strings the CLI needs from the page's strings file. */
export interface CliStrings {
  readonly verdictLabels: Readonly<Record<Verdict, string>>;
  readonly messages: Readonly<Record<string, string>>;
}

const LINE_PARAMS = new Set(["lastLine", "otherLine", "lines"]);

/** Line numbers in a finding's params become "file:line" (a cross-file duplicate names the other file). */
function locate(f: Finding, where: readonly Located[], file: string): Finding {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(f.params)) {
    if (!LINE_PARAMS.has(k)) {
      params[k] = v;
      continue;
    }
    params[k] = String(v)
      .split(", ")
      .map((n) => {
        const w = where[Number(n) - 1];
        if (w === undefined) return n;
        return w.file === file ? String(w.line) : `${w.line} of ${w.file}`;
      })
      .join(", ");
  }
  return { code: f.code, params };
}

export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly level: Level;
  readonly verdict: Verdict;
  readonly key?: string;
  readonly value?: string;
  readonly message: string;
  readonly codes: readonly string[];
  readonly evidence: readonly string[];
}

export function cliFindings(out: ReviewOutput, strings: CliStrings, site: string): CliFinding[] {
  const result: CliFinding[] = [];
  for (const l of out.review.lines) {
    if (l.verdict === undefined) continue;
    const w = out.where[l.line - 1] ?? { file: "?", line: l.line };
    const findings = l.findings.map((f) => locate(f, out.where, w.file));
    const words = findings.map((f) => {
      const t = strings.messages[f.code];
      return (t === undefined ? f.code : fill(t, f.params)).replace(/`/g, "");
    });
    const ev = l.evidence ?? {};
    const evidence = [ev.page, ev.experiment].filter((x): x is string => x !== undefined).map((p) => site + p);
    if (ev.doc !== undefined) evidence.push(ev.doc);
    result.push({
      file: w.file,
      line: w.line,
      level: verdictLevel(l.verdict),
      verdict: l.verdict,
      ...(l.key !== undefined && { key: l.key }),
      ...(l.value !== undefined && { value: l.value }),
      message: `${strings.verdictLabels[l.verdict]}: ${words.join(" ")}`,
      codes: findings.map((f) => f.code),
      evidence,
    });
  }
  return result;
}

/** `file:line: level: message`, one finding a line; info lines only with `all`. */
export function textReport(findings: readonly CliFinding[], all: boolean): string {
  return findings
    .filter((f) => all || f.level !== "info")
    .map(
      (f) =>
        `${f.file}:${f.line}: ${f.level}: ${f.message}${f.evidence.length > 0 ? ` [${f.evidence.join(" ")}]` : ""}\n`,
    )
    .join("");
}

/** 0 clean, 1 findings (errors or warnings), 2 bad input. */
export function exitStatus(findings: readonly CliFinding[], badInput: boolean): 0 | 1 | 2 {
  if (badInput) return 2;
  return findings.some((f) => f.level !== "info") ? 1 : 0;
}
