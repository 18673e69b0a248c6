/**
 * Spoofed SYNs against a listener (lab: syn-queue-cookies): the request queue holds
 * backlog+1 half-open connections; after that SYN cookies (syncookies>=1)
 * or drops (0); with cookies off the 3/4 tcp_max_syn_backlog rule adds
 * its own limit.
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { bool, guardSysctl, makeSim, num, readParams, result, secs } from "./common.ts";

const params = [
  { name: "spoofedSyns", description: "SYNs from unroutable spoofed addresses", default: 50, min: 0, max: 1_000_000 },
  { name: "backlog", description: "listen() backlog (capped by somaxconn)", default: 8, min: 0, max: 65535 },
  { name: "syncookies", description: "net.ipv4.tcp_syncookies (0, 1, 2)", default: 1, min: 0, max: 2 },
  { name: "maxSynBacklog", description: "net.ipv4.tcp_max_syn_backlog", default: 2048, min: 1, max: 1_000_000 },
  { name: "legitClient", description: "A real client connects 100 ms after the flood", default: true },
] as const;

export const synFlood: ScenarioDef = {
  name: "syn-flood",
  description:
    "A burst of spoofed SYNs fills the listener's request queue; cookies keep legitimate clients working, drops make them wait.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("syn-flood", params, options.params);
    const sim = guardSysctl("syn-flood", () => {
      const s = makeSim("syn-flood", options, {
        sysctl: {
          "server:tcp_syncookies": num(p, "syncookies"),
          "server:tcp_max_syn_backlog": num(p, "maxSynBacklog"),
        },
      });
      s.addHost("server", "10.0.0.2");
      s.addHost("attacker", "203.0.113.66");
      s.addHost("client", "10.0.0.1");
      return s;
    });
    const server = sim.host("server");
    const attacker = sim.host("attacker");
    const client = sim.host("client");
    sim.link(attacker, server, { delay: 100 });
    sim.link(client, server, { delay: 100 });
    const l = server.listen(80, num(p, "backlog"));
    if (!l.ok) throw new Error("syn-flood: listen failed");
    const n = num(p, "spoofedSyns");
    for (let i = 0; i < n; i++) {
      sim.at(i * 10, () =>
        attacker.sendRaw({
          src: { ip: `198.51.${100 + ((i >> 8) & 0xff)}.${i & 0xff}`, port: 20000 + (i % 40000) },
          dst: { ip: "10.0.0.2", port: 80 },
          seq: 1000 + i,
          ctl: { syn: true },
          window: 65535,
        }),
      );
    }
    sim.runFor(100_000);
    const requestSocks = server.count("SYN_RECV");
    // The flood's own effect, before the legitimate client's retries add to the counters.
    const f = { ...server.counters };
    let established = -1;
    let legitOk = false;
    if (bool(p, "legitClient")) {
      const c = client.connect({ ip: "10.0.0.2", port: 80 });
      if (c.ok) {
        c.onEstablished = () => {
          established = sim.now;
        };
        sim.runFor(140_000_000);
        legitOk = c.state === "ESTABLISHED";
      }
    } else sim.runFor(1_000_000);
    const k = server.counters;
    return result("syn-flood", options, sim, {
      requestSocketsAfterFlood: requestSocks,
      floodCookiesSent: f.TcpExtSyncookiesSent,
      floodReqQFullDrop: f.TcpExtTCPReqQFullDrop,
      floodSynsDropped: f.TcpExtListenDrops,
      synCookiesSent: k.TcpExtSyncookiesSent,
      synCookiesRecv: k.TcpExtSyncookiesRecv,
      reqQFullDoCookies: k.TcpExtTCPReqQFullDoCookies,
      reqQFullDrop: k.TcpExtTCPReqQFullDrop,
      listenDrops: k.TcpExtListenDrops,
      legitEstablished: legitOk,
      legitConnectSeconds: established >= 0 ? secs(established - 100_000) : -1,
      effectiveBacklog: l.backlog,
    });
  },
};
