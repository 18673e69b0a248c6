/**
 * Ephemeral port exhaustion by TIME_WAIT (tcp-facts §4 "Port capacity"):
 * without reuse a client that closes first can open ports ÷ 60 s
 * connections per second toward one (source IP, destination IP, port).
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { bool, guardSysctl, makeSim, num, readParams, result, str } from "./common.ts";
import { peak, runLoad, tailMean } from "./load.ts";
import type { TraceLevel } from "../tracer.ts";
import type { TcpSocket } from "../tcp/socket.ts";

const params = [
  { name: "rate", description: "New connections per second", default: 600, min: 1, max: 100_000 },
  { name: "durationSec", description: "Simulated seconds", default: 120, min: 1, max: 86_400 },
  { name: "portLow", description: "ip_local_port_range low end", default: 32768, min: 1024, max: 65535 },
  { name: "portHigh", description: "ip_local_port_range high end", default: 60999, min: 1024, max: 65535 },
  { name: "closer", description: "Who closes first", default: "client", choices: ["client", "server"] },
  { name: "twReuse", description: "tcp_tw_reuse on the client (-1: profile default)", default: -1, min: -1, max: 2 },
  { name: "sourceIps", description: "Client source addresses (IP_BIND_ADDRESS_NO_PORT)", default: 1, min: 1, max: 64 },
  { name: "destPorts", description: "Server ports the load is spread over", default: 1, min: 1, max: 64 },
  { name: "loopback", description: "Use 127.0.0.0/8 addresses (tcp_tw_reuse=2 applies only there)", default: false },
  { name: "timestamps", description: "tcp_timestamps on both hosts (tw_reuse needs them)", default: true },
  {
    name: "pool",
    description: "Keep-alive pool: reuse this many persistent connections instead (0: off)",
    default: 0,
    min: 0,
    max: 10_000,
  },
  {
    name: "trace",
    description: "Trace level for the run",
    default: "none",
    choices: ["none", "states", "no-timers", "all"],
  },
] as const;

export const portExhaustion: ScenarioDef = {
  name: "port-exhaustion",
  description:
    "A client opens short connections at a fixed rate; TIME_WAIT holds each port 60 s, so beyond ports ÷ 60 s per destination connect() fails with EADDRNOTAVAIL.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("port-exhaustion", params, options.params);
    const lo = num(p, "portLow");
    const hi = num(p, "portHigh");
    if (lo > hi) throw new Error(`scenario "port-exhaustion": portLow must be <= portHigh`);
    const sysctl: Record<string, string | number> = { "client:ip_local_port_range": `${lo} ${hi}` };
    if (num(p, "twReuse") >= 0) sysctl["client:tcp_tw_reuse"] = num(p, "twReuse");
    if (!bool(p, "timestamps")) sysctl["tcp_timestamps"] = 0;
    const loop = bool(p, "loopback");
    const nIps = num(p, "sourceIps");
    const ips = Array.from({ length: nIps }, (_, i) => (loop ? `127.0.0.${i + 1}` : `10.0.0.${i + 1}`));
    const serverIp = loop ? "127.0.1.1" : "10.0.1.1";
    const sim = guardSysctl("port-exhaustion", () => {
      const s = makeSim("port-exhaustion", options, { traceLevel: str(p, "trace") as TraceLevel, sysctl });
      s.addHost("client", ips);
      s.addHost("server", serverIp, { sysctl: { "net.core.somaxconn": 65535 } });
      return s;
    });
    const client = sim.host("client");
    const server = sim.host("server");
    sim.link(client, server, { delay: 100 });
    const listeners = Array.from({ length: num(p, "destPorts") }, (_, i) => {
      const l = server.listen(8080 + i, 65535);
      if (!l.ok) throw new Error("port-exhaustion: listen failed");
      return l;
    });
    const duration = num(p, "durationSec") * 1_000_000;
    const ports = hi - lo + 1;
    const ceiling = Math.round((ports / 60) * nIps * listeners.length * 10) / 10;
    const poolSize = num(p, "pool");
    if (poolSize > 0) {
      // Keep-alive: a fixed set of connections carries every request; no new ports are needed.
      const pool: TcpSocket[] = [];
      for (let i = 0; i < poolSize; i++) {
        const c = client.connect({ ip: serverIp, port: 8080 + (i % listeners.length) });
        if (c.ok) pool.push(c);
      }
      for (const l of listeners)
        l.onConnection = (x) => {
          const a = x.accept();
          if (a.ok) a.onData = (s) => void s.read();
        };
      let served = 0;
      const n = Math.floor((num(p, "rate") * duration) / 1_000_000);
      for (let i = 0; i < n; i++) {
        sim.at(Math.round((i * 1_000_000) / num(p, "rate")) + 10_000, () => {
          const c = pool[i % pool.length];
          if (c !== undefined && c.send(100).ok) served++;
        });
      }
      sim.runFor(duration + 1_000_000);
      return result("port-exhaustion", options, sim, {
        attempted: pool.length,
        succeeded: pool.length,
        failedEaddrnotavail: 0,
        requestsServed: served,
        peakTimeWait: client.twCount,
        portsInRange: ports,
        theoreticalCeilingPerSec: ceiling,
        steadySuccessRatePerSec: 0,
        twRecycled: 0,
      });
    }
    const st = runLoad({
      sim,
      client,
      server,
      listeners,
      rate: num(p, "rate"),
      durationUs: duration,
      closer: str(p, "closer") as "client" | "server",
      sourceIps: ips,
      serverIp,
      requestBytes: 0,
      responseBytes: 0, // Nothing is recorded at "none", so eligible connections may skip the segment-by-segment play (load.ts).
      fastPath: str(p, "trace") === "none",
    });
    const ps = st.perSecond;
    return result(
      "port-exhaustion",
      options,
      sim,
      {
        attempted: st.attempted,
        succeeded: st.succeeded,
        failedEaddrnotavail: st.failed,
        peakTimeWait: peak(ps.clientTimeWait),
        peakServerTimeWait: peak(ps.serverTimeWait),
        portsInRange: ports,
        theoreticalCeilingPerSec: ceiling,
        // Once saturated, each port serves one connection per TIME_WAIT period: average over the last 60 s.
        steadySuccessRatePerSec: tailMean(
          ps.successes,
          ps.successes.length >= 120 ? 60 : Math.ceil(ps.successes.length / 2),
        ),
        twRecycled: client.counters.TcpExtTWRecycled,
        firstFailureAtSec: ps.failures.findIndex((f) => f > 0),
      },
      {
        timeWait: ps.clientTimeWait,
        serverTimeWait: ps.serverTimeWait,
        successes: ps.successes,
        failures: ps.failures,
      },
    );
  },
};
