/** The accept queue (lab: accept-queue): listen(100) capped by somaxconn=5 holds 6 connections; later SYNs are dropped silently. */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { guardSysctl, makeSim, num, readParams, result } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";

const params = [
  { name: "somaxconn", description: "net.core.somaxconn on the server", default: 5, min: 0, max: 65535 },
  { name: "backlog", description: "listen() argument", default: 100, min: 0, max: 65535 },
  {
    name: "clients",
    description: "Clients connecting 50 ms apart; nobody calls accept()",
    default: 10,
    min: 1,
    max: 10_000,
  },
] as const;

export const acceptQueue: ScenarioDef = {
  name: "accept-queue",
  description:
    "Nobody calls accept(): the queue holds backlog+1 connections, further SYNs are dropped (ListenOverflows) and retried.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("accept-queue", params, options.params);
    const sim = guardSysctl("accept-queue", () =>
      makeSim("accept-queue", options, { sysctl: { "server:net.core.somaxconn": num(p, "somaxconn") } }),
    );
    const server = sim.addHost("server", "127.0.0.1");
    const client = sim.addHost("client", "127.0.0.2");
    sim.link(client, server, { delay: 10 });
    const l = server.listen(9000, num(p, "backlog"));
    if (!l.ok) throw new Error("accept-queue: listen failed");
    const socks: TcpSocket[] = [];
    for (let i = 0; i < num(p, "clients"); i++) {
      sim.at(i * 50_000, () => {
        const c = client.connect({ ip: "127.0.0.1", port: 9000 });
        if (c.ok) socks.push(c);
      });
    }
    sim.runFor(num(p, "clients") * 50_000 + 150_000);
    const count = (s: string) => socks.filter((c) => c.state === s).length;
    return result("accept-queue", options, sim, {
      effectiveBacklog: l.backlog,
      acceptQueueLength: l.acceptQueue.length,
      clientsEstablished: count("ESTABLISHED"),
      clientsSynSent: count("SYN_SENT"),
      listenOverflows: server.counters.TcpExtListenOverflows,
      listenDrops: server.counters.TcpExtListenDrops,
    });
  },
};
