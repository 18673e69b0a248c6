import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { correctedFile, reviewSysctlConf, type Verdict } from "../../../src/sysctl-review/judge.ts";
import { MAX_JUDGED_LINES, parseSysctlConf } from "../../../src/sysctl-review/parse.ts";

// The page's built-in example: the source article's block, copied from blog_sysctl.conf.
const BLOG = (JSON.parse(readFileSync("content/_strings/en/sysctl-reviewer.json", "utf8")) as { example: string })
  .example;
// What `sysctl -p` printed for that block on 6.18.44 (lab: sysctl-p-blog).
const EXP15 = "sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No such file or directory\nexit code: 1";

function verdicts(text: string): [string | undefined, Verdict | undefined][] {
  return reviewSysctlConf(text)
    .lines.filter((l) => l.verdict !== undefined)
    .map((l) => [l.key, l.verdict]);
}

describe("the source article's block (blog_sysctl.conf), line by line", () => {
  const review = reviewSysctlConf(BLOG);
  const byKey = (k: string) => review.lines.find((l) => l.key === `net.ipv4.${k}`);

  test("each line gets the verdict the lab supports", () => {
    expect(verdicts(BLOG)).toEqual([
      ["net.ipv4.tcp_syncookies", "fine"], // restates the default 1 (since 2.6.33)
      ["net.ipv4.tcp_tw_reuse", "fine"], // outgoing connects only
      ["net.ipv4.tcp_tw_recycle", "removed"], // gone since 4.12
      ["net.ipv4.tcp_fin_timeout", "fine"], // shortens orphaned FIN_WAIT_2 only; harmless
      ["net.ipv4.tcp_keepalive_time", "fine"],
      ["net.ipv4.ip_local_port_range", "risky"], // service ports, same parity
      ["net.ipv4.tcp_max_syn_backlog", "no-effect"], // cookies are on
      ["net.ipv4.tcp_max_tw_buckets", "risky"], // lowered below ehash/2
    ]);
  });

  test("tcp_tw_recycle: the exact sysctl -p error of lab sysctl-p-blog and exit status 1", () => {
    const line = byKey("tcp_tw_recycle");
    const removed = line?.findings.find((f) => f.code === "removed");
    expect(removed?.params["version"]).toBe("4.12");
    expect(EXP15).toContain(String(removed?.params["message"]));
    expect(EXP15).toContain("exit code: 1");
    expect(review.sysctlExitStatus).toBe(1);
    expect(line?.page).toBe("/sysctl/tcp_tw_recycle/");
  });

  test("port range: names the service ports it grabs and the parity warning", () => {
    const codes = byKey("ip_local_port_range")?.findings.map((f) => f.code);
    expect(codes).toEqual(["portRangeServicePorts", "portRangeParity"]);
    expect(byKey("ip_local_port_range")?.findings[0]?.params["ports"]).toBe("3306, 6379, 8080");
  });

  test("keepalive_time 1200 detects a dead peer after 1200 + 9 × 75 s", () => {
    expect(byKey("tcp_keepalive_time")?.findings[0]?.params["seconds"]).toBe(1875);
  });

  test("the corrected file keeps only the lines that do something useful", () => {
    const out = correctedFile(review, BLOG, { removed: "REMOVED", risky: "RISKY", "no-effect": "NOEFFECT" });
    const active = out.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(active).toEqual([
      "net.ipv4.tcp_syncookies = 1",
      "net.ipv4.tcp_tw_reuse = 1",
      "net.ipv4.tcp_fin_timeout = 30",
      "net.ipv4.tcp_keepalive_time = 1200",
    ]);
    expect(out).toContain("# REMOVED: net.ipv4.tcp_tw_recycle = 1");
    // Re-reviewing the corrected file: nothing left that sysctl -p would fail on.
    expect(reviewSysctlConf(out).sysctlExitStatus).toBe(0);
  });
});

