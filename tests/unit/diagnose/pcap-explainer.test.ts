/**
 * The pcap explainer on captures made on the real kernel: the fixtures of
 * tests/fixtures/diagnose (tcpdump -i any → Linux cooked SLL2, -i lo →
 * Ethernet, editcap → pcapng), the experiments' captures in lab/results,
 * and the core's own pcaps; plus truncated and corrupt files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildSequence, statesAfter } from "../../../src/diagram/sequence.ts";
import { connectionTrace, explainCapture } from "../../../src/diagnose/capture.ts";
import { expectedSynGap } from "../../../src/diagnose/flows.ts";
import { readCapture } from "../../../src/diagnose/pcap-read.ts";
import { runScenario, scenarioNames } from "../../../src/sim/index.ts";
import { traceToPcap } from "../../../src/sim/export/index.ts";

const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const fixture = (name: string): Uint8Array => bytes(`../../fixtures/diagnose/${name}`);
const strings = { title: "t", send: "{from} {segment} {to}", lost: "l", state: "s", timer: "{timer}", lostMark: "x" };

describe("captures of the real kernel", () => {
  const sll2 = explainCapture(fixture("sll2-any.pcap"));
  const ether = explainCapture(fixture("lo-ether.pcap"));
  const ng = explainCapture(fixture("lo-ether.pcapng"));

  it("reads SLL2, Ethernet pcap and pcapng alike", () => {
    expect(sll2.capture.linkTypes).toEqual([276]);
    expect(ether.capture.linkTypes).toEqual([1]);
    expect(ng.capture.format).toBe("pcapng");
    for (const r of [sll2, ether, ng]) {
      expect(r.issues).toEqual([]);
      expect(r.connections).toHaveLength(5);
    }
    // The same packets, whatever the container.
    const strip = (r: typeof ng) => r.capture.packets.map(({ frame: _f, ...p }) => p);
    expect(strip(ng)).toEqual(strip(ether));
    expect(sll2.capture.packets.map((p) => [p.seq, p.ack, p.len])).toEqual(
      ether.capture.packets.map((p) => [p.seq, p.ack, p.len]),
    );
  });

  it("infers both sides' states: the server closed first and sits in TIME_WAIT", () => {
    const first = sll2.connections[0];
    expect(first?.states).toEqual(["CLOSED", "TIME_WAIT"]);
    expect(first?.changes.map((c) => `${c.side}:${c.to}`)).toEqual([
      "0:SYN_SENT",
      "1:SYN_RECV",
      "0:ESTABLISHED",
      "1:ESTABLISHED",
      "1:FIN_WAIT1",
      "0:CLOSE_WAIT",
      "1:FIN_WAIT2",
      "0:LAST_ACK",
      "1:TIME_WAIT",
      "0:CLOSED",
    ]);
  });

  it("flags the SYN to a TIME_WAIT 4-tuple, the RST with unread data and the SYN retries", () => {
    const keys = sll2.connections.map((c) => c.flags.map((f) => f.key));
    expect(keys[1]).toEqual(["flag.synToTimeWait"]);
    expect(keys[2]).toEqual(["flag.rstUnread"]);
    expect(sll2.connections[2]?.flags[0]?.params).toMatchObject({ bytes: 14 });
    expect(keys[4]).toEqual(Array.from({ length: 7 }, () => "flag.synRetry"));
    expect(sll2.connections[4]?.flags.map((f) => f.params.expected)).toEqual([1, 1, 1, 1, 1, 2, 4]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => expectedSynGap(n))).toEqual([1, 1, 1, 1, 1, 2, 4, 8]);
  });

  it("draws a connection with the site's sequence diagram", () => {
    const c = sll2.connections[1];
    if (!c) throw new Error("no connection");
    const model = buildSequence(connectionTrace(c, ["client", "server"]), strings);
    expect(model.rows).toHaveLength(c.packets.length);
    expect(model.rows.map((r) => r.label.split(" ")[0])).toEqual([
      "SYN",
      "SYN-ACK",
      "ACK",
      "ACK",
      "ACK",
      "FIN-ACK",
      "FIN-ACK",
      "ACK",
    ]);
    expect(model.rows[1]?.label).toBe("SYN-ACK seq=0 ack=1");
    expect(statesAfter(model)).toEqual(["CLOSED", "TIME_WAIT"]);
    expect(model.lanes.map((l) => l.ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
  });

  const results = new URL("../../../lab/results/", import.meta.url);
  const pcaps = readdirSync(results).filter((f) => f.endsWith(".pcap"));
  it.each(pcaps)("lab/results/%s reads without a problem", (name) => {
    const r = explainCapture(new Uint8Array(readFileSync(new URL(name, results))));
    expect(r.issues).toEqual([]);
    expect(r.capture.packets.length).toBe(r.capture.frames);
    expect(r.connections.length).toBeGreaterThan(0);
  });
  it("syn-retries.pcap: every retry on Linux's schedule", () => {
    const r = explainCapture(new Uint8Array(readFileSync(new URL("syn-retries.pcap", results))));
    const flags = r.connections.flatMap((c) => c.flags.map((f) => f.key));
    expect(flags.filter((k) => k === "flag.synRetry").length).toBeGreaterThanOrEqual(7);
    expect(flags).not.toContain("flag.synRetryOff");
  });
});

describe("the core's own pcaps", () => {
  it.each(scenarioNames.filter((n) => ["handshake", "data-and-close", "lost-final-ack", "old-duplicate"].includes(n)))(
    "%s: every segment read back with its numbers",
    (name) => {
      const run = runScenario(name, { seed: 3 });
      const pcap = traceToPcap(run.trace);
      const r = readCapture(pcap);
      const sent = run.trace.filter((e) => e.kind === "send");
      expect(r.issues).toEqual([]);
      expect(r.packets.map((p) => [p.seq, p.ack, p.len, p.syn, p.fin, p.rst])).toEqual(
        sent.map((e) => [e.seg.seq, e.seg.ack, e.seg.len, e.seg.ctl.syn, e.seg.ctl.fin, e.seg.ctl.rst]),
      );
    },
  );
});

describe("truncated and corrupt files", () => {
  const full = fixture("lo-ether.pcap");
  const all = readCapture(full).packets.length;
  it("a cut file names the byte offset and keeps the frames before it", () => {
    const cut = full.slice(0, 1000);
    const r = readCapture(cut);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.key).toBe("issue.truncatedRecord");
    const offset = r.issues[0]?.offset ?? -1;
    expect(offset).toBeGreaterThan(24);
    expect(offset).toBeLessThan(1000);
    expect(r.packets.length).toBeGreaterThan(0);
    expect(r.packets.length).toBeLessThan(all);
  });
  it("a record claiming a huge length is reported where it sits", () => {
    const bad = full.slice();
    new DataView(bad.buffer).setUint32(24 + 8, 0x7fffffff, true);
    const r = readCapture(bad);
    expect(r.issues[0]).toMatchObject({ key: "issue.badLength", offset: 32 });
    expect(r.packets).toHaveLength(0);
  });
  it("not a capture at all", () => {
    expect(readCapture(new TextEncoder().encode("State Recv-Q")).issues[0]?.key).toBe("issue.notCapture");
  });
  it("any cut of pcap or pcapng never throws and keeps a prefix of the packets (property)", () => {
    const ng = fixture("lo-ether.pcapng");
    const ref = readCapture(ng).packets;
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), (useNg, n) => {
        const src = useNg ? ng : full;
        const cut = src.slice(0, n % (src.length + 1));
        const r = readCapture(cut);
        const refPackets = useNg ? ref : readCapture(full).packets;
        expect(r.packets).toEqual(refPackets.slice(0, r.packets.length));
        // A cut inside a record is reported; a cut on a record boundary cannot be told from a short file.
        if (r.issues.length > 0) expect(r.issues[0]?.offset).toBeLessThanOrEqual(cut.length);
      }),
      { numRuns: 150 },
    );
  });
});
