import { describe, expect, it } from "vitest";
import { UsageError, coerceParam, parseCliArgs, resolveRun, type KnobCatalog } from "../../../src/cli/args.ts";

const scenarios = {
  handshake: { name: "handshake", params: [] },
  "port-exhaustion": {
    name: "port-exhaustion",
    params: [
      { name: "rate", description: "connections per second", default: 500 },
      { name: "keepalive", description: "reuse connections", default: false },
      { name: "mode", description: "who closes", default: "client" },
    ],
  },
};

const knobs: KnobCatalog = {
  canonical: (name) => {
    const full = name.includes(".") ? name : `net.ipv4.${name}`;
    return ["net.ipv4.tcp_tw_reuse", "net.core.somaxconn"].includes(full) ? full : undefined;
  },
  check: (name, value) =>
    name === "net.ipv4.tcp_tw_reuse" && !/^[012]$/.test(value) ? "expects 0, 1 or 2" : undefined,
};

function usage(argv: string[]): string {
  try {
    resolveRun(parseCliArgs(argv), scenarios, knobs);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("parseCliArgs", () => {
  it("has sensible defaults", () => {
    expect(parseCliArgs(["handshake"])).toEqual({
      help: false,
      scenario: "handshake",
      sets: [],
      params: [],
      seed: undefined,
      profile: undefined,
      format: "text",
      relative: true,
      capture: "send",
      events: false,
      out: undefined,
    });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    const a = parseCliArgs([
      "port-exhaustion",
      "--set",
      "tcp_tw_reuse=1",
      "--set=server:net.core.somaxconn=5",
      "--param",
      "rate=900",
      "--seed=7",
      "--profile",
      "linux-pre-4.12",
      "--format",
      "pcap",
      "--absolute",
      "--capture=deliver",
      "--events",
      "--out",
      "x.pcap",
    ]);
    expect(a.sets).toEqual([
      ["tcp_tw_reuse", "1"],
      ["server:net.core.somaxconn", "5"],
    ]);
    expect(a.params).toEqual([["rate", "900"]]);
    expect(a).toMatchObject({
      seed: 7,
      profile: "linux-pre-4.12",
      format: "pcap",
      relative: false,
      capture: "deliver",
      events: true,
      out: "x.pcap",
    });
    expect(parseCliArgs(["-h"]).help).toBe(true);
    expect(parseCliArgs(["--help"]).scenario).toBeUndefined();
  });

  it.each([
    [["x", "--bogus"], /unknown option --bogus/],
    [["x", "--seed"], /--seed needs a value/],
    [["x", "--seed", "--format", "json"], /--seed needs a value/],
    [["x", "--seed", "-1"], /non-negative integer/],
    [["x", "--seed", "1.5"], /non-negative integer/],
    [["x", "--param", "rate"], /--param expects name=value/],
    [["x", "--format", "xml"], /--format expects one of text\|json\|pcap/],
    [["x", "--profile", "bsd"], /--profile expects/],
    [["x", "--set", "tcp_tw_reuse"], /--set expects name=value/],
    [["x", "--param", "=3"], /--param expects name=value/],
    [["x", "y"], /unexpected argument "y"/],
    [["x", "--events=1"], /takes no value/],
    [["x", "--capture", "both"], /--capture expects/],
    [["x", "--out="], /--out needs a file name/],
  ])("rejects %j", (argv, msg) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(msg);
  });
});

describe("resolveRun", () => {
  it("canonicalises knobs, keeps host prefixes and types params", () => {
    const r = resolveRun(
      parseCliArgs([
        "port-exhaustion",
        "--set",
        "tcp_tw_reuse=1",
        "--set",
        "server:net.core.somaxconn=5",
        "--param",
        "rate=900",
        "--param",
        "keepalive=yes",
        "--param",
        "mode=server",
      ]),
      scenarios,
      knobs,
    );
    expect(r).toEqual({
      scenario: "port-exhaustion",
      sysctl: { "net.ipv4.tcp_tw_reuse": "1", "server:net.core.somaxconn": "5" },
      params: { rate: 900, keepalive: true, mode: "server" },
    });
  });

  it("reports bad names and values in one line", () => {
    expect(usage([])).toMatch(/no scenario given/);
    expect(usage(["nope"])).toMatch(/unknown scenario "nope" \(known: handshake, port-exhaustion\)/);
    expect(usage(["toString"])).toMatch(/unknown scenario/);
    expect(usage(["handshake", "--set", "tcp_tw_recycle=1"])).toMatch(/unknown knob "tcp_tw_recycle"/);
    expect(usage(["handshake", "--set", "tcp_tw_reuse=3"])).toMatch(/tcp_tw_reuse=3: expects 0, 1 or 2/);
    expect(usage(["handshake", "--set", ":tcp_tw_reuse=1"])).toMatch(/empty host/);
    expect(usage(["handshake", "--param", "rate=1"])).toMatch(/has no parameter "rate" \(known: none\)/);
    expect(usage(["port-exhaustion", "--param", "rate=fast"])).toMatch(/rate expects a number/);
    expect(usage(["port-exhaustion", "--param", "keepalive=maybe"])).toMatch(/keepalive expects true\|false/);
    for (const m of [usage(["nope"]), usage(["handshake", "--set", "x=1"])]) expect(m).not.toContain("\n");
  });

  it("coerces by the default's type", () => {
    expect(coerceParam({ name: "n", description: "", default: 1, float: true }, "2.5")).toBe(2.5);
    expect(() => coerceParam({ name: "n", description: "", default: 1 }, "")).toThrow(UsageError);
    expect(coerceParam({ name: "b", description: "", default: true }, "off")).toBe(false);
    expect(coerceParam({ name: "s", description: "", default: "a" }, "b")).toBe("b");
    expect(() => coerceParam({ name: "n", description: "", default: 1 }, "2.5")).toThrow(UsageError);
  });

  it("checks integer, bounds and choices when the spec has them", () => {
    const rate = { name: "rate", description: "", default: 600, min: 1, max: 100 };
    expect(coerceParam(rate, "100")).toBe(100);
    expect(() => coerceParam(rate, "0")).toThrow(/rate must be >= 1/);
    expect(() => coerceParam(rate, "101")).toThrow(/rate must be <= 100/);
    expect(() => coerceParam(rate, "1.5")).toThrow(/expects an integer/);
    expect(coerceParam({ ...rate, float: true }, "1.5")).toBe(1.5);
    const closer = { name: "closer", description: "", default: "client", choices: ["client", "server"] };
    expect(coerceParam(closer, "server")).toBe("server");
    expect(() => coerceParam(closer, "both")).toThrow(/closer expects one of client\|server/);
  });
});
