/** TCP keepalive (lab: keepalive; tcp_keepalive_timer()): probes on an idle SO_KEEPALIVE connection, live vs dead peer. */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { guardSysctl, makeSim, num, readParams, result, secs, str } from "./common.ts";

const params = [
  {
    name: "peer",
    description: "Whether the server stays up or silently dies 1 s in",
    default: "dead",
    choices: ["alive", "dead"],
  },
  { name: "keepaliveTime", description: "net.ipv4.tcp_keepalive_time (s)", default: 7200, min: 1, max: 100_000 },
  { name: "keepaliveIntvl", description: "net.ipv4.tcp_keepalive_intvl (s)", default: 75, min: 1, max: 10_000 },
  { name: "keepaliveProbes", description: "net.ipv4.tcp_keepalive_probes", default: 9, min: 1, max: 255 },
] as const;

export const keepalive: ScenarioDef = {
  name: "keepalive",
  description:
    "An idle connection with SO_KEEPALIVE: the first probe after tcp_keepalive_time; a dead peer is detected after time + probes × intvl.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("keepalive", params, options.params);
    const time = num(p, "keepaliveTime");
    const intvl = num(p, "keepaliveIntvl");
    const probes = num(p, "keepaliveProbes");
    const sim = guardSysctl("keepalive", () =>
      makeSim("keepalive", options, {
        sysctl: { tcp_keepalive_time: time, tcp_keepalive_intvl: intvl, tcp_keepalive_probes: probes },
        traceLevel: "no-timers",
      }),
    );
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: 100 });
    const l = server.listen(9101, 4);
    if (!l.ok) throw new Error("keepalive: listen failed");
    l.onConnection = () => void l.accept();
    const c = client.connect({ ip: "10.0.0.2", port: 9101 }, { keepAlive: true });
    if (!c.ok) throw new Error("keepalive: connect failed");
    let detected = -1;
    c.onClose = () => {
      detected = sim.now;
    };
    sim.runFor(1_000_000);
    const idleFrom = c.lastRecvAt;
    const dead = str(p, "peer") === "dead";
    if (dead) server.down = true;
    const horizon = dead ? time + probes * intvl + 2 * intvl + 5 : 3 * time + 5;
    sim.runFor(horizon * 1_000_000);
    const probeTimes: number[] = [];
    for (const e of sim.trace) {
      if (
        e.kind === "send" &&
        e.host === "client" &&
        e.seg.len === 0 &&
        !e.seg.ctl.syn &&
        !e.seg.ctl.rst &&
        e.t > 500_000
      ) {
        probeTimes.push(secs(e.t - idleFrom));
      }
    }
    return result("keepalive", options, sim, {
      peer: str(p, "peer"),
      probesSent: probeTimes.length,
      probeTimesSec: probeTimes.slice(0, 20).join(","),
      firstProbeAtSec: probeTimes[0] ?? -1,
      detectedAtSec: detected >= 0 ? secs(detected - idleFrom) : -1,
      expectedDetectionSec: time + probes * intvl,
      clientError: c.error ?? "",
      clientState: c.state,
    });
  },
};
