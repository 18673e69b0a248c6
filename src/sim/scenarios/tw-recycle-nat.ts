/**
 * tcp_tw_recycle (removed in 4.12) and NAT (tcp_tw_recycle; lab: sysctl-p-blog shows it gone on 6.x).
 * Several clients share one public IP. The server closes first, so its
 * TIME_WAIT remembers the last timestamp seen from that IP; a SYN from
 * another client whose timestamp clock is behind is silently dropped
 * (TcpExtPAWSPassive). On the current profile the knob does not exist.
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { bool, makeSim, num, readParams, result, secs } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import { Simulation } from "../simulation.ts";

const params = [
  { name: "clients", description: "Hosts behind the NAT", default: 4, min: 1, max: 50 },
  {
    name: "connectionsPerClient",
    description: "Connections each client opens (one every 2 s)",
    default: 3,
    min: 1,
    max: 100,
  },
  { name: "twRecycle", description: "Set net.ipv4.tcp_tw_recycle=1 on the server", default: true },
] as const;

export const twRecycleNat: ScenarioDef = {
  name: "tw-recycle-nat",
  description:
    "Pre-4.12 tcp_tw_recycle with clients behind one NAT IP: SYNs whose timestamps lag the last one seen from that IP are dropped. Current kernels refuse the knob.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("tw-recycle-nat", params, options.params);
    const profile = options.profile ?? "linux-pre-4.12";
    const sim = makeSim("tw-recycle-nat", { ...options, profile });
    // What `sysctl -w net.ipv4.tcp_tw_recycle=1` says on a current kernel.
    const probe = new Simulation({ profile: "linux" })
      .addHost("probe", "192.0.2.1")
      .sysctl.set("net.ipv4.tcp_tw_recycle", 1);
    const knobOnCurrentKernel = probe.ok ? "accepted" : probe.message;
    const server = sim.addHost("server", "198.51.100.10");
    const nat = sim.addNat("nat", "203.0.113.1");
    sim.link(nat, server, { delay: 2000 });
    let recycleSetting = "off";
    if (bool(p, "twRecycle")) {
      const r = server.sysctl.set("net.ipv4.tcp_tw_recycle", 1);
      recycleSetting = r.ok ? "on" : r.message;
    }
    const l = server.listen(80, 128);
    if (!l.ok) throw new Error("tw-recycle-nat: listen failed");
    l.onConnection = () => {
      const a = l.accept();
      if (!a.ok) return;
      // HTTP/1.0 style: answer the request and close first, so the server holds TIME_WAIT.
      a.onData = (x) => {
        x.read();
        x.send(500);
        x.close();
      };
    };
    const n = num(p, "clients");
    const per = num(p, "connectionsPerClient");
    const socks: { sock: TcpSocket; at: number; client: number }[] = [];
    let refused = 0;
    for (let i = 0; i < n; i++) {
      const h = sim.addHost(`client${i + 1}`, `192.168.1.${i + 10}`);
      sim.link(h, nat, { delay: 100 });
      sim.setGateway(h, nat);
      for (let j = 0; j < per; j++) {
        const at = j * 2_000_000 + i * 150_000;
        sim.at(at, () => {
          const c = h.connect({ ip: "198.51.100.10", port: 80 });
          if (!c.ok) {
            refused++;
            return;
          }
          c.onEstablished = (x) => void x.send(100);
          c.onData = (x) => void x.read();
          c.onPeerClose = (x) => void x.close();
          socks.push({ sock: c, at, client: i });
        });
      }
    }
    sim.runFor((per * 2 + 140) * 1_000_000);
    let established = 0;
    let slowest = 0;
    const affected = new Set<number>();
    for (const s of socks) {
      const t = s.sock.bytesReceived > 0 || s.sock.state !== "CLOSED" || s.sock.error === undefined;
      if (t && s.sock.error === undefined) established++;
      if (s.sock.handshakeRetransmitted || s.sock.error !== undefined) affected.add(s.client);
    }
    for (const e of sim.trace) {
      if (e.kind === "state" && e.to === "ESTABLISHED" && e.sock.host.startsWith("client")) {
        const s = socks.find((x) => x.sock.ref === e.sock);
        if (s !== undefined) slowest = Math.max(slowest, e.t - s.at);
      }
    }
    return result("tw-recycle-nat", options, sim, {
      profile,
      twRecycle: recycleSetting,
      connectionsAttempted: socks.length + refused,
      connectionsEstablished: established,
      connectionsTimedOut: socks.filter((s) => s.sock.error === "ETIMEDOUT").length,
      synsDroppedByTwRecycle: server.counters.TcpExtPAWSPassive,
      clientsAffected: affected.size,
      slowestConnectSec: secs(slowest),
      knobOnCurrentKernel,
    });
  },
};