describe("typical high-concurrency tuning snippets", () => {
  test("a widely copied block", () => {
    const text = [
      "fs.file-max = 2097152",
      "net.core.somaxconn = 65535",
      "net.core.netdev_max_backlog = 262144",
      "net.ipv4.tcp_max_orphans = 3276800",
      "net.ipv4.tcp_timestamps = 0",
      "net.ipv4.tcp_synack_retries = 1",
      "net.ipv4.tcp_syn_retries = 1",
      "net.ipv4.tcp_tw_recycle = 1",
      "net.ipv4.tcp_tw_reuse = 1",
      "net.ipv4.tcp_mem = 94500000 915000000 927000000",
      "net.ipv4.tcp_fin_timeout = 1",
      "net.ipv4.tcp_keepalive_time = 30",
      "net.ipv4.ip_local_port_range = 1024 65535",
    ].join("\n");
    expect(verdicts(text)).toEqual([
      ["fs.file-max", "not-checked"],
      ["net.core.somaxconn", "fine"],
      ["net.core.netdev_max_backlog", "not-checked"],
      ["net.ipv4.tcp_max_orphans", "not-checked"],
      ["net.ipv4.tcp_timestamps", "risky"],
      ["net.ipv4.tcp_synack_retries", "fine"],
      ["net.ipv4.tcp_syn_retries", "fine"],
      ["net.ipv4.tcp_tw_recycle", "removed"],
      ["net.ipv4.tcp_tw_reuse", "no-effect"], // timestamps are off in this file
      ["net.ipv4.tcp_mem", "not-checked"],
      ["net.ipv4.tcp_fin_timeout", "fine"],
      ["net.ipv4.tcp_keepalive_time", "fine"],
      ["net.ipv4.ip_local_port_range", "risky"], // different parity, but service ports
    ]);
    const r = reviewSysctlConf(text);
    expect(r.lines.find((l) => l.key === "net.ipv4.tcp_max_orphans")?.findings[0]?.code).toBe("notCheckedGlobal");
    expect(r.lines.find((l) => l.key === "net.ipv4.ip_local_port_range")?.findings.map((f) => f.code)).toEqual([
      "portRangeServicePorts",
    ]);
  });

  test("values the kernel refuses, with sysctl's message", () => {
    const r = reviewSysctlConf(
      "net.ipv4.ip_local_port_range = 1000 65000\nnet.ipv4.tcp_tw_reuse = 3\nnet.ipv4.tcp_syncookies = yes\n",
    );
    expect(r.lines.map((l) => l.verdict)).toEqual(["invalid", "invalid", "invalid"]);
    expect(r.lines[0]?.findings[0]?.params["message"]).toBe(
      'sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument',
    );
    expect(r.sysctlExitStatus).toBe(1);
  });

  test("raising tcp_max_syn_backlog matters only with cookies off", () => {
    expect(verdicts("net.ipv4.tcp_max_syn_backlog = 8192")).toEqual([["net.ipv4.tcp_max_syn_backlog", "no-effect"]]);
    expect(verdicts("net.ipv4.tcp_syncookies = 0\nnet.ipv4.tcp_max_syn_backlog = 8192")).toEqual([
      ["net.ipv4.tcp_syncookies", "risky"],
      ["net.ipv4.tcp_max_syn_backlog", "fine"],
    ]);
  });

  test("a knob set to its default is fine: it restates the default", () => {
    expect(
      verdicts("net.ipv4.tcp_fin_timeout = 60\nnet.ipv4.ip_local_port_range = 32768 60999\nnet.core.somaxconn = 4096"),
    ).toEqual([
      ["net.ipv4.tcp_fin_timeout", "fine"],
      ["net.ipv4.ip_local_port_range", "fine"],
      ["net.core.somaxconn", "fine"],
    ]);
    const r = reviewSysctlConf("net.ipv4.tcp_tw_reuse = 2\nnet.ipv4.tcp_syncookies = 1");
    expect(r.lines.map((l) => [l.verdict, l.findings[0]?.code])).toEqual([
      ["fine", "isDefault"],
      ["fine", "isDefault"],
    ]);
  });

  test("a lowered somaxconn and a reserved-ports line change the port-range verdict", () => {
    expect(verdicts("net.core.somaxconn = 128")).toEqual([["net.core.somaxconn", "risky"]]);
    const r = reviewSysctlConf(
      "net.ipv4.ip_local_reserved_ports = 3306,6379,8080\nnet.ipv4.ip_local_port_range = 1024 65535",
    );
    expect(r.lines[1]?.verdict).toBe("fine");
  });

  test("knobs newer than some kernels say since when", () => {
    const r = reviewSysctlConf("net.ipv4.tcp_tw_reuse_delay = 100");
    expect(r.lines[0]?.findings[0]).toEqual({
      code: "addedIn",
      params: { key: "net.ipv4.tcp_tw_reuse_delay", version: "6.14" },
    });
  });
});

