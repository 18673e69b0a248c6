/**
 * tcp_fin_timeout governs only orphaned FIN_WAIT2 (lab: fin-wait2-orphan): after close()
 * the socket waits at most tcp_fin_timeout for the peer's FIN; after
 * shutdown(SHUT_WR) it waits forever; TIME_WAIT stays 60 s regardless.
 */
import { knobDef } from "../sysctl.ts";
import { PROFILES } from "../profiles.ts";
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { guardSysctl, makeSim, num, readParams, result, secs, str } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";

const params = [
  { name: "finTimeout", description: "net.ipv4.tcp_fin_timeout on the client (s)", default: 60, min: 1, max: 600 },
  { name: "mode", description: "How the client ends its side", default: "close", choices: ["close", "shutdown"] },
] as const;

export const finWait2Timeout: ScenarioDef = {
  name: "fin-wait2-timeout",
  description:
    "Client closes while the server never does: the orphaned FIN_WAIT2 lasts tcp_fin_timeout (after shutdown(): forever). A normal close shows TIME_WAIT is still 60 s.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("fin-wait2-timeout", params, options.params);
    // Plain RFC 9293 has no such knob: an orphaned FIN-WAIT-2 simply waits for the peer's FIN.
    const hasFinTimeout = knobDef("tcp_fin_timeout")?.defaults[options.profile ?? "linux"] !== undefined;
    const sysctl = hasFinTimeout ? { "client:tcp_fin_timeout": num(p, "finTimeout") } : {};
    const sim = guardSysctl("fin-wait2-timeout", () =>
      makeSim("fin-wait2-timeout", options, { sysctl, paramOf: { "client:tcp_fin_timeout": params[0] } }),
    );
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: 100 });
    const l = server.listen(5000, 16);
    if (!l.ok) throw new Error("fin-wait2-timeout: listen failed");
    const accepted: TcpSocket[] = [];
    l.onConnection = () => {
      const a = l.accept();
      if (a.ok) accepted.push(a);
    };
    // Connection A: the server never closes (stays in CLOSE_WAIT).
    const a = client.connect({ ip: "10.0.0.2", port: 5000 });
    // Connection B: the server closes as soon as the client's FIN arrives → client TIME_WAIT.
    const b = client.connect({ ip: "10.0.0.2", port: 5000 });
    if (!a.ok || !b.ok) throw new Error("fin-wait2-timeout: connect failed");
    sim.runFor(1_000_000);
    const bServer = accepted[1];
    if (bServer !== undefined) bServer.onPeerClose = (x) => void x.close();
    if (str(p, "mode") === "close") a.close();
    else a.shutdown("SHUT_WR");
    b.close();
    const t0 = sim.now;
    // Long enough for the FIN_WAIT2 timeout and for the profile's whole TIME_WAIT (240 s on rfc9293).
    const timeWaitSec = PROFILES[options.profile ?? "linux"].timeWaitLen / 1_000_000;
    sim.runFor(Math.max(200, num(p, "finTimeout") * 2 + 30, timeWaitSec + 30) * 1_000_000);
    const aRef = a.ref;
    let fw2Start = -1;
    let fw2End = -1;
    let twStart = -1;
    let twEnd = -1;
    for (const e of sim.trace) {
      if (e.kind !== "state" || e.sock.host !== "client") continue;
      const same = e.sock.local.port === aRef.local.port;
      if (same && e.to === "FIN_WAIT2") fw2Start = e.t;
      if (same && e.from === "FIN_WAIT2" && e.to === "CLOSED") fw2End = e.t;
      if (!same && e.to === "TIME_WAIT") twStart = e.t;
      if (!same && e.from === "TIME_WAIT" && e.to === "CLOSED") twEnd = e.t;
    }
    return result("fin-wait2-timeout", options, sim, {
      mode: str(p, "mode"),
      finTimeout: num(p, "finTimeout"),
      finWait2Seconds: fw2End >= 0 ? secs(fw2End - fw2Start) : -1,
      stillInFinWait2AtEnd: a.state === "FIN_WAIT2",
      timeWaitSeconds: twEnd >= 0 ? secs(twEnd - twStart) : -1,
      closedAtSec: secs(t0),
      serverStateOfA: accepted[0]?.state ?? "CLOSED",
    });
  },
};
