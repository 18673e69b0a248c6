import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { runScenario } from "../../../../src/sim/scenarios/index.ts";
import {
  CLOSERS,
  DEFAULT_PROXY,
  PROXY_IPS,
  PROXY_RATES,
  SYN_CASES,
  proxyFromParams,
  proxyOptions,
  proxyToParams,
  synCaseKey,
  synOptions,
} from "../../../../src/lessons/proxy/settings.ts";
import {
  proxyFigures,
  proxySummary,
  runFromResult,
  synStory,
  topologySvg,
} from "../../../../src/lessons/proxy/view.ts";
import strings from "../../../../content/_strings/en/proxy-lab.json";

const fmt = (n: number, d = 0) => new Intl.NumberFormat("en", { maximumFractionDigits: d }).format(n);
const anyProxy = fc.record({
  proxyIps: fc.constantFrom(...PROXY_IPS),
  rate: fc.constantFrom(...PROXY_RATES),
  closer: fc.constantFrom(...CLOSERS),
  timestamps: fc.boolean(),
  rfc1337: fc.boolean(),
  oldSeq: fc.boolean(),
});

describe("proxy lab settings", () => {
  test("URL round trip", () => {
    fc.assert(
      fc.property(anyProxy, (s) => {
        const back = proxyFromParams(new Map(Object.entries(proxyToParams(s))));
        expect(back).toEqual({ settings: s, rejected: [] });
      }),
    );
  });
  test("bad values keep defaults and are named", () => {
    const back = proxyFromParams(
      new Map([
        ["ips", "3"],
        ["ts", "maybe"],
        ["closer", "proxy"],
      ]),
    );
    expect(back.rejected).toEqual(["ips", "ts"]);
    expect(back.settings).toEqual({ ...DEFAULT_PROXY, closer: "proxy" });
  });
  test("eight distinct single-SYN cases", () => {
    expect(new Set(SYN_CASES.map(synCaseKey)).size).toBe(8);
  });
  test("tcp_rfc1337 reaches only the backend", () => {
    expect(proxyOptions({ ...DEFAULT_PROXY, rfc1337: true }).sysctl).toEqual({ "backend:tcp_rfc1337": 1 });
    expect(proxyOptions(DEFAULT_PROXY).sysctl).toBeUndefined();
  });
});

describe("single SYN into TIME_WAIT (lab: syn-to-timewait outcomes)", () => {
  const story = (c: (typeof SYN_CASES)[number]) => runScenario("syn-to-timewait", synOptions(c)).summary;
  test("timestamps on: accepted at once whatever the sequence number", () => {
    for (const c of SYN_CASES.filter((x) => x.timestamps)) expect(story(c)["outcome"]).toBe("accepted-at-once");
  });
  test("old sequence without timestamps: ACK, RST, resend — or a wait with tcp_rfc1337", () => {
    expect(story({ timestamps: false, oldSeq: true, rfc1337: false })["outcome"]).toBe("ack-rst-resend");
    expect(story({ timestamps: false, oldSeq: true, rfc1337: true })["outcome"]).toBe("waited-for-timewait");
  });
  test("every outcome has a sentence", () => {
    for (const c of SYN_CASES) expect(synStory(story(c), strings, fmt)).not.toMatch(/\{\w+\}/);
  });
});

describe("proxy lab view", () => {
  const result = runScenario("proxy-backend", proxyOptions({ ...DEFAULT_PROXY, rate: 200 }, 70));
  const run = runFromResult(result.summary, result.ss, 2);
  test("examples are TIME_WAIT 4-tuples from the ss snapshot, at most two per host", () => {
    expect(run.examples.length).toBeGreaterThan(0);
    expect(run.examples.every((e) => e.host === "backend" && e.local === "10.0.1.1:8080")).toBe(true);
    expect(run.examples.length).toBeLessThanOrEqual(2);
    expect(run.timeWaitNow["backend"]).toBe(
      result.ss.filter((r) => r.host === "backend" && r.state === "TIME-WAIT").length,
    );
  });
  test("figures and summary carry the core's numbers", () => {
    const f = proxyFigures(run, strings, fmt);
    expect(f["backendPeakTimeWait"]).toBe(fmt(Number(result.summary["backendPeakTimeWait"])));
    expect(proxySummary({ ...DEFAULT_PROXY, rate: 200 }, run, strings, fmt)).toContain(
      fmt(Number(result.summary["acceptedFromTimeWait"])),
    );
    expect(Object.values(proxyFigures(undefined, strings, fmt)).every((v) => v === strings.pending)).toBe(true);
  });
  test("topology names every proxy address (or elides the middle) and both TIME_WAIT counts", () => {
    const svg = topologySvg({ ...DEFAULT_PROXY, proxyIps: 8 }, { proxy: "12", backend: "3,456" }, strings);
    expect(svg).toContain("10.0.0.1<");
    expect(svg).toContain("10.0.0.8<");
    expect(svg).toContain("…");
    expect(svg).toContain("TIME_WAIT: 3,456");
    expect(svg).toContain('<title id="px-topo-title">');
    expect(svg).toContain("10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8");
  });
});
