/**
 * The output a reader should expect from the lesson's "Try it on a Linux
 * machine" commands, produced by simulating the same setup: one network
 * namespace whose loopback carries 10.0.0.1 (client) and 10.0.0.2 (server,
 * port 80), lo's MTU set to 1500 so the MSS is 1460, and netem adding 500 µs
 * each way. In one namespace `ss` lists both ends together and nstat counts
 * both ends together, so the per-host rows and counters are merged here.
 */
import {
  Simulation,
  match,
  handshake,
  type ScenarioResult,
  type SsRow,
  type Micros,
  countersToNstat,
  ssToText,
  traceToTcpdump,
} from "../../sim/index.ts";

/** The namespace name used in the lesson's commands. */
export const NAMESPACE = "tcplab";

/** One-way delay netem adds in the commands, as the scenarios model the link. */
const DELAY_US = 500;

/** `ss` rows of several hosts as one namespace lists them. */
export function namespaceSs(rows: readonly SsRow[]): string[] {
  return ssToText(rows.map((r) => ({ ...r, host: NAMESPACE })));
}

/** Counters of all hosts added up (one namespace has one set), limited to `names`, as `nstat -az NAME...` prints them. */
export function namespaceNstat(result: Pick<ScenarioResult, "counters">, names: readonly string[]): string[] {
  const sum: Record<string, number> = {};
  for (const name of names) {
    sum[name] = Object.values(result.counters).reduce((acc, c) => acc + (c[name] ?? 0), 0);
  }
  return countersToNstat({ [NAMESPACE]: sum });
}

/** tcpdump -S lines (raw numbers), without `#` event lines. */
export function rawTcpdump(result: Pick<ScenarioResult, "trace">): string[] {
  return traceToTcpdump(result.trace, { relative: false });
}

/** Times (µs) at which the client sent a SYN. */
export function synTimes(result: Pick<ScenarioResult, "trace">): Micros[] {
  return result.trace.filter((e) => e.kind === "send" && match.syn(e.seg)).map((e) => e.t);
}

/** Time (µs) at which connect() gave up, or -1. */
export function connectFailedAt(result: Pick<ScenarioResult, "trace">): Micros {
  const e = result.trace.find(
    (x) => x.kind === "state" && x.sock.host === "client" && x.from === "SYN_SENT" && x.to === "CLOSED",
  );
  return e === undefined ? -1 : e.t;
}

/** A plain handshake, lost SYNs (today's kernel and before 6.5). */
export function handshakeRuns(): { plain: ScenarioResult; lostSyns: ScenarioResult; lostSynsPre65: ScenarioResult } {
  const allLost = { dropSyn: 20 };
  return {
    plain: handshake.run({}),
    lostSyns: handshake.run({ params: allLost }),
    // Before 6.5 there were no linear timeouts: tcp_syn_linear_timeouts=0 gives that schedule.
    lostSynsPre65: handshake.run({ params: allLost, sysctl: { tcp_syn_linear_timeouts: 0 } }),
  };
}

/**
 * `ss -tan -o` while the server's SYN-ACKs are being dropped: the client
 * sits in SYN-SENT, the server holds a request socket (SYN-RECV), both with
 * their retransmission timers. Taken `atUs` after connect().
 */
export function ssDuringHandshake(atUs: Micros): string[] {
  const sim = new Simulation({ seed: 1 });
  const client = sim.addHost("client", "10.0.0.1");
  const server = sim.addHost("server", "10.0.0.2");
  sim.link(client, server, { delay: DELAY_US });
  sim.addFault({ from: "server", match: match.synAck, count: Infinity, action: "drop", label: "drop SYN-ACKs" });
  const l = server.listen(80, 128);
  if (!l.ok) throw new Error("try-it: listen failed");
  const c = client.connect({ ip: "10.0.0.2", port: 80 });
  if (!c.ok) throw new Error(`try-it: connect failed with ${c.errno}`);
  sim.runFor(atUs);
  return namespaceSs([...client.ss(), ...server.ss()]);
}

/**
 * When the server's SYN-ACK retransmission timer fired, in µs after its first
 * SYN-ACK, and when it gave the request up (-1 if it did not).
 */
export function synAckSchedule(result: Pick<ScenarioResult, "trace">): { resends: Micros[]; givenUpAt: Micros } {
  const first = result.trace.find((e) => e.kind === "send" && match.synAck(e.seg));
  if (first === undefined) return { resends: [], givenUpAt: -1 };
  const resends: Micros[] = [];
  let givenUpAt = -1;
  for (const e of result.trace) {
    if (e.kind === "timer" && e.timer === "synack" && e.action === "fire" && givenUpAt < 0) resends.push(e.t - first.t);
    if (e.kind === "state" && e.sock.host === "server" && e.from === "SYN_RECV" && e.to === "CLOSED" && givenUpAt < 0) {
      givenUpAt = e.t - first.t;
      // The firing that gave up sent nothing.
      resends.pop();
    }
  }
  return { resends, givenUpAt };
}
