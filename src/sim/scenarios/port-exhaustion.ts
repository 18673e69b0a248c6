/**
 * Ephemeral port exhaustion by TIME_WAIT (lab: port-capacity):
 * without reuse a client that closes first can open ports ÷ 60 s
 * connections per second toward one (source IP, destination IP, port).
 */
import type { ScenarioDef, ScenarioOptions, ScenarioResult } from "./types.ts";
import { bool, guardSysctl, makeSim, num, readParams, result, str } from "./common.ts";
import { peak, runLoad } from "./load.ts";
import { ceilingPerSec, steadyRate } from "../capacity.ts";
import type { TraceLevel } from "../tracer.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import type { Simulation } from "../simulation.ts";
import type { Listener } from "../tcp/listener.ts";

/** The scenario's one link delay, µs each way (the capacity estimator plays the same exchange). */
export const PORT_EXHAUSTION_DELAY = 100;

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
    sim.link(client, server, { delay: PORT_EXHAUSTION_DELAY });
    const listeners = Array.from({ length: num(p, "destPorts") }, (_, i) => {
      const l = server.listen(8080 + i, 65535);
      if (!l.ok) throw new Error("port-exhaustion: listen failed");
      return l;
    });
    const duration = num(p, "durationSec") * 1_000_000;
    const ports = hi - lo + 1;
    // The summary quotes Linux's figure (lab: port-capacity) whatever the profile: ports ÷ TCP_TIMEWAIT_LEN per pair.
    const ceiling = ceilingPerSec({ ports, pairs: nIps * listeners.length });
    const poolSize = num(p, "pool");
    if (poolSize > 0)
      return runPool(options, sim, listeners, serverIp, poolSize, num(p, "rate"), duration, ports, ceiling);
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
        // Once saturated, each port serves one connection per TIME_WAIT period (capacity.ts).
        steadySuccessRatePerSec: steadyRate(ps.successes),
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

/**
 * Keep-alive: a fixed set of connections carries every request; no new
 * ports are needed. Same summary keys and per-second series as the load
 * run (successes[0] = the pool's connect() calls that got a port, zeros
 * after), so a chart works for every parameter set.
 */
function runPool(
  options: ScenarioOptions,
  sim: Simulation,
  listeners: readonly Listener[],
  serverIp: string,
  poolSize: number,
  rate: number,
  duration: number,
  ports: number,
  ceiling: number,
): ScenarioResult {
  const client = sim.host("client");
  const server = sim.host("server");
  const pool: TcpSocket[] = [];
  let failed = 0;
  for (let i = 0; i < poolSize; i++) {
    const c = client.connect({ ip: serverIp, port: 8080 + (i % listeners.length) });
    if (c.ok) pool.push(c);
    else failed++;
  }
  for (const l of listeners)
    l.onConnection = (x) => {
      const a = x.accept();
      if (a.ok) a.onData = (s) => void s.read();
    };
  let served = 0;
  const n = Math.floor((rate * duration) / 1_000_000);
  // One self-rescheduling request event instead of a closure per request.
  let next = 0;
  const request = (): void => {
    const c = pool[next % pool.length];
    if (c !== undefined && c.send(100).ok) served++;
    next++;
    if (next < n) sim.at(Math.round((next * 1_000_000) / rate) + 10_000, request);
  };
  if (n > 0) sim.at(10_000, request);
  const series = {
    timeWait: [] as number[],
    serverTimeWait: [] as number[],
    successes: [] as number[],
    failures: [] as number[],
  };
  const sample = (): void => {
    const first = series.successes.length === 0;
    series.timeWait.push(client.twCount);
    series.serverTimeWait.push(server.twCount);
    series.successes.push(first ? pool.length : 0);
    series.failures.push(first ? failed : 0);
    if (series.successes.length * 1_000_000 < duration) sim.after(1_000_000, sample);
  };
  sim.at(sim.now + 1_000_000, sample);
  sim.runFor(duration + 1_000_000);
  return result(
    "port-exhaustion",
    options,
    sim,
    {
      attempted: poolSize,
      succeeded: pool.length,
      failedEaddrnotavail: failed,
      requestsServed: served,
      peakTimeWait: peak(series.timeWait),
      peakServerTimeWait: peak(series.serverTimeWait),
      portsInRange: ports,
      theoreticalCeilingPerSec: ceiling,
      steadySuccessRatePerSec: steadyRate(series.successes),
      twRecycled: client.counters.TcpExtTWRecycled,
      firstFailureAtSec: series.failures.findIndex((f) => f > 0),
    },
    series,
  );
}
