import { describe, expect, test } from "vitest";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { runExperiment } from "../../../src/sysctl-review/experiment/run.ts";
import { outcomeAnnouncement, outcomeHtml } from "../../../src/sysctl-review/experiment/render.ts";
import {
  changedValues,
  defaultValues,
  valuesFromUrl,
  type ExperimentSpec,
} from "../../../src/sysctl-review/experiment/spec.ts";

const strings = {
  title: "t",
  results: "r",
  yes: "yes",
  no: "no",
  refused: "refused: {message}",
  failed: "failed: {message}",
  running: "…",
  badUrl: "bad {keys}",
  describe: "describe",
  pair: "{label}={value}",
  reset: "reset",
  accepted: "accepted",
  none: "none",
  invalidNumber: "{label} {min}-{max}",
};

const flood: ExperimentSpec = {
  id: "f",
  scenario: "syn-flood",
  params: { spoofedSyns: 50, backlog: 8 },
  controls: [
    {
      key: "cookies",
      label: "cookies",
      target: "param:syncookies",
      kind: "select",
      default: "1",
      options: ["0", "1", "2"].map((v) => ({ value: v, label: v })),
    },
    {
      key: "somax",
      label: "somaxconn",
      target: "sysctl:server:net.core.somaxconn",
      kind: "number",
      default: "4096",
      min: 0,
      max: 65535,
    },
  ],
  observables: [
    { source: "floodReqQFullDrop", label: "drops" },
    { source: "counter:server:TcpExtSyncookiesSent", label: "cookies" },
    { source: "legitEstablished", label: "ok" },
  ],
  visual: {
    kind: "bars",
    title: "bars",
    bars: [{ source: "floodReqQFullDrop", label: "dropped", pattern: "hatched" }],
  },
  strings,
};

const ports: ExperimentSpec = {
  id: "p",
  scenario: "port-exhaustion",
  params: { rate: 20, durationSec: 90 },
  controls: [
    { key: "low", label: "low", target: "param:portLow", kind: "number", default: "60000", min: 1, max: 65535 },
    { key: "high", label: "high", target: "param:portHigh", kind: "number", default: "60999", min: 1, max: 65535 },
  ],
  observables: [
    { source: "sysctl:net.ipv4.ip_local_port_range", label: "kernel", from: ["low", "high"] },
    { source: "inRange:low,high", label: "services", ports: [3306, 6379, 8080] },
    { source: "failedEaddrnotavail", label: "failed" },
  ],
  visual: { kind: "series", title: "s", lines: [{ series: "successes", label: "ok" }], xLabel: "s", yLabel: "n" },
  strings,
};

describe("control values and the URL", () => {
  test("valid values are taken, invalid ones fall back and are reported", () => {
    const given = new Map([
      ["cookies", "0"],
      ["somax", "99999999"],
      ["unknown", "1"],
    ]);
    expect(valuesFromUrl(flood, given)).toEqual({ values: { cookies: "0", somax: "4096" }, rejected: ["somax"] });
    expect(valuesFromUrl(flood, new Map([["somax", "12abc"]])).rejected).toEqual(["somax"]);
    expect(changedValues(flood, { cookies: "0", somax: "4096" })).toEqual({ cookies: "0" });
  });
});

describe("running an experiment matches the core", () => {
  test("summary keys, counters and booleans, formatted", () => {
    for (const cookies of ["0", "1", "2"]) {
      const o = runExperiment(flood, { ...defaultValues(flood), cookies });
      const r = runScenario("syn-flood", { params: { spoofedSyns: 50, backlog: 8, syncookies: Number(cookies) } });
      expect(o.kind).toBe("ok");
      if (o.kind !== "ok") continue;
      expect(o.shown.map((s) => s.raw)).toEqual([
        r.summary["floodReqQFullDrop"],
        r.counters["server"]?.["TcpExtSyncookiesSent"],
        r.summary["legitEstablished"],
      ]);
      expect(o.shown[2]?.text).toBe(r.summary["legitEstablished"] ? "yes" : "no");
    }
  });

  test("a sysctl control the kernel refuses stops the run with sysctl's message", () => {
    const o = runExperiment(flood, { cookies: "1", somax: "-1" });
    expect(o.kind).toBe("refused");
    if (o.kind === "refused")
      expect(o.message).toBe('refused: sysctl: setting key "net.core.somaxconn": Invalid argument');
  });

  test("port range: a narrow range fails connects; same parity warns; below 1024 is refused", () => {
    const narrow = runExperiment(ports, defaultValues(ports));
    expect(narrow.kind).toBe("ok");
    const core = runScenario("port-exhaustion", {
      params: { rate: 20, durationSec: 90, portLow: 60000, portHigh: 60999 },
    });
    if (narrow.kind === "ok") expect(narrow.shown[2]?.raw).toBe(core.summary["failedEaddrnotavail"]);
    expect(Number(core.summary["failedEaddrnotavail"])).toBeGreaterThan(0);

    const blog = runExperiment(ports, { low: "1024", high: "65000" });
    expect(blog.kind).toBe("ok");
    if (blog.kind === "ok") {
      expect(blog.shown[0]?.text).toContain("prefer different parity");
      expect(blog.shown[1]?.text).toBe("3306, 6379, 8080");
    }
    const low = runExperiment(ports, { low: "1000", high: "65000" });
    expect(low.kind).toBe("refused");
  });
});

describe("rendering", () => {
  test("values, a chart with a text description, and an announcement", () => {
    const o = runExperiment(flood, { cookies: "0", somax: "4096" });
    const html = outcomeHtml(flood, o);
    expect(html).toContain('data-source="floodReqQFullDrop"><dt>drops</dt><dd>41</dd>');
    expect(html).toContain('role="img" aria-label="bars"');
    expect(html).toContain("<li>dropped: 41</li>");
    expect(html).toContain('fill="url(#sx-hatch-f)"');
    expect(outcomeAnnouncement(flood, o)).toContain("drops=41");
    const series = outcomeHtml(ports, runExperiment(ports, defaultValues(ports)));
    expect(series).toContain("<polyline");
    expect(series).toMatch(/<li>ok — 0: 20; 10: 20;/);
  });

  test("text from the scenario is escaped", () => {
    const html = outcomeHtml(flood, { kind: "failed", message: "<script>x</script>" });
    expect(html).not.toContain("<script>");
  });
});
