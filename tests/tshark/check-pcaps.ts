/**
 * Cross-check the pcap writer against Wireshark's dissectors.
 *
 *   node tests/tshark/check-pcaps.ts [scenario ...]
 *
 * For every named scenario (or the ones given), export the pcap of its
 * default run, have tshark dissect it with checksum validation on and raw
 * (absolute) sequence numbers, and compare each packet field by field with
 * the trace: once for the send capture (the default export) and once for the
 * deliver capture. Fails on any difference, on a bad IP or TCP
 * checksum, on a malformed packet, and on any expert item in the Checksum,
 * Malformed or Protocol groups or of Error severity. Sequence-analysis notes
 * (retransmission, previous segment not captured...) are expected in lessons
 * about loss and are not failures.
 *
 * Needs tshark; exits 1 with install instructions when it is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PCAP_EPOCH_SECONDS, captureSegments, traceToPcap, type CapturePoint } from "../../src/sim/export/index.ts";
import type { Segment } from "../../src/sim/segment.ts";
import type { TraceEvent } from "../../src/sim/trace.ts";
import { runScenario, scenarios } from "../../src/sim/scenarios/index.ts";

// Expert-info encodings from Wireshark's epan/proto.h.
const PI_CHECKSUM = 0x01000000;
const PI_PROTOCOL = 0x09000000;
const PI_MALFORMED = 0x07000000;
const PI_WARN = 0x00600000;
const PI_ERROR = 0x00800000;

const FIELDS = [
  "frame.number",
  "frame.time_epoch",
  "ip.src",
  "ip.dst",
  "ip.id",
  "ip.ttl",
  "ip.flags.df",
  "tcp.srcport",
  "tcp.dstport",
  "tcp.seq_raw",
  "tcp.ack_raw",
  "tcp.flags",
  "tcp.window_size_value",
  "tcp.len",
  "tcp.options.mss_val",
  "tcp.options.wscale.shift",
  "tcp.options.sack_perm",
  "tcp.options.timestamp.tsval",
  "tcp.options.timestamp.tsecr",
  "tcp.checksum.status",
  "ip.checksum.status",
  "_ws.malformed",
  "_ws.expert.group",
  "_ws.expert.severity",
  "_ws.expert.message",
] as const;
type Field = (typeof FIELDS)[number];

function haveTshark(): boolean {
  const r = spawnSync("tshark", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** Run tshark on a file and return one record per packet. */
