/**
 * The CLI end to end, as a user runs it: a child Node process on
 * src/cli/sim.ts. process.execPath is the Node 24 that runs .ts directly.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scenarios } from "../../../src/sim/scenarios/index.ts";
import { KNOBS } from "../../../src/sim/sysctl.ts";

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ["src/cli/sim.ts", ...args], { encoding: "buffer", maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, text: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

const names = Object.keys(scenarios);
// A small scenario for the output checks: the handshake lesson if there is one.
const small = names.find((n) => n.includes("handshake")) ?? names[0] ?? "";
const dir = mkdtempSync(join(tmpdir(), "tcp-lab-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sim CLI", () => {
  it("lists every scenario and knob in --help", () => {
    const r = sim("--help");
    expect(r.status).toBe(0);
    for (const n of names) expect(r.text).toContain(n);
    for (const k of KNOBS) expect(r.text).toContain(k.name);
  });

  it("prints tcpdump lines, ss, nstat and the summary as text", () => {
    const r = sim(small, "--seed", "1");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/^\d+\.\d{6} IP \d+\.\d+\.\d+\.\d+\.\d+ > [\d.]+: Flags \[S\], seq 0, /m);
    expect(r.text).toContain("#kernel");
    expect(r.text).toContain("# summary");
    // Same seed, same output.
    expect(sim(small, "--seed", "1").text).toBe(r.text);
  });

  it("prints absolute sequence numbers with --absolute", () => {
    const r = sim(small, "--absolute");
    expect(r.status).toBe(0);
    const syn = /Flags \[S\], seq (\d+),/.exec(r.text);
    expect(syn).not.toBeNull();
  });

  it("prints the ScenarioResult as JSON", () => {
    const r = sim(small, "--format", "json", "--seed", "3");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.text);
    expect(result.name).toBe(small);
    expect(Array.isArray(result.trace)).toBe(true);
    expect(result.trace.length).toBeGreaterThan(0);
  });

  it("writes a pcap to --out and to a pipe", () => {
    const out = join(dir, "x.pcap");
    const r = sim(small, "--format", "pcap", "--out", out);
    expect(r.status).toBe(0);
    const file = readFileSync(out);
    expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(file.readUInt32LE(20)).toBe(1);
    const piped = sim(small, "--format", "pcap");
    expect(piped.status).toBe(0);
    expect(Buffer.compare(piped.stdout, file)).toBe(0);
  });

  it.each([
    [["no-such-scenario"], /unknown scenario "no-such-scenario"/],
    [[], /no scenario given/],
    [["--bogus"], /unknown option --bogus/],
    [[small, "--seed"], /--seed needs a value/],
    [[small, "--set", "tcp_no_such_knob=1"], /unknown knob/],
    [[small, "--set", "tcp_tw_reuse=7"], /Invalid argument/],
    [[small, "--set", "tcp_tw_recycle=1"], /not in the linux profile/],
    [[small, "--format", "xml"], /--format expects/],
    [[small, "--param", "no_such_param=1"], /has no parameter/],
    [["port-exhaustion", "--param", "rate=0"], /rate must be >= 1/],
    [["port-exhaustion", "--param", "closer=nobody"], /closer expects one of/],
  ])("exits 2 with one line on stderr for %j", (args, msg) => {
    const r = sim(...args);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("sim CLI failures", () => {
  it("exits 1 when the output file cannot be written", () => {
    const r = sim(small, "--out", join(dir, "no-such-dir", "x.txt"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sim: cannot write /);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("sim CLI main()", () => {
  it("refuses to write a pcap to a terminal", async () => {
    const { main } = await import("../../../src/cli/sim.ts");
    let out = "";
    let err = "";
    const status = main([small, "--format", "pcap"], {
      stdout: { isTTY: true, write: (c: string | Uint8Array) => (out += String(c)) },
      stderr: { write: (c: string) => (err += c) },
    });
    expect(status).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/^sim: refusing to write pcap to a terminal/);
  });
});