describe("garbage and odd spellings", () => {
  test("spacing, comments, '-' prefix, slashes, CRLF, duplicates (last wins), empty values", () => {
    const text =
      "  -net/ipv4/tcp_syncookies=0  \r\n;semicolon comment\r\n   # hash comment\r\n\r\n" +
      "net.ipv4.tcp_tw_resue = 1\r\nnot a setting\r\nnet.ipv4.tcp_fin_timeout =\r\n= 5\r\n" +
      "net.ipv4.tcp_syncookies\t=\t1\r\ntcp_syncookies = 1\r\nnet.ipv4.tcp_keepalive_time = 1200 # inline\r\n";
    const r = reviewSysctlConf(text);
    expect(r.crlf).toBe(true);
    expect(r.lines.map((l) => [l.line, l.kind, l.verdict, l.findings[0]?.code])).toEqual([
      [1, "setting", "duplicate", "duplicate"],
      [2, "comment", undefined, undefined],
      [3, "comment", undefined, undefined],
      [4, "blank", undefined, undefined],
      [5, "setting", "unknown", "unknownDidYouMean"],
      [6, "problem", "syntax", "syntaxNoEquals"],
      [7, "setting", "invalid", "invalid"], // sysctl writes "" and the kernel refuses it
      [8, "problem", "syntax", "syntaxEmptyKey"],
      [9, "setting", "fine", "isDefault"],
      [10, "setting", "unknown", "unknownDidYouMean"], // a bare name is /proc/sys/tcp_syncookies
      [11, "setting", "fine", "trailingIgnored"], // the kernel reads 1200 and ignores the rest (fixture inline-hash)
    ]);
    expect(r.lines[0]?.findings[0]?.params["lastLine"]).toBe(9);
    expect(r.lines[0]?.ignoreErrors).toBe(true);
    expect(r.lines[4]?.findings[0]?.params["suggestion"]).toBe("net.ipv4.tcp_tw_reuse");
    expect(r.lines[9]?.findings[0]?.params["suggestion"]).toBe("net.ipv4.tcp_syncookies");
    expect(r.lines[8]?.findings.at(-1)).toEqual({ code: "alsoSetOn", params: { lines: "1" } });
    const out = correctedFile(r, text, {});
    expect(out).not.toContain("\r");
    expect(out.split("\n")[0]).toBe("# duplicate: -net/ipv4/tcp_syncookies=0");
  });

  test("a removed knob with the '-' prefix still fails procps sysctl -p 4.0.2; systemd-sysctl ignores it", () => {
    const r = reviewSysctlConf("-net.ipv4.tcp_tw_recycle = 1\n");
    expect(r.lines[0]?.verdict).toBe("removed");
    expect(r.lines[0]?.findings.map((f) => f.code)).toEqual(["removed", "exitStatus1", "dashProcps"]);
    expect(r.sysctlExitStatus).toBe(1);
    expect(r.systemdExitStatus).toBe(0);
  });

  test("binary input is reported per line and not copied into the corrected file", () => {
    const text = "net.ipv4.tcp_tw_reuse = 1\n\u0000\u0001\u0002ELF\u0003\nnet.ipv4.tcp_fin\ufffd = 1\n";
    const r = reviewSysctlConf(text);
    expect(r.binary).toBe(true);
    expect(r.lines.map((l) => l.verdict)).toEqual(["fine", "syntax", "syntax"]);
    // eslint-disable-next-line no-control-regex
    expect(correctedFile(r, text, {})).not.toMatch(/[\u0000-\u0008\ufffd]/);
  });

  test("1 MB of text: only the first lines are judged, the rest is copied unchanged", () => {
    const line = "net.ipv4.tcp_fin_timeout = 30\n";
    const text = line.repeat(Math.ceil(1_048_576 / line.length));
    const r = reviewSysctlConf(text);
    expect(r.lines).toHaveLength(MAX_JUDGED_LINES);
    expect(r.totalLines).toBe(Math.ceil(1_048_576 / line.length));
    expect(r.notJudged).toBe(r.totalLines - MAX_JUDGED_LINES);
    const out = correctedFile(r, text, {});
    expect(out.split("\n").length - 1).toBe(r.totalLines);
  });

  test("one 1 MB line is a single too-long problem", () => {
    const r = parseSysctlConf("a".repeat(1_000_000));
    expect(r.lines).toEqual([{ kind: "problem", line: 1, text: "a".repeat(80), problem: "too-long" }]);
  });

  test("an empty paste has no settings and exits 0", () => {
    const r = reviewSysctlConf("");
    expect(r.settings).toBe(0);
    expect(r.sysctlExitStatus).toBe(0);
  });
});

describe("the page's strings", () => {
  test("every message code the judge can emit has a template, and every verdict a label, symbol and tag or keep rule", () => {
    const strings = JSON.parse(readFileSync("content/_strings/en/sysctl-reviewer.json", "utf8")) as {
      review: {
        messages: Record<string, string>;
        verdictLabels: Record<string, string>;
        verdictSymbols: Record<string, string>;
      };
    };
    const source = readFileSync("src/sysctl-review/judge.ts", "utf8");
    const codes = new Set(
      [...source.matchAll(/code: "(\w+)"/g), ...source.matchAll(/: "(syntax\w+)"/g)].map((m) => m[1] as string),
    );
    // Codes chosen by a ternary in the judge.
    for (const c of ["unknown", "notCheckedGlobal", "invalidUnmodelled", "syntaxContinues", "exitStatus1"])
      codes.add(c);
    expect(codes.size).toBeGreaterThan(25);
    for (const c of codes) expect(strings.review.messages, c).toHaveProperty(c);
    for (const v of [
      "removed",
      "unknown",
      "invalid",
      "syntax",
      "risky",
      "no-effect",
      "duplicate",
      "not-checked",
      "fine",
    ]) {
      expect(strings.review.verdictLabels[v], v).toBeTruthy();
      expect(strings.review.verdictSymbols[v], v).toBeTruthy();
    }
  });
});
