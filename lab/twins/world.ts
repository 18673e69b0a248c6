/**
 * The simulator side of the lab: one "namespace" is a client host and a server host on a
 * loopback-like link (127.0.0.x, MSS 65495, a few µs each way) sharing the same sysctls,
 * as two sockets in one network namespace do on the kernel side.
 */
import {
  Simulation,
  flagString,
  type ConnectOptions,
  type Host,
  type Listener,
  type Segment,
  type SysError,
  type TcpSocket,
  type TraceEvent,
} from "../../src/sim/index.ts";

export const MS = 1_000;
export const SEC = 1_000_000;
/** MSS the kernel announces on loopback (MTU 65536 − 40). */
export const LOOPBACK_MSS = 65495;

export interface World {
  readonly sim: Simulation;
  readonly client: Host;
  readonly server: Host;
  /** Apply a sysctl to both hosts (one namespace on the kernel side). */
  set(name: string, value: string | number): void;
}

export function world(sysctl: Readonly<Record<string, string | number>> = {}, opts: { mss?: number } = {}): World {
  const sim = new Simulation({ seed: 1, sysctl });
  const mss = opts.mss ?? LOOPBACK_MSS;
  const client = sim.addHost("client", "127.0.0.1", { mss });
  const server = sim.addHost("server", "127.0.0.2", { mss });
  sim.link(client, server, { delay: 10 });
  return {
    sim,
    client,
    server,
    set(name, value) {
      client.setSysctl(name, value);
      server.setSysctl(name, value);
    },
  };
}

export function isError(x: TcpSocket | Listener | SysError): x is SysError {
  return !x.ok;
}

export function mustListen(h: Host, port: number, backlog = 128): Listener {
  const l = h.listen(port, backlog);
  if (isError(l)) throw new Error(`listen(${port}) failed: ${l.errno}`);
  return l;
}

/** connect() from the client to 127.0.0.2:port; throws if it fails at once. */
export function connectTo(w: World, port: number, opts: ConnectOptions = {}): TcpSocket {
  const c = w.client.connect({ ip: "127.0.0.2", port }, opts);
  if (isError(c)) throw new Error(`connect(${port}) failed: ${c.errno}`);
  return c;
}

/** A connection to a listener on the server, accepted after a millisecond: client socket `c`, server child `a`. */
export function accepted(w: World, l: Listener, opts: ConnectOptions = {}): { c: TcpSocket; a: TcpSocket } {
  const c = connectTo(w, l.port, opts);
  w.sim.runFor(MS);
  const a = l.accept();
  if (isError(a)) throw new Error(`accept failed: ${a.errno}`);
  return { c, a };
}

/**
 * The peer goes silent, as the kernel side's peer namespace does when its
 * veth address is removed: every segment toward the server is dropped from now on.
 */
export function silencePeer(w: World): void {
  w.sim.addFault({ to: "server", count: Infinity, action: "drop", label: "the peer goes silent" });
}

/**
 * One short connection the client closes first; the server closes when it reads EOF.
 * Returns the client's local port, or the errno connect() failed with.
 */
export function shortConnection(w: World, l: Listener, port: number): number | string {
  const c = w.client.connect({ ip: "127.0.0.2", port });
  if (isError(c)) return c.errno;
  w.sim.runFor(MS);
  const a = l.accept();
  if (isError(a)) throw new Error("accept failed: " + a.errno);
  a.onPeerClose = (s) => void s.close();
  c.close();
  w.sim.runFor(MS);
  return c.ref.local.port;
}

/** Segments sent, with tcpdump-style flags. */
export function sent(trace: readonly TraceEvent[]): { t: number; host: string; seg: Segment; flags: string }[] {
  const out: { t: number; host: string; seg: Segment; flags: string }[] = [];
  for (const e of trace)
    if (e.kind === "send") out.push({ t: e.t, host: e.host, seg: e.seg, flags: flagString(e.seg) });
  return out;
}

/** Seconds rounded to 2 decimals (the kernel side reports the same). */
export function secs(us: number): number {
  return Math.round(us / 10_000) / 100;
}

export function count(h: Host, state: Parameters<Host["count"]>[0]): number {
  return h.count(state);
}
