/**
 * Shared engine for the bulk scenarios (port-exhaustion, proxy-backend):
 * open short connections at a fixed rate and sample once per second.
 * Arrivals are one self-rescheduling event, not a closure per connection,
 * so hour-long runs stay small.
 */
import type { Simulation } from "../simulation.ts";
import type { Host } from "../host.ts";
import type { EventTarget } from "../scheduler.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import type { Listener } from "../tcp/listener.ts";

export interface LoadSpec {
  readonly sim: Simulation;
  readonly client: Host;
  readonly server: Host;
  readonly listeners: readonly Listener[];
  readonly rate: number;
  readonly durationUs: number;
  /** Who closes first: the connecting side or the accepting side. */
  readonly closer: "client" | "server";
  readonly sourceIps: readonly string[];
  readonly serverIp: string;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

export interface LoadStats {
  attempted: number;
  succeeded: number;
  failed: number;
  established: number;
  readonly perSecond: { clientTimeWait: number[]; serverTimeWait: number[]; successes: number[]; failures: number[] };
}

const TAG_ARRIVAL = 1;
const TAG_SAMPLE = 2;

class LoadDriver implements EventTarget {
  private readonly s: LoadSpec;
  readonly stats: LoadStats = {
    attempted: 0,
    succeeded: 0,
    failed: 0,
    established: 0,
    perSecond: { clientTimeWait: [], serverTimeWait: [], successes: [], failures: [] },
  };
  private n = 0;
  private secOk = 0;
  private secFail = 0;
  private readonly interval: number;
  private readonly clientHooks: Pick<TcpSocket, "onEstablished" | "onData" | "onPeerClose">;

  constructor(s: LoadSpec) {
    this.s = s;
    this.interval = 1_000_000 / s.rate;
    const st = this.stats;
    // One set of hook functions shared by every connection (no per-connection closures).
    this.clientHooks = {
      onEstablished: (c) => {
        st.established++;
        if (s.requestBytes > 0) c.send(s.requestBytes);
        else if (s.closer === "client") c.close();
      },
      onData: (c) => {
        c.read();
        if (s.closer === "client" && c.state === "ESTABLISHED") c.close();
      },
      onPeerClose: (c) => {
        c.read();
        c.close();
      },
    };
    const serverData = (a: TcpSocket) => {
      a.read();
      if (s.responseBytes > 0 && a.bytesWritten === 0) a.send(s.responseBytes);
      if (s.closer === "server" && a.state === "ESTABLISHED") a.close();
    };
    const serverPeerClose = (a: TcpSocket) => {
      a.read();
      a.close();
    };
    for (const l of s.listeners) {
      l.onConnection = (lst) => {
        const a = lst.accept();
        if (!a.ok) return;
        a.onData = serverData;
        a.onPeerClose = serverPeerClose;
        if (s.requestBytes === 0) {
          if (s.responseBytes > 0) a.send(s.responseBytes);
          if (s.closer === "server") a.close();
        }
      };
    }
  }

  start(): void {
    const sched = this.s.sim.sched;
    sched.schedule(sched.now, this, TAG_ARRIVAL);
    sched.schedule(sched.now + 1_000_000, this, TAG_SAMPLE);
  }

  onEvent(tag: number): void {
    const s = this.s;
    const sched = s.sim.sched;
    if (tag === TAG_SAMPLE) {
      const p = this.stats.perSecond;
      p.clientTimeWait.push(s.client.twCount);
      p.serverTimeWait.push(s.server.twCount);
      p.successes.push(this.secOk);
      p.failures.push(this.secFail);
      this.secOk = 0;
      this.secFail = 0;
      if (p.successes.length * 1_000_000 < s.durationUs) sched.schedule(sched.now + 1_000_000, this, TAG_SAMPLE);
      return;
    }
    const i = this.n++;
    const ip = s.sourceIps[i % s.sourceIps.length] as string;
    const l = s.listeners[Math.floor(i / s.sourceIps.length) % s.listeners.length] as Listener;
    this.stats.attempted++;
    const c = s.client.connect(
      { ip: s.serverIp, port: l.port },
      s.sourceIps.length > 1 ? { localIp: ip, bindAddressNoPort: true } : {},
    );
    if (c.ok) {
      this.stats.succeeded++;
      this.secOk++;
      c.onEstablished = this.clientHooks.onEstablished;
      c.onData = this.clientHooks.onData;
      c.onPeerClose = this.clientHooks.onPeerClose;
    } else {
      this.stats.failed++;
      this.secFail++;
    }
    const next = Math.round((this.n) * this.interval);
    if (next < s.durationUs) sched.schedule(next, this, TAG_ARRIVAL);
  }
}

export function runLoad(spec: LoadSpec): LoadStats {
  const d = new LoadDriver(spec);
  const t0 = spec.sim.now;
  d.start();
  spec.sim.runUntil(t0 + spec.durationUs);
  return d.stats;
}

export function peak(xs: readonly number[]): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** Average of the last `n` entries. */
export function tailMean(xs: readonly number[], n: number): number {
  const t = xs.slice(-Math.max(1, Math.min(n, xs.length)));
  return t.length === 0 ? 0 : Math.round((t.reduce((a, b) => a + b, 0) / t.length) * 10) / 10;
}
