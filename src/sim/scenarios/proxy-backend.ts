/**
 * A reverse proxy opening short connections to one backend, which closes
 * first (HTTP-style), so the *backend* holds the TIME_WAIT sockets. The
 * proxy's ports are free again right after LAST_ACK, so its new SYNs can
 * land on backend TIME_WAIT 4-tuples: Linux accepts them at once when the
 * sequence number or timestamp is newer (tcp_timewait_state_process()).
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { bool, guardSysctl, makeSim, num, readParams, result, str } from "./common.ts";
import { peak, runLoad } from "./load.ts";
import { ceilingPerSec, steadyRate } from "../capacity.ts";
import type { TraceLevel } from "../tracer.ts";

const params = [
  { name: "rate", description: "Requests (new backend connections) per second", default: 500, min: 1, max: 100_000 },
  { name: "durationSec", description: "Simulated seconds", default: 120, min: 1, max: 86_400 },
  {
    name: "proxyIps",
    description: "Source addresses of the proxy (IP_BIND_ADDRESS_NO_PORT round-robin)",
    default: 1,
    min: 1,
    max: 64,
  },
  { name: "portLow", description: "Proxy ip_local_port_range low end", default: 32768, min: 1024, max: 65535 },
  { name: "portHigh", description: "Proxy ip_local_port_range high end", default: 60999, min: 1024, max: 65535 },
  { name: "closer", description: "Who closes first", default: "server", choices: ["client", "server"] },
  { name: "timestamps", description: "tcp_timestamps on both hosts", default: true },
  {
    name: "trace",
    description: "Trace level for the run",
    default: "none",
    choices: ["none", "states", "no-timers", "all"],
  },
] as const;

export const proxyBackend: ScenarioDef = {
  name: "proxy-backend",
  description:
    "Clients → proxy → one backend. The backend closes first and holds TIME_WAIT; the proxy's reused ports send SYNs into those TIME_WAIT sockets.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("proxy-backend", params, options.params);
    const lo = num(p, "portLow");
    const hi = num(p, "portHigh");
    if (lo > hi) throw new Error(`scenario "proxy-backend": portLow must be <= portHigh`);
    const sysctl: Record<string, string | number> = { "proxy:ip_local_port_range": `${lo} ${hi}` };
    if (!bool(p, "timestamps")) sysctl["tcp_timestamps"] = 0;
    const ips = Array.from({ length: num(p, "proxyIps") }, (_, i) => `10.0.0.${i + 1}`);
    const sim = guardSysctl("proxy-backend", () => {
      const s = makeSim("proxy-backend", options, { traceLevel: str(p, "trace") as TraceLevel, sysctl });
      s.addHost("proxy", ips);
      s.addHost("backend", "10.0.1.1", { sysctl: { "net.core.somaxconn": 65535 } });
      return s;
    });
    const proxy = sim.host("proxy");
    const backend = sim.host("backend");
    sim.link(proxy, backend, { delay: 100 });
    const l = backend.listen(8080, 65535);
    if (!l.ok) throw new Error("proxy-backend: listen failed");
    const st = runLoad({
      sim,
      client: proxy,
      server: backend,
      listeners: [l],
      rate: num(p, "rate"),
      durationUs: num(p, "durationSec") * 1_000_000,
      closer: str(p, "closer") as "client" | "server",
      sourceIps: ips,
      serverIp: "10.0.1.1",
      requestBytes: 200,
      responseBytes: 500, // Nothing is recorded at "none", so eligible connections may skip the segment-by-segment play (load.ts).
      fastPath: str(p, "trace") === "none",
    });
    const ps = st.perSecond;
    return result(
      "proxy-backend",
      options,
      sim,
      {
        attempted: st.attempted,
        succeeded: st.succeeded,
        failedEaddrnotavail: st.failed,
        backendPeakTimeWait: peak(ps.serverTimeWait),
        proxyPeakTimeWait: peak(ps.clientTimeWait),
        synsIntoBackendTimeWait: backend.stats.synAcceptedFromTimeWait + backend.stats.synAckedByTimeWait,
        acceptedFromTimeWait: backend.stats.synAcceptedFromTimeWait,
        answeredWithAckByTimeWait: backend.stats.synAckedByTimeWait,
        timeWaitAssassinated: backend.stats.timeWaitAssassinated,
        // Once saturated, each port serves one connection per TIME_WAIT period (capacity.ts).
        steadySuccessRatePerSec: steadyRate(ps.successes),
        theoreticalCeilingPerSec: ceilingPerSec({ ports: hi - lo + 1, pairs: ips.length }),
      },
      {
        backendTimeWait: ps.serverTimeWait,
        proxyTimeWait: ps.clientTimeWait,
        successes: ps.successes,
        failures: ps.failures,
      },
    );
  },
};
