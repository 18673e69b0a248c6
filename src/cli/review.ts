/**
 * `review`: judge sysctl.conf files and directories like a linter.
 *
 *   npm run review -- /etc/sysctl.conf /etc/sysctl.d/
 *   node src/cli/review.ts --format json /etc/sysctl.d
 *
 * Prints `file:line: level: message` (or JSON with --format json) and exits
 * 0 (no findings), 1 (findings) or 2 (bad input: a path that cannot be read,
 * or a bad option). A path that cannot be read is reported and the others
 * are still judged. The words come from content/_strings/en/sysctl-reviewer.json.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import {
  cliFindings,
  configOrder,
  exitStatus,
  parseReviewArgs,
  reviewFiles,
  REVIEW_USAGE,
  textReport,
  UsageError,
  type CliStrings,
  type DirListing,
  type SourceFile,
} from "../sysctl-review/cli-review.ts";

/** Where the site is published; evidence links point there. */
const SITE = "https://tcp-lab.example";

function errnoText(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "No such file or directory";
  if (code === "EACCES") return "Permission denied";
  if (code === "EISDIR") return "Is a directory";
  return e instanceof Error ? e.message : String(e);
}

function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseReviewArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`review: ${e.message}\n${REVIEW_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(REVIEW_USAGE + "\n");
    return 0;
  }
  const strings = (
    JSON.parse(readFileSync(new URL("../../content/_strings/en/sysctl-reviewer.json", import.meta.url), "utf8")) as {
      review: CliStrings;
    }
  ).review;

  const problems: string[] = [];
  const dirs: DirListing[] = [];
  const files: string[] = [];
  for (const p of args.paths) {
    try {
      if (statSync(p).isDirectory()) dirs.push({ dir: p, names: readdirSync(p) });
      else files.push(p);
    } catch (e) {
      problems.push(`${p}: cannot read: ${errnoText(e)}`);
    }
  }
  const sources: SourceFile[] = [];
  const seen = new Set<string>();
  for (const path of configOrder(dirs, files)) {
    try {
      // Debian's /etc/sysctl.d/99-sysctl.conf is a link to /etc/sysctl.conf: read each file once.
      const real = realpathSync(path);
      if (seen.has(real)) continue;
      seen.add(real);
      const buf = readFileSync(path);
      sources.push({ path, text: buf.toString("utf8") });
    } catch (e) {
      problems.push(`${path}: cannot read: ${errnoText(e)}`);
    }
  }
  const out = reviewFiles(sources);
  const findings = cliFindings(out, strings, SITE);
  const status = exitStatus(findings, problems.length > 0);
  if (args.format === "json") {
    const json = {
      files: sources.map((s) => s.path),
      errors: problems,
      findings: findings.filter((f) => args.all || f.level !== "info"),
      sysctlExitStatus: out.review.sysctlExitStatus,
      systemdExitStatus: out.review.systemdExitStatus,
      sysctlStderr: out.review.sysctlStderr,
      exitStatus: status,
    };
    process.stdout.write(JSON.stringify(json, null, 2) + "\n");
  } else {
    process.stdout.write(textReport(findings, args.all));
    for (const p of problems) process.stderr.write(`review: ${p}\n`);
    const errors = findings.filter((f) => f.level === "error").length;
    const warnings = findings.filter((f) => f.level === "warning").length;
    process.stderr.write(
      `review: ${sources.length} file(s), ${errors} error(s), ${warnings} warning(s); ` +
        `sysctl -p would exit ${out.review.sysctlExitStatus}, systemd-sysctl ${out.review.systemdExitStatus}\n`,
    );
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
