/**
 * `npm run review`: argument parsing, systemd-sysctl's file order, judging
 * several files as one sequence, and the command end to end on temporary
 * files (clean, findings, malformed and missing input).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configOrder, parseReviewArgs, reviewFiles, UsageError } from "../../../src/sysctl-review/cli-review.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["src/cli/review.ts", ...args], { encoding: "utf8", timeout: 60_000 });

describe("parseReviewArgs", () => {
  it("takes paths, --format and --all; rejects the rest", () => {
    expect(parseReviewArgs(["--format", "json", "a", "--all", "b"])).toEqual({
      help: false,
      format: "json",
      all: true,
      paths: ["a", "b"],
    });
    expect(parseReviewArgs(["--format=text", "--", "--odd-name"]).paths).toEqual(["--odd-name"]);
    expect(() => parseReviewArgs([])).toThrow(UsageError);
    expect(() => parseReviewArgs(["--format", "xml", "a"])).toThrow(/text or json/);
    expect(() => parseReviewArgs(["--fix", "a"])).toThrow(/unknown option/);
  });
});

describe("configOrder: systemd-sysctl's order", () => {
  it("sorts *.conf by file name across directories; /etc hides /run and /usr/lib; named files come last", () => {
    const order = configOrder(
      [
        { dir: "/usr/lib/sysctl.d", names: ["50-pid-max.conf", "10-a.conf", "README"] },
        { dir: "/etc/sysctl.d/", names: ["10-a.conf", "99-z.conf"] },
        { dir: "/run/sysctl.d", names: ["10-a.conf", "60-b.conf"] },
      ],
      ["/etc/sysctl.conf"],
    );
    expect(order).toEqual([
      "/etc/sysctl.d/10-a.conf",
      "/usr/lib/sysctl.d/50-pid-max.conf",
      "/run/sysctl.d/60-b.conf",
      "/etc/sysctl.d/99-z.conf",
      "/etc/sysctl.conf",
    ]);
  });

  it("among directories systemd does not know, the one named first wins", () => {
    expect(
      configOrder(
        [
          { dir: "x", names: ["a.conf"] },
          { dir: "y", names: ["a.conf", "0.conf"] },
        ],
        [],
      ),
    ).toEqual(["y/0.conf", "x/a.conf"]);
  });
});

describe("reviewFiles: the files as one sequence", () => {
  it("a key set in two files: the later file wins and the verdict names file and line", () => {
    const out = reviewFiles([
      { path: "10-a.conf", text: "net.ipv4.tcp_timestamps = 0\r\n" },
      { path: "20-b.conf", text: "# later\nnet.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_tw_reuse = 1" },
    ]);
    expect(out.review.lines.map((l) => l.verdict)).toEqual(["duplicate", undefined, "fine", "fine"]);
    expect(out.where[2]).toEqual({ file: "20-b.conf", line: 2 });
    expect(out.review.crlf).toBe(true);
  });
});

describe("review CLI end to end", () => {
  const dir = mkdtempSync(join(tmpdir(), "review-cli-"));
  const d = join(dir, "sysctl.d");
  mkdirSync(d);
  writeFileSync(join(d, "10-tune.conf"), "net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_timeout = 10\n");
  writeFileSync(join(d, "20-reuse.conf"), "net.ipv4.tcp_tw_reuse = 1\n");
  writeFileSync(join(d, "notes.txt"), "not read: not a .conf\n");
  const clean = join(dir, "clean.conf");
  writeFileSync(clean, "# nothing but defaults\nnet.ipv4.tcp_syncookies = 1\nnet.ipv4.tcp_tw_reuse = 2\n");
  const binary = join(dir, "binary.conf");
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x0a]));

  it("prints help and exits 0", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: review");
  });

  it("a clean file exits 0 and prints no finding", () => {
    const r = run(clean);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("sysctl -p would exit 0");
  });

  it("findings: file:line: level: message, cross-file cross-line verdicts, exit 1", () => {
    const r = run(d);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^${d}/10-tune\\.conf:1: warning: risky: `));
    expect(lines[1]).toMatch(
      new RegExp(`^${d}/10-tune\\.conf:2: error: no such setting: There is no net\\.ipv4\\.tcp_tw_timeout`),
    );
    expect(lines[2]).toContain(`${d}/20-reuse.conf:1: warning: no effect: `);
    expect(lines[2]).toContain(`Defeated by tcp_timestamps = 0 on line 1 of ${d}/10-tune.conf`);
    expect(r.stdout).not.toContain("notes.txt");
    expect(r.stderr).toContain("sysctl -p would exit 1, systemd-sysctl 0");
  });

  it("--format json for scripts", () => {
    const r = run("--format", "json", d, clean);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as {
      files: string[];
      findings: { file: string; line: number; level: string; codes: string[]; evidence: string[] }[];
      sysctlExitStatus: number;
      exitStatus: number;
    };
    expect(j.files).toEqual([join(d, "10-tune.conf"), join(d, "20-reuse.conf"), clean]);
    // clean.conf comes last, so its tcp_tw_reuse = 2 overrides 20-reuse.conf and is itself defeated by timestamps = 0.
    expect(j.findings.map((f) => [f.file.slice(dir.length + 1), f.line, f.level, f.codes[0]])).toEqual([
      ["sysctl.d/10-tune.conf", 1, "warning", "timestampsOff"],
      ["sysctl.d/10-tune.conf", 2, "error", "unknown"],
      ["sysctl.d/20-reuse.conf", 1, "warning", "duplicate"],
      ["clean.conf", 3, "warning", "twReuseNeedsTimestamps"],
    ]);
    expect(j.findings[1]?.evidence.some((e) => e.endsWith("ip-sysctl.rst"))).toBe(true);
    expect(j.sysctlExitStatus).toBe(1);
    expect(j.exitStatus).toBe(1);
  });

  it("a malformed (binary) file is a finding with its line, not a crash", () => {
    const r = run(binary);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/binary\.conf:1: error: unreadable line: /);
  });

  it("a missing path: clear message, the other paths are still judged, exit 2", () => {
    const r = run(join(dir, "missing.conf"), d);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`review: ${join(dir, "missing.conf")}: cannot read: No such file or directory`);
    expect(r.stdout).toContain("10-tune.conf:2: error:");
  });

  it("a bad option: usage and exit 2", () => {
    const r = run("--format", "yaml", d);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: review");
  });
});
