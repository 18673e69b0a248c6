/**
 * Why TIME_WAIT exists, reason 1: a delayed segment of an earlier
 * incarnation of the same 4-tuple must not be accepted by a new one.
 */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { match } from "../net/faults.ts";
import { bool, makeSim, num, readParams, result, secs, str } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import type { Simulation } from "../simulation.ts";
import type { Micros } from "../segment.ts";

/** Segments sent in [from, to), -1 when the trace level records no segments. */
function segmentsBetween(sim: Simulation, from: Micros, to: Micros): number {
  if (!sim.tracer.segments) return -1;
  let n = 0;
  for (const e of sim.trace) if (e.kind === "send" && e.t >= from && e.t < to) n++;
  return n;
}

const params = [
  { name: "timeWait", description: "Client keeps TIME_WAIT (false: tcp_max_tw_buckets=0 skips it)", default: true },
  { name: "delaySec", description: "How long the network holds the first data segment", default: 30, min: 2, max: 55 },
  {
    name: "isnMode",
    description: "fixed: both incarnations use the same ISNs (worst case); linux: keyed-hash + 64 ns clock ISNs",
    default: "fixed",
    choices: ["fixed", "linux"],
  },
  { name: "timestamps", description: "tcp_timestamps (PAWS can also reject the old segment)", default: false },
  { name: "bytes", description: "Bytes the server sends in each incarnation", default: 100, min: 1, max: 1460 },
] as const;

export const oldDuplicate: ScenarioDef = {
  name: "old-duplicate",
  description:
    "A server data segment is delayed in the network; the client closes, reconnects from the same port, and the old segment arrives in the new connection.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("old-duplicate", params, options.params);
    const tw = bool(p, "timeWait");
    const fixed = str(p, "isnMode") === "fixed";
    const sysctl: Record<string, number> = {};
    if (!tw) sysctl["client:tcp_max_tw_buckets"] = 0;
    if (!bool(p, "timestamps")) sysctl["tcp_timestamps"] = 0;
    const sim = makeSim("old-duplicate", options, { sysctl });
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    const delay = 500;
    sim.link(client, server, { delay });
    const holdUs = num(p, "delaySec") * 1_000_000;
    const bytes = num(p, "bytes");
    let delayedId = -1;
    let arrival = -1;
    let fateBefore = "";
    sim.addFault({
      from: "server",
      match: (s) => {
        if (delayedId >= 0 || !match.data(s)) return false;
        delayedId = s.id;
        arrival = sim.now + holdUs + delay;
        // Just before it lands, note what holds the 4-tuple at the client.
        sim.at(arrival - 1, () => {
          const c = client.findConn(s.dst.ip, s.dst.port, s.src.ip, s.src.port);
          fateBefore = c === undefined ? "no-socket" : c.kind === "tw" ? "time-wait" : "socket";
        });
        return true;
      },
      action: { delay: holdUs },
      label: "hold the first data segment",
    });
    const l = server.listen(80, 128, fixed ? { isn: 5000 } : {});
    if (!l.ok) throw new Error("old-duplicate: listen failed");
    let incarnation = 0;
    l.onConnection = () => {
      const a = l.accept();
      if (!a.ok) return;
      incarnation++;
      a.onPeerClose = (x) => void x.close();
      // The first incarnation answers at once; the second only after the old segment had its chance.
      if (incarnation === 1) a.send(bytes);
      else sim.at(arrival + 1_000_000, () => void a.send(bytes));
    };
    const opts = { localPort: 40000, reuseAddr: true, ...(fixed ? { isn: 1000 } : {}) };
    const first = client.connect({ ip: "10.0.0.2", port: 80 }, opts);
    if (!first.ok) throw new Error(`old-duplicate: connect failed with ${first.errno}`);
    first.onData = (x) => void x.read();
    sim.at(1_000_000 + 5 * 1_000_000, () => void first.close());
    let second: TcpSocket | undefined;
    let reconnectAt = -1;
    let failedAttempts = 0;
    let stale = 0;
    const tryConnect = () => {
      const r = client.connect({ ip: "10.0.0.2", port: 80 }, opts);
      if (!r.ok) {
        failedAttempts++;
        sim.after(1_000_000, tryConnect);
        return;
      }
      second = r;
      reconnectAt = sim.now;
      r.onData = (x, n, seg) => {
        x.read();
        if (seg.id === delayedId) stale += n;
      };
    };
    sim.at(7_000_000, tryConnect);
    sim.runFor(150_000_000);
    const fate =
      stale > 0
        ? "accepted"
        : fateBefore === "time-wait"
          ? "answered-by-time-wait"
          : fateBefore === "socket"
            ? "rejected-by-new-connection"
            : "no-socket-rst";
    return result("old-duplicate", options, sim, {
      timeWait: tw,
      isnMode: str(p, "isnMode"),
      staleBytesAccepted: stale > 0,
      staleBytes: stale,
      delayedSegmentArrivedAtSec: secs(arrival),
      delayedSegmentFate: fate,
      reconnectSucceededAtSec: reconnectAt >= 0 ? secs(reconnectAt) : -1,
      reconnectAttemptsRefused: failedAttempts,
      newConnectionBytesReceived: second?.bytesReceived ?? 0,
      pawsRejects: client.counters.TcpExtPAWSEstab,
      // The TIME_WAIT's ACK reaches a server that has forgotten the connection; its RST then
      // kills the TIME_WAIT early (RFC 1337 assassination, tcp_rfc1337=0).
      timeWaitKilledByRst: client.stats.timeWaitAssassinated > 0,
      // Segments sent in the second after the old segment lands: tcp_invalid_ratelimit keeps a
      // confused pair from trading ACKs as fast as the link allows (tcp_oow_rate_limited()).
      segmentsInSecondAfterArrival: segmentsBetween(sim, arrival, arrival + 1_000_000),
    });
  },
};
