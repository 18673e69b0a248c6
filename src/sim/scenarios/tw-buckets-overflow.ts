/** tcp_max_tw_buckets (lab: tw-buckets-overflow): beyond the limit a closing socket skips TIME_WAIT entirely. */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { guardSysctl, makeSim, num, readParams, result } from "./common.ts";

const params = [
  { name: "connections", description: "Client-first closes", default: 12, min: 1, max: 100_000 },
  {
    name: "maxTwBuckets",
    description: "net.ipv4.tcp_max_tw_buckets on the client",
    default: 5,
    min: 0,
    max: 1_000_000,
  },
] as const;

export const twBucketsOverflow: ScenarioDef = {
  name: "tw-buckets-overflow",
  description:
    "Many client-first closes with a low tcp_max_tw_buckets: the excess go straight to CLOSED (TcpExtTCPTimeWaitOverflow).",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("tw-buckets-overflow", params, options.params);
    const sim = guardSysctl("tw-buckets-overflow", () =>
      makeSim("tw-buckets-overflow", options, { sysctl: { "client:tcp_max_tw_buckets": num(p, "maxTwBuckets") } }),
    );
    const client = sim.addHost("client", "127.0.0.1");
    const server = sim.addHost("server", "127.0.0.2");
    sim.link(client, server, { delay: 10 });
    const l = server.listen(5100, 64);
    if (!l.ok) throw new Error("tw-buckets-overflow: listen failed");
    l.onConnection = () => {
      const a = l.accept();
      if (a.ok) a.onPeerClose = (x) => void x.close();
    };
    const n = num(p, "connections");
    for (let i = 0; i < n; i++) {
      sim.at(i * 10_000, () => {
        const c = client.connect({ ip: "127.0.0.2", port: 5100 });
        if (c.ok) c.onEstablished = (x) => void x.close();
      });
    }
    sim.runFor(n * 10_000 + 200_000);
    return result("tw-buckets-overflow", options, sim, {
      closes: n,
      timeWaitSockets: client.count("TIME_WAIT"),
      tcpTimeWaitOverflow: client.counters.TcpExtTCPTimeWaitOverflow,
      tcpExtTW: client.counters.TcpExtTW,
      maxTwBuckets: num(p, "maxTwBuckets"),
    });
  },
};
