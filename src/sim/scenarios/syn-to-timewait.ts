/**
 * A new SYN meets the server's TIME_WAIT socket for the same 4-tuple
 * (lab: syn-to-timewait). Newer sequence number or timestamp: accepted at once with ISN =
 * old snd_nxt + 65537. Otherwise the TIME_WAIT answers with an ACK, the
 * client sends RST (killing the TIME_WAIT unless tcp_rfc1337=1) and resends
 * its SYN 2 jiffies later.
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { bool, guardSysctl, makeSim, num, readParams, result, secs } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import type { TimeWaitSock } from "../tcp/timewait.ts";
import { reincarnationIsn } from "../isn.ts";

const params = [
  { name: "timestamps", description: "tcp_timestamps on both hosts", default: true },
  {
    name: "oldSeq",
    description:
      "The reconnect reuses the first connection's ISN, i.e. a sequence number below the TIME_WAIT's rcv_nxt",
    default: false,
  },
  { name: "rfc1337", description: "tcp_rfc1337 on the server (ignore RSTs in TIME_WAIT)", default: false },
  {
    name: "reconnectAfterMs",
    description: "When the client reconnects after the close",
    default: 300,
    min: 1,
    max: 59_000,
  },
] as const;

export const synToTimewait: ScenarioDef = {
  name: "syn-to-timewait",
  description:
    "Server closes first and keeps TIME_WAIT; the client reconnects from the same port. Watch whether the SYN is accepted, ACKed, or waits 60 s.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("syn-to-timewait", params, options.params);
    const sysctl: Record<string, number> = {};
    if (!bool(p, "timestamps")) sysctl["tcp_timestamps"] = 0;
    if (bool(p, "rfc1337")) sysctl["server:tcp_rfc1337"] = 1;
    const sim = guardSysctl("syn-to-timewait", () => makeSim("syn-to-timewait", options, { sysctl }));
    const client = sim.addHost("client", "127.0.0.1");
    const server = sim.addHost("server", "127.0.0.2");
    sim.link(client, server, { delay: 5 });
    const l = server.listen(6001, 16, { reuseAddr: true });
    if (!l.ok) throw new Error("syn-to-timewait: listen failed");
    let accepted = 0;
    l.onConnection = () => {
      const a = l.accept();
      if (!a.ok) return;
      accepted++;
      a.onData = (x) => void x.read();
      // First connection: the server closes first, so the server holds TIME_WAIT.
      if (accepted === 1) sim.after(100_000, () => void a.close());
    };
    const first = client.connect({ ip: "127.0.0.2", port: 6001 }, { localPort: 47000, reuseAddr: true });
    if (!first.ok) throw new Error(`syn-to-timewait: connect failed with ${first.errno}`);
    first.onEstablished = (c) => void c.send(1000);
    first.onPeerClose = (c) => void c.close();
    sim.runFor(200_000);
    const tw = server.findConn("127.0.0.2", 6001, "127.0.0.1", 47000);
    const twSndNxt = tw !== undefined && tw.kind === "tw" ? (tw as TimeWaitSock).sndNxt : -1;
    const reconnectAt = 200_000 + num(p, "reconnectAfterMs") * 1000;
    let second: TcpSocket | undefined;
    let establishedAt = -1;
    sim.at(reconnectAt, () => {
      const c = client.connect(
        { ip: "127.0.0.2", port: 6001 },
        { localPort: 47000, reuseAddr: true, ...(bool(p, "oldSeq") ? { isn: first.iss } : {}) },
      );
      if (!c.ok) return;
      second = c;
      c.onEstablished = () => {
        establishedAt = sim.now;
      };
    });
    sim.runFor(reconnectAt - sim.now + 150_000_000);
    let clientRsts = 0;
    let syns = 0;
    let newServerIsn = -1;
    for (const e of sim.trace) {
      if (e.t < reconnectAt || e.kind !== "send") continue;
      if (e.host === "client" && e.seg.ctl.rst) clientRsts++;
      if (e.host === "client" && e.seg.ctl.syn) syns++;
      if (e.host === "server" && e.seg.ctl.syn && newServerIsn < 0) newServerIsn = e.seg.seq;
    }
    const ms = establishedAt >= 0 ? (establishedAt - reconnectAt) / 1000 : -1;
    const outcome =
      establishedAt < 0
        ? "failed"
        : clientRsts === 0
          ? "accepted-at-once"
          : ms < 1000
            ? "ack-rst-resend"
            : "waited-for-timewait";
    return result("syn-to-timewait", options, sim, {
      outcome,
      reconnectMs: Math.round(ms * 10) / 10,
      reconnectSeconds: establishedAt >= 0 ? secs(establishedAt - reconnectAt) : -1,
      clientRstsSent: clientRsts,
      synsSent: syns,
      serverHadTimeWait: twSndNxt >= 0,
      newServerIsn,
      reincarnationIsn: twSndNxt >= 0 ? reincarnationIsn(twSndNxt) : -1,
      isnIsOldSndNxtPlus65537: twSndNxt >= 0 && newServerIsn === reincarnationIsn(twSndNxt),
      acceptedFromTimeWait: server.stats.synAcceptedFromTimeWait,
      clientState: second?.state ?? "CLOSED",
    });
  },
};
