/**
 * The ss/nstat reader on output recorded on the real kernel
 * (tests/fixtures/diagnose/make-fixtures.py: 3000 + 400 short connections,
 * a listener that never accepts, tcp_syncookies = 2), and on broken pastes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import en from "../../../content/_strings/en/diagnose.json" with { type: "json" };
import { analyzeText, DEFAULT_PORT_RANGE } from "../../../src/diagnose/ss-analyze.ts";
import { parseAddr, parseSsText } from "../../../src/diagnose/ss-parse.ts";
import { render } from "../../../src/diagnose/message.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/diagnose/${name}`, import.meta.url), "utf8");

describe("ss -tan (real kernel)", () => {
  const report = analyzeText(fixture("ss-tan.txt"));
  it("counts sockets per state", () => {
    const counts = Object.fromEntries(report.states.map((s) => [s.state, s.count]));
    expect(counts).toEqual({ ESTAB: 14, "SYN-SENT": 18, "TIME-WAIT": 3401, LISTEN: 2 });
    expect(report.issues).toEqual([]);
  });
  it("groups TIME_WAIT by destination and measures the share of the default range", () => {
    expect(report.portRangeAssumed).toBe(true);
    expect(report.portRange).toEqual(DEFAULT_PORT_RANGE);
    const [first, second] = report.destinations;
    expect(first).toMatchObject({ peer: "127.0.0.1", port: 8080, sockets: 3000, timeWait: 3000 });
    expect(first?.share).toBeCloseTo(3000 / 28232, 6);
    expect(second).toMatchObject({ peer: "127.0.0.2", port: 9090, sockets: 400, timeWait: 400 });
    expect(report.findings.find((f) => f.key === "find.rangeAssumed")).toBeDefined();
  });
  it("a given port range is used and said so", () => {
    const given = analyzeText(fixture("ss-tan.txt"), { portRange: [32768, 60999] });
    expect(given.portRangeAssumed).toBe(false);
    expect(given.findings.map((f) => f.key)).toContain("find.range");
  });
  it("a destination near exhaustion is a problem and widening the range is suggested", () => {
    const rows = Array.from({ length: 95 }, (_, i) => `TIME-WAIT 0 0 10.0.0.1:${40000 + i} 10.0.0.2:80`);
    const text = ["State Recv-Q Send-Q Local Address:Port Peer Address:Port Process", ...rows].join("\n");
    const r = analyzeText(text, { portRange: [40000, 40099] });
    const top = r.findings.find((f) => f.key === "find.destination");
    expect(top?.level).toBe("problem");
    expect(top?.params).toMatchObject({ sockets: 95, left: 5, share: "95%" });
    expect(r.suggestions.map((x) => x.key)).toEqual([
      "suggest.pool",
      "suggest.spread",
      "suggest.range",
      "suggest.reuse",
      "suggest.noRecycle",
    ]);
    const half = analyzeText(text, { portRange: [40000, 40189] });
    expect(half.findings.find((f) => f.key === "find.destination")?.level).toBe("warn");
  });
});

describe("ss -tanpo state time-wait, ss -s, nstat -az (real kernel)", () => {
  it("rows without a State column are TIME_WAIT by their timer", () => {
    const parsed = parseSsText(fixture("ss-tanpo-tw.txt"));
    expect(parsed.issues).toEqual([]);
    expect(parsed.sockets).toHaveLength(3401);
    expect(parsed.sockets.every((s) => s.state === "TIME-WAIT")).toBe(true);
  });
  it("reads the ss -s summary", () => {
    const parsed = parseSsText(fixture("ss-s.txt"));
    expect(parsed.issues).toEqual([]);
    expect(parsed.summary).toMatchObject({ tcp: 3436, estab: 14, timewait: 3401, orphaned: 0 });
  });
  it("finds the listen overflows, SYN cookies and SYN retransmissions, accept fix first", () => {
    const r = analyzeText(fixture("nstat-az.txt"));
    expect(r.issues).toEqual([]);
    expect(r.parsed.counters.get("TcpExtListenOverflows")).toBe(80);
    const keys = r.findings.map((f) => f.key);
    expect(keys).toContain("find.listenOverflows");
    expect(keys).toContain("find.cookies");
    expect(r.findings.find((f) => f.key === "find.retrans")?.params).toMatchObject({ retrans: 61, syn: 61 });
    expect(r.suggestions[0]?.key).toBe("suggest.accept");
    for (const s of r.suggestions) expect(s.link).toMatch(/^\/[a-z-_/]+\/$/);
  });
  it("all four pasted together with shell prompts", () => {
    const text = [
      "$ ss -tan",
      fixture("ss-tan.txt"),
      "$ ss -s",
      fixture("ss-s.txt"),
      "# ss -tanpo state time-wait",
      fixture("ss-tanpo-tw.txt"),
      "$ nstat -az",
      fixture("nstat-az.txt"),
    ].join("\n");
    const r = analyzeText(text);
    expect(r.issues).toEqual([]);
    expect(r.parsed.sections).toEqual(["ss", "ss-s", "ss", "nstat"]);
  });
});

describe("bad input gets line-numbered messages", () => {
  it("a cut-off row, an unknown state and a stray line", () => {
    const text =
      "State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 10.0.0.1:4000\nWEIRD 0 0 1.1.1.1:1 2.2.2.2:2\nhello world\n";
    const r = analyzeText(text);
    expect(r.issues.map((i) => [i.line, i.key])).toEqual([
      [2, "issue.truncated"],
      [3, "issue.unknownState"],
      [4, "issue.unknownLine"],
    ]);
    expect(render(en, r.issues[0] ?? { key: "", params: {} })).toMatch(/^Line 2: /);
  });
  it("a truncated nstat line and empty input", () => {
    expect(parseSsText("#kernel\nTcpOutSegs 5 0.0\nTcpRetransSegs\n").issues.map((i) => i.line)).toEqual([3]);
    expect(parseSsText("  \n").issues[0]?.key).toBe("issue.empty");
  });
  it("parses the address forms ss prints", () => {
    expect(parseAddr("[::ffff:10.0.0.1]:443")).toEqual({ ip: "::ffff:10.0.0.1", port: 443 });
    expect(parseAddr("127.0.0.53%lo:53")).toEqual({ ip: "127.0.0.53", port: 53 });
    expect(parseAddr("*:*")).toEqual({ ip: "*", port: undefined });
    expect(parseAddr("1.2.3.4:99999")).toBeUndefined();
  });
  it("any cut of a real paste loses no line silently (property)", () => {
    const lines = fixture("ss-tan.txt").split("\n").slice(0, 60);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.join("\n").length }), (cut) => {
        const text = lines.join("\n").slice(0, cut);
        const r = parseSsText(text);
        const nonEmpty = text.split("\n").filter((l) => l.trim() !== "").length;
        const accounted =
          r.sockets.length + r.issues.filter((i) => (i.line ?? 0) > 0).length + (r.sections.length > 0 ? 1 : 0);
        expect(accounted).toBe(nonEmpty);
      }),
      { numRuns: 200 },
    );
  });
});
