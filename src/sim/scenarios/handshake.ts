/** The three-way handshake, optionally with lost SYNs / SYN-ACKs and fixed ISNs (RFC 9293 §3.5). */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { match } from "../net/faults.ts";
import { bool, makeSim, num, readParams, result, secs, ISN_PARAMS, fixedIsn } from "./common.ts";

const params = [
  ...ISN_PARAMS,
  { name: "dropSyn", description: "How many of the client's SYNs the network loses", default: 0, min: 0, max: 20 },
  {
    name: "dropSynAck",
    description: "How many of the server's SYN-ACKs the network loses",
    default: 0,
    min: 0,
    max: 20,
  },
  { name: "timestamps", description: "tcp_timestamps on both hosts", default: true },
  { name: "delayUs", description: "One-way link delay in µs", default: 500, min: 0, max: 10_000_000 },
] as const;

export const handshake: ScenarioDef = {
  name: "handshake",
  description:
    "Client connects to a listening server: SYN, SYN-ACK, ACK; lost SYNs/SYN-ACKs show the retransmission schedule.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("handshake", params, options.params);
    const sim = makeSim("handshake", options, { sysctl: bool(p, "timestamps") ? {} : { tcp_timestamps: 0 } });
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: num(p, "delayUs") });
    if (num(p, "dropSyn") > 0)
      sim.addFault({ from: "client", match: match.syn, count: num(p, "dropSyn"), action: "drop", label: "lose SYN" });
    if (num(p, "dropSynAck") > 0)
      sim.addFault({
        from: "server",
        match: match.synAck,
        count: num(p, "dropSynAck"),
        action: "drop",
        label: "lose SYN-ACK",
      });
    const l = server.listen(80, 128, fixedIsn(p, "serverIsn"));
    if (!l.ok) throw new Error("handshake: listen failed");
    let established = -1;
    const c = client.connect({ ip: "10.0.0.2", port: 80 }, fixedIsn(p, "clientIsn"));
    if (!c.ok) throw new Error(`handshake: connect failed with ${c.errno}`);
    c.onEstablished = () => {
      established = sim.now;
    };
    sim.runFor(200_000_000);
    let syns = 0;
    let synAcks = 0;
    let serverIsn = -1;
    for (const e of sim.trace) {
      if (e.kind !== "send" || !e.seg.ctl.syn) continue;
      if (e.seg.ack === undefined) syns++;
      else {
        synAcks++;
        serverIsn = e.seg.seq;
      }
    }
    const a = l.accept();
    return result("handshake", options, sim, {
      clientIsn: c.iss,
      serverIsn,
      clientAckOfSynAck: serverIsn >= 0 ? (serverIsn + 1) % 2 ** 32 : -1,
      established: established >= 0,
      clientEstablishedAtSec: established >= 0 ? secs(established) : -1,
      synsSent: syns,
      synAcksSent: synAcks,
      clientState: c.state,
      serverAccepted: a.ok,
      clientError: c.error ?? "",
      timestampsNegotiated: c.tsOn,
    });
  },
};
