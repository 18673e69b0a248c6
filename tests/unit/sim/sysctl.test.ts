import { describe, expect, it } from "vitest";
import { KNOBS, SysctlTable, knobsFor, fullKnobName, knobDef, SysctlError } from "../../../src/sim/sysctl.ts";
import { Simulation } from "../../../src/sim/simulation.ts";

describe("sysctl table", () => {
  it("Linux 6.x defaults match lab: knob-defaults", () => {
    const t = new SysctlTable("linux");
    const want: Record<string, unknown> = {
      "net.ipv4.tcp_syncookies": 1,
      "net.ipv4.tcp_tw_reuse": 2,
      "net.ipv4.tcp_tw_reuse_delay": 1000,
      "net.ipv4.tcp_fin_timeout": 60,
      "net.ipv4.tcp_keepalive_time": 7200,
      "net.ipv4.tcp_keepalive_intvl": 75,
      "net.ipv4.tcp_keepalive_probes": 9,
      "net.ipv4.ip_local_port_range": [32768, 60999],
      "net.ipv4.tcp_max_syn_backlog": 2048,
      "net.ipv4.tcp_max_tw_buckets": 131072,
      "net.ipv4.tcp_syn_retries": 6,
      "net.ipv4.tcp_syn_linear_timeouts": 4,
      "net.ipv4.tcp_synack_retries": 5,
      "net.ipv4.tcp_timestamps": 1,
      "net.ipv4.tcp_rfc1337": 0,
      "net.core.somaxconn": 4096,
    };
    for (const [k, v] of Object.entries(want)) expect(t.get(k)).toEqual(v);
    expect(t.has("tcp_tw_recycle")).toBe(false);
  });

  it("pre-4.12: tw_recycle exists, tw_reuse 0..1 default 0, no linear timeouts, somaxconn 128", () => {
    const t = new SysctlTable("linux-pre-4.12");
    expect(t.get("tcp_tw_recycle")).toBe(0);
    expect(t.get("tcp_tw_reuse")).toBe(0);
    expect(t.set("tcp_tw_reuse", 2).ok).toBe(false);
    expect(t.has("tcp_syn_linear_timeouts")).toBe(false);
    expect(t.get("somaxconn")).toBe(128);
  });

  it("lab sysctl-p-blog: a missing knob fails like sysctl does", () => {
    const r = new SysctlTable("linux").set("net.ipv4.tcp_tw_recycle", 1);
    expect(r).toMatchObject({
      ok: false,
      errno: "ENOENT",
      message: "sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No such file or directory",
    });
    expect(new SysctlTable("linux").set("tcp_bogus", 1).ok).toBe(false);
  });

  it("invalid values give EINVAL worded like sysctl", () => {
    const t = new SysctlTable("linux");
    expect(t.set("tcp_tw_reuse", 3)).toMatchObject({
      ok: false,
      errno: "EINVAL",
      message: 'sysctl: setting key "net.ipv4.tcp_tw_reuse": Invalid argument',
    });
    expect(t.set("tcp_tw_reuse_delay", 0).ok).toBe(false);
    expect(t.set("tcp_tw_reuse_delay", 60001).ok).toBe(false);
    expect(t.set("tcp_syn_retries", 128).ok).toBe(false);
    expect(t.set("tcp_fin_timeout", "abc").ok).toBe(false);
    expect(t.get("tcp_tw_reuse")).toBe(2);
  });

  it("lab knob-ranges: ip_local_port_range: low <= high and low >= 1024; same parity accepted with a warning", () => {
    const t = new SysctlTable("linux");
    expect(t.set("ip_local_port_range", "1000 65000")).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(t.set("ip_local_port_range", "50000 40000").ok).toBe(false);
    const r = t.set("ip_local_port_range", "1024 65000");
    expect(r.ok && r.warning).toMatch(/parity/);
    expect(t.portRange()).toEqual([1024, 65000]);
    const r2 = t.set("ip_local_port_range", "32768 60999");
    expect(r2.ok && r2.warning).toBeUndefined();
  });

  it("short names mean net.ipv4.*", () => {
    expect(fullKnobName("tcp_tw_reuse")).toBe("net.ipv4.tcp_tw_reuse");
    expect(fullKnobName("net/ipv4/tcp_fin_timeout")).toBe("net.ipv4.tcp_fin_timeout");
    expect(fullKnobName("somaxconn")).toBe("net.core.somaxconn");
  });

  it("the knob table is data: every knob has a description, unit, range and at least one profile", () => {
    for (const k of KNOBS) {
      expect(k.description.length).toBeGreaterThan(10);
      expect(k.min).toBeLessThanOrEqual(k.max);
      expect(Object.keys(k.defaults).length).toBeGreaterThan(0);
    }
    expect(knobsFor("rfc9293").some((k) => k.name === "net.ipv4.tcp_tw_reuse")).toBe(false);
  });

  it("Simulation applies overrides per host and rejects unknown knobs with the sysctl message", () => {
    const sim = new Simulation({ sysctl: { "server:tcp_rfc1337": 1, tcp_fin_timeout: 30 } });
    const a = sim.addHost("client", "10.0.0.1");
    const b = sim.addHost("server", "10.0.0.2");
    expect(a.sysctl.get("tcp_rfc1337")).toBe(0);
    expect(b.sysctl.get("tcp_rfc1337")).toBe(1);
    expect(a.sysctl.get("tcp_fin_timeout")).toBe(30);
    const bad = new Simulation({ sysctl: { tcp_tw_recycle: 1 } });
    expect(() => bad.addHost("x", "10.0.0.3")).toThrow(SysctlError);
    expect(() => bad.addHost("y", "10.0.0.4")).toThrow(/cannot stat/);
  });

  it("fullKnobName leaves dotted names alone and completes only bare ones", () => {
    expect(fullKnobName("fs.file-max")).toBe("fs.file-max");
    expect(fullKnobName("net/core/somaxconn")).toBe("net.core.somaxconn");
    expect(fullKnobName("tcp_tw_reuse")).toBe("net.ipv4.tcp_tw_reuse");
  });

  it("tcp_invalid_ratelimit is a knob in milliseconds, 500 by default", () => {
    expect(knobDef("tcp_invalid_ratelimit")).toMatchObject({ unit: "milliseconds", defaults: { linux: 500 } });
  });
});