function dissect(file: string): Record<Field, string>[] {
  const args = [
    "-r",
    file,
    "-n",
    // The payload is filler (zeros), so hand it to the plain "data" dissector on
    // every port: otherwise X11 on 6001 or HTTP on 80 report bogus requests.
    "-d",
    "tcp.port==1-65535,data",
    "-o",
    "tcp.relative_sequence_numbers:FALSE",
    "-o",
    "tcp.check_checksum:TRUE",
    "-o",
    "ip.check_checksum:TRUE",
    "-T",
    "fields",
    "-E",
    "separator=\t",
    "-E",
    "aggregator=|",
    ...FIELDS.flatMap((f) => ["-e", f]),
  ];
  const r = spawnSync("tshark", args, { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.length > 0)
    .map((line) => {
      const cells = line.split("\t");
      const rec = {} as Record<Field, string>;
      FIELDS.forEach((f, i) => {
        rec[f] = cells[i] ?? "";
      });
      return rec;
    });
}

/** Field-by-field differences between tshark's view and the segment; empty when they agree. */
function compare(rec: Record<Field, string>, seg: Segment, t: number, ipId: number | undefined): string[] {
  const bad: string[] = [];
  const eq = (name: string, got: string, want: string | number | undefined): void => {
    const w = want === undefined ? "" : String(want);
    if (got !== w) bad.push(`${name}: tshark ${JSON.stringify(got)}, trace ${JSON.stringify(w)}`);
  };
  const flags =
    (seg.ctl.fin ? 1 : 0) |
    (seg.ctl.syn ? 2 : 0) |
    (seg.ctl.rst ? 4 : 0) |
    (seg.ctl.psh ? 8 : 0) |
    (seg.ack === undefined ? 0 : 16);
  const usec = String(t % 1_000_000).padStart(6, "0");
  // tshark prints the epoch time with nanoseconds: seconds.usec000.
  const wantTime = `${Math.floor(t / 1_000_000) + PCAP_EPOCH_SECONDS}.${usec}000`;
  eq("time", rec["frame.time_epoch"], wantTime);
  eq("ip.src", rec["ip.src"], seg.src.ip);
  eq("ip.dst", rec["ip.dst"], seg.dst.ip);
  eq("ip.ttl", rec["ip.ttl"], 64);
  // Older tshark prints booleans as 1, newer ones as True.
  eq("ip.flags.df", rec["ip.flags.df"] === "True" ? "1" : rec["ip.flags.df"], 1);
  eq("ip.id", rec["ip.id"], ipId === undefined ? undefined : `0x${ipId.toString(16).padStart(4, "0")}`);
  eq("tcp.srcport", rec["tcp.srcport"], seg.src.port);
  eq("tcp.dstport", rec["tcp.dstport"], seg.dst.port);
  eq("tcp.seq_raw", rec["tcp.seq_raw"], seg.seq);
  eq("tcp.ack_raw", rec["tcp.ack_raw"], seg.ack ?? 0);
  eq("tcp.flags", rec["tcp.flags"], `0x${flags.toString(16).padStart(4, "0")}`);
  eq("tcp.window_size_value", rec["tcp.window_size_value"], seg.window);
  eq("tcp.len", rec["tcp.len"], seg.len);
  eq("mss", rec["tcp.options.mss_val"], seg.options.mss);
  eq("wscale", rec["tcp.options.wscale.shift"], seg.options.windowScale);
  eq("sackOK", rec["tcp.options.sack_perm"] === "" ? "" : "yes", seg.options.sackPermitted === true ? "yes" : "");
  eq("TSval", rec["tcp.options.timestamp.tsval"], seg.options.timestamp?.val);
  eq("TSecr", rec["tcp.options.timestamp.tsecr"], seg.options.timestamp?.ecr);
  eq("tcp checksum status", rec["tcp.checksum.status"], 1); // 1 = Good
  eq("ip checksum status", rec["ip.checksum.status"], 1);
  if (rec["_ws.malformed"] !== "") bad.push(`malformed: ${rec["_ws.malformed"]}`);
  const groups = rec["_ws.expert.group"].split("|");
  const severities = rec["_ws.expert.severity"].split("|");
  const messages = rec["_ws.expert.message"].split("|");
  groups.forEach((g, i) => {
    if (g === "") return;
    const group = Number(g);
    const sev = Number(severities[i] ?? 0);
    const serious =
      group === PI_CHECKSUM || group === PI_MALFORMED || sev >= PI_ERROR || (group === PI_PROTOCOL && sev >= PI_WARN);
    if (serious)
      bad.push(`expert: ${messages[i] ?? "?"} (group 0x${group.toString(16)}, severity 0x${sev.toString(16)})`);
  });
  return bad;
}

/**
 * Bulk scenarios record no segments by default. Where a scenario has a
 * `trace` parameter, ask for every event; where it has `durationSec`, keep
 * the run short so the capture stays a few thousand packets.
 */
function captureParams(name: string): Record<string, string | number> {
  const specs = scenarios[name]?.params ?? [];
  const out: Record<string, string | number> = {};
  if (specs.some((p) => p.name === "trace")) out["trace"] = "all";
  const dur = specs.find((p) => p.name === "durationSec");
  if (dur !== undefined && typeof dur.default === "number") out["durationSec"] = Math.min(dur.default, 5);
  return out;
}

/** Both capture points: the wire as sent (the default export) and as delivered. */
const CAPTURES: readonly CapturePoint[] = ["send", "deliver"];

function checkScenario(name: string, dir: string): string[] {
  const result = runScenario(name, { params: captureParams(name) });
  const trace: readonly TraceEvent[] = result.trace;
  const problems: string[] = [];
  const counts: string[] = [];
  for (const capture of CAPTURES) {
    const expected = captureSegments(trace, capture);
    const file = join(dir, `${name}-${capture}.pcap`);
    writeFileSync(file, traceToPcap(trace, { capture }));
    const records = dissect(file);
    counts.push(`${expected.length} ${capture}`);
    if (records.length !== expected.length) {
      problems.push(`${capture}: tshark saw ${records.length} packets, the trace has ${expected.length}`);
    }
    const n = Math.min(records.length, expected.length);
    for (let i = 0; i < n; i++) {
      const s = expected[i];
      const rec = records[i];
      if (s === undefined || rec === undefined) continue;
      for (const p of compare(rec, s.seg, s.t, s.ipId)) problems.push(`${capture} frame ${i + 1}: ${p}`);
    }
  }
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${name}: ${counts.join(", ")} packets`);
  return problems;
}

function main(): number {
  if (!haveTshark()) {
    console.error("tshark is not installed. Install it with:");
    console.error("  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tshark");
    console.error("(as root, drop sudo; run apt-get update first on a fresh machine)");
    return 1;
  }
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(scenarios);
  const unknown = names.filter((n) => !Object.hasOwn(scenarios, n));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(", ")}`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), "tcp-lab-tshark-"));
  let failed = 0;
  try {
    for (const name of names) {
      const problems = checkScenario(name, dir);
      if (problems.length > 0) {
        failed++;
        for (const p of problems.slice(0, 20)) console.log(`     ${p}`);
        if (problems.length > 20) console.log(`     ... and ${problems.length - 20} more`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    failed === 0 ? `all ${names.length} scenarios agree with tshark` : `${failed} of ${names.length} scenarios failed`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
