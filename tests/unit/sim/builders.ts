/** Small builders and a tiny trace formatter for the simulation tests. */
import { Simulation, type SimulationOptions } from "../../../src/sim/simulation.ts";
import type { Host, HostOptions, ConnectOptions } from "../../../src/sim/host.ts";
import type { Listener, ListenOptions } from "../../../src/sim/tcp/listener.ts";
import type { TcpSocket } from "../../../src/sim/tcp/socket.ts";
import type { LinkOptions } from "../../../src/sim/net/network.ts";
import type { TraceEvent } from "../../../src/sim/trace.ts";
import { flagString } from "../../../src/sim/segment.ts";

export const SEC = 1_000_000;
export const MS = 1_000;

export interface Pair {
  sim: Simulation;
  client: Host;
  server: Host;
  listener: Listener;
  /** connect() from client to server:80, throwing on a synchronous error. */
  connect(opts?: ConnectOptions): TcpSocket;
  /** accept() the next child, throwing if none. */
  accept(): TcpSocket;
}

export function pair(
  o: SimulationOptions & {
    link?: LinkOptions;
    client?: HostOptions;
    server?: HostOptions;
    clientIp?: string;
    serverIp?: string;
    backlog?: number;
    listen?: ListenOptions;
  } = {},
): Pair {
  const sim = new Simulation(o);
  const clientIp = o.clientIp ?? "10.0.0.1";
  const serverIp = o.serverIp ?? "10.0.0.2";
  const client = sim.addHost("client", clientIp, o.client ?? {});
  const server = sim.addHost("server", serverIp, o.server ?? {});
  sim.link(client, server, o.link ?? { delay: 500 });
  const l = server.listen(80, o.backlog ?? 128, o.listen ?? {});
  if (!l.ok) throw new Error(`listen: ${l.errno}`);
  return {
    sim,
    client,
    server,
    listener: l,
    connect(opts = {}) {
      const c = client.connect({ ip: serverIp, port: 80 }, opts);
      if (!c.ok) throw new Error(`connect: ${c.errno}`);
      return c;
    },
    accept() {
      const a = l.accept();
      if (!a.ok) throw new Error(`accept: ${a.errno}`);
      return a;
    },
  };
}

/** An established connection: client socket, server child. */
export function established(o: Parameters<typeof pair>[0] = {}): Pair & { c: TcpSocket; s: TcpSocket } {
  const p = pair(o);
  const c = p.connect();
  p.sim.runFor(10 * MS);
  const s = p.accept();
  return { ...p, c, s };
}

/** Times (µs) at which `host` sent segments matching `pred`. */
export function sendTimes(
  events: readonly TraceEvent[],
  host: string,
  pred: (e: Extract<TraceEvent, { kind: "send" }>) => boolean,
): number[] {
  const out: number[] = [];
  for (const e of events) if (e.kind === "send" && e.host === host && pred(e)) out.push(e.t);
  return out;
}

export function states(events: readonly TraceEvent[], host?: string): string[] {
  const out: string[] = [];
  for (const e of events)
    if (e.kind === "state" && (host === undefined || e.sock.host === host)) out.push(`${e.from}>${e.to}`);
  return out;
}

function t(us: number): string {
  return (us / 1e6).toFixed(6);
}

/**
 * A readable one-line-per-event rendering (our own, not the export
 * module's): sends and state changes, with sequence numbers relative to the
 * first SYN of each direction so snapshots do not depend on ISNs.
 */
export function formatTrace(events: readonly TraceEvent[], opts: { kinds?: readonly string[] } = {}): string {
  const kinds = opts.kinds ?? ["send", "state", "drop"];
  const base = new Map<string, number>();
  const rel = (dir: string, n: number) => {
    const b = base.get(dir);
    return b === undefined ? n : (n - b + 2 ** 32) % 2 ** 32;
  };
  const lines: string[] = [];
  for (const e of events) {
    if (!kinds.includes(e.kind)) continue;
    if (e.kind === "send" || e.kind === "drop" || e.kind === "deliver") {
      const s = e.seg;
      const dir = `${s.src.ip}:${s.src.port}>${s.dst.ip}:${s.dst.port}`;
      const back = `${s.dst.ip}:${s.dst.port}>${s.src.ip}:${s.src.port}`;
      if (s.ctl.syn && !base.has(dir)) base.set(dir, s.seq);
      const ack = s.ack !== undefined ? ` ack ${rel(back, s.ack)}` : "";
      const extra = e.kind === "drop" ? ` DROP(${e.reason})` : "";
      lines.push(
        `${t(e.t)} ${e.kind} ${e.host} ${s.src.port}>${s.dst.port} [${flagString(s)}] seq ${rel(dir, s.seq)}${ack} len ${s.len}${extra}`,
      );
    } else if (e.kind === "state") {
      lines.push(`${t(e.t)} state ${e.sock.host}:${e.sock.local.port} ${e.from} -> ${e.to}`);
    } else if (e.kind === "call") {
      lines.push(`${t(e.t)} call ${e.host} ${e.call} = ${e.result}`);
    } else if (e.kind === "counter") {
      lines.push(`${t(e.t)} counter ${e.host} ${e.name}=${e.value}`);
    }
  }
  return lines.join("\n");
}
