/** Why TIME_WAIT exists, reason 2 (RFC 9293 §3.3.2): the last ACK is lost and the peer resends its FIN. */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { match } from "../net/faults.ts";
import { bool, makeSim, num, readParams, result, secs } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";

const params = [
  {
    name: "timeWait",
    description: "Client keeps TIME_WAIT (false: tcp_max_tw_buckets=0, so it skips TIME_WAIT)",
    default: true,
  },
  { name: "delayUs", description: "One-way link delay in µs", default: 500, min: 0, max: 10_000_000 },
] as const;

export const lostFinalAck: ScenarioDef = {
  name: "lost-final-ack",
  description:
    "Client closes first; its final ACK is lost, so the server resends its FIN. TIME_WAIT re-ACKs it; without TIME_WAIT the client answers with RST.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("lost-final-ack", params, options.params);
    const tw = bool(p, "timeWait");
    const sim = makeSim("lost-final-ack", options, { sysctl: tw ? {} : { "client:tcp_max_tw_buckets": 0 } });
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: num(p, "delayUs") });
    let serverFinSent = 0;
    // Watch the server's FINs (no action), then lose the client's ACK of the first one.
    sim.addFault({ from: "server", match: (s) => (s.ctl.fin ? (serverFinSent++, false) : false), action: "drop" });
    sim.addFault({
      from: "client",
      match: (s) => serverFinSent === 1 && match.pureAck(s),
      action: "drop",
      label: "lose the final ACK",
    });
    const l = server.listen(80, 128);
    if (!l.ok) throw new Error("lost-final-ack: listen failed");
    let srv: TcpSocket | undefined;
    l.onConnection = () => {
      const a = l.accept();
      if (!a.ok) return;
      srv = a;
      a.onPeerClose = (x) => void x.close();
    };
    const c = client.connect({ ip: "10.0.0.2", port: 80 });
    if (!c.ok) throw new Error(`lost-final-ack: connect failed with ${c.errno}`);
    sim.at(1_000_000, () => void c.close());
    sim.runFor(200_000_000);
    // What did the client send after the server's second FIN reached it?
    let secondFinAt = -1;
    let answer = "none";
    let serverClosedAt = -1;
    let serverSawRst = false;
    let finCount = 0;
    for (const e of sim.trace) {
      if (e.kind === "deliver" && e.host === "client" && e.seg.ctl.fin && ++finCount === 2) secondFinAt = e.t;
      else if (e.kind === "send" && e.host === "client" && secondFinAt >= 0 && answer === "none")
        answer = e.seg.ctl.rst ? "RST" : "ACK";
      else if (e.kind === "deliver" && e.host === "server" && e.seg.ctl.rst) serverSawRst = true;
      else if (e.kind === "state" && e.sock.host === "server" && e.from === "LAST_ACK" && e.to === "CLOSED")
        serverClosedAt = e.t;
    }
    return result("lost-final-ack", options, sim, {
      timeWait: tw,
      serverFinTransmissions: serverFinSent,
      clientAnswerToResentFin: answer,
      serverSawRst,
      serverLastAckSeconds: serverClosedAt >= 0 ? secs(serverClosedAt - 1_000_000) : -1,
      serverError: srv?.error ?? "",
      timeWaitOverflows: client.counters.TcpExtTCPTimeWaitOverflow,
    });
  },
};
