import { describe, expect, it } from "vitest";
import {
  countersToNstat,
  formatTime,
  resultToText,
  ssToText,
  summaryToText,
  traceToTcpdump,
} from "../../../src/sim/export/index.ts";
import type { ScenarioResult } from "../../../src/sim/scenarios/types.ts";
import * as fx from "./fixture.ts";

/** Element i, failing the test if it is missing (instead of a non-null assertion). */
function at<T>(list: ArrayLike<T>, i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

describe("tcpdump-style text", () => {
  it("prints relative numbers per direction from each ISN, wrapping past 2^32", () => {
    expect(traceToTcpdump(fx.trace)).toEqual([
      "0.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 0, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
      "1.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 0, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
      "1.000050 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 0, ack 1, win 65160, options [mss 1460,sackOK,TS val 5000 ecr 1000,nop,wscale 7], length 0",
      "1.000100 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], seq 1, ack 1, win 502, options [nop,nop,TS val 1001 ecr 5000], length 0",
      "1.000100 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, options [nop,nop,TS val 1001 ecr 5000], length 100",
      "1.000200 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq 1:302, ack 101, win 509, options [nop,nop,TS val 5001 ecr 1001], length 301",
      "1.000250 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], seq 101, ack 302, win 502, options [nop,nop,TS val 1002 ecr 5001], length 0",
      "1.000300 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [F.], seq 302, ack 102, win 509, options [nop,nop,TS val 5002 ecr 1002], length 0",
      "1.000350 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], seq 102, ack 303, win 502, options [nop,nop,TS val 1003 ecr 5002], length 0",
      // No segment went the other way on this 4-tuple, so the ack stays raw.
      "2.500000 IP 10.0.0.2.81 > 10.0.0.1.40002: Flags [R.], seq 0, ack 777, win 0, length 0",
    ]);
  });

  it("prints absolute numbers on request", () => {
    const lines = traceToTcpdump(fx.trace, { relative: false });
    expect(lines[2]).toContain(`Flags [S.], seq ${fx.ISN_S}, ack 4294967001,`);
    expect(lines[4]).toContain("seq 4294967001:4294967101, ack 1234568,");
  });

  it("starts a new base when a SYN with a new ISN reuses the 4-tuple", () => {
    const reborn = { ...fx.syn, id: 999, seq: 5 };
    const lines = traceToTcpdump([...fx.trace, { t: 3_000_000, kind: "send", host: "client", seg: reborn }]);
    expect(lines.at(-1)).toContain("Flags [S], seq 0,");
  });

  it("adds # lines for other events when asked", () => {
    const lines = traceToTcpdump(fx.trace, { events: ["state", "drop", "timer", "call", "counter", "note"] });
    expect(lines).toContain("# 0.000000 client 10.0.0.1:40000 > 10.0.0.2:80 CLOSED → SYN_SENT");
    expect(lines).toContain("# 1.000350 client 10.0.0.1:40000 > 10.0.0.2:80 FIN_WAIT2 → TIME_WAIT");
    expect(lines).toContain("# 0.000050 lost 10.0.0.1.40000 > 10.0.0.2.80 [S] seq 0: fault");
    expect(lines).toContain("# 0.000000 client 10.0.0.1:40000 > 10.0.0.2:80 timer retransmit arm, expires 1.000000");
    expect(lines).toContain("# 0.000000 client connect() 10.0.0.1:40000 > 10.0.0.2:80 = ok");
    expect(lines).toContain("# 2.500000 client TcpExtTCPTimeWaitOverflow = 0");
    expect(lines).toContain("# 2.500000 done");
    const more = traceToTcpdump(
      [
        { t: 7, kind: "drop", host: "server", seg: fx.syn, reason: "syn_queue_full" },
        { t: 8, kind: "call", host: "server", call: "listen(80, 128)", result: "ok" },
      ],
      { events: true },
    );
    expect(more).toEqual([
      "# 0.000007 server drops 10.0.0.1.40000 > 10.0.0.2.80 [S] seq 0: syn_queue_full",
      "# 0.000008 server listen(80, 128) = ok",
    ]);
    expect(traceToTcpdump(fx.trace, { events: ["state"] }).filter((l) => l.startsWith("#"))).toHaveLength(3);
  });

  it("shows arrivals in deliver mode", () => {
    const lines = traceToTcpdump(fx.trace, { capture: "deliver" });
    expect(lines[0]).toMatch(/^1\.000050 IP 10\.0\.0\.1\.40000 > 10\.0\.0\.2\.80: Flags \[S\], seq 0,/);
    expect(lines.some((l) => l.includes("[R."))).toBe(false);
  });

  it("formats times with six decimals", () => {
    expect(formatTime(0)).toBe("0.000000");
    expect(formatTime(61_800_123)).toBe("61.800123");
  });
});

describe("ss, nstat and summary text", () => {
  const result: ScenarioResult = {
    name: "handmade",
    options: {},
    hosts: [
      { name: "client", ip: "10.0.0.1" },
      { name: "server", ip: "10.0.0.2" },
    ],
    trace: fx.trace,
    endTime: 2_500_000,
    counters: {
      client: { TcpActiveOpens: 1, TcpExtTCPTimeWaitOverflow: 0 },
      server: { TcpPassiveOpens: 1 },
    },
    ss: [
      { host: "client", state: "TIME_WAIT", local: "10.0.0.1:40000", peer: "10.0.0.2:80", timer: "timewait,59sec,0" },
      { host: "server", state: "LISTEN", local: "10.0.0.2:80", peer: "0.0.0.0:*" },
      { host: "server", state: "ESTABLISHED", local: "10.0.0.2:80", peer: "10.0.0.1:40002" },
    ],
    summary: { timeWaitSockets: 1, refused: false },
  };

  it("prints ss -tan -o blocks per host with ss state names", () => {
    expect(ssToText(result.ss)).toEqual([
      "# ss -tan -o (client)",
      "State      Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Process",
      "TIME-WAIT  0       0       10.0.0.1:40000      10.0.0.2:80        timer:(timewait,59sec,0)",
      "# ss -tan -o (server)",
      "State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Process",
      "LISTEN  0       0       10.0.0.2:80         0.0.0.0:*",
      "ESTAB   0       0       10.0.0.2:80         10.0.0.1:40002",
    ]);
  });

  it("prints nstat -az columns", () => {
    expect(countersToNstat(result.counters)).toEqual([
      "# nstat -az (client)",
      "#kernel",
      "TcpActiveOpens                  1                  0.0",
      "TcpExtTCPTimeWaitOverflow       0                  0.0",
      "# nstat -az (server)",
      "#kernel",
      "TcpPassiveOpens                 1                  0.0",
    ]);
  });

  it("prints the summary and a full report in order", () => {
    expect(summaryToText(result.summary)).toEqual(["timeWaitSockets: 1", "refused: false"]);
    const text = resultToText(result);
    const order = ["# scenario handmade", "Flags [S]", "# ss -tan -o", "#kernel", "# summary", "refused: false"].map(
      (s) => text.indexOf(s),
    );
    expect(order.every((v, i) => v >= 0 && (i === 0 || v > at(order, i - 1)))).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
  });
});
