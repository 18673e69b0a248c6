/**
 * The simulation: one clock (the scheduler), one RNG, one trace, and the
 * hosts, links and NAT boxes of a run. Nothing here reads a real clock or
 * the platform RNG, so the same seed and the same script give the same trace.
 *
 *   const sim = new Simulation({ seed: 1 });
 *   const client = sim.addHost("client", "10.0.0.1");
 *   const server = sim.addHost("server", "10.0.0.2");
 *   sim.link(client, server, { delay: 500 });
 *   const l = server.listen(80, 128);
 *   const c = client.connect({ ip: "10.0.0.2", port: 80 });
 *   sim.runFor(1_000_000);
 */
import type { Micros } from "./segment.ts";
import type { KernelProfile } from "./scenarios/types.ts";
import type { TraceEvent } from "./trace.ts";
import { Scheduler, type EventTarget } from "./scheduler.ts";
import { Rng } from "./rng.ts";
import { Tracer, type TraceLevel } from "./tracer.ts";
import { KeyedHash } from "./isn.ts";
import { Network, type LinkOptions, type NetNode } from "./net/network.ts";
import type { FaultRule } from "./net/faults.ts";
import { Nat } from "./net/nat.ts";
import { Host, type HostOptions, type SimContext } from "./host.ts";
import { isProfile } from "./profiles.ts";
import { SysctlError } from "./sysctl.ts";
import { checkSeed, InputRangeError } from "./input.ts";

export interface SimulationOptions {
  /** Seed of the run's one RNG (default 1). */
  readonly seed?: number;
  /** Kernel profile for hosts (default "linux"). */
  readonly profile?: KernelProfile;
  /** How much to record (default "all"). */
  readonly traceLevel?: TraceLevel;
  /**
   * sysctl values applied to hosts as they are added, like ScenarioOptions.sysctl:
   * "tcp_tw_reuse": 1 for every host, "server:net.ipv4.tcp_rfc1337": 1 for one.
   */
  readonly sysctl?: Readonly<Record<string, string | number>>;
}

/** Runs scripted app actions at a given time. */
class Script implements EventTarget {
  onEvent(_tag: number, data: unknown): void {
    (data as () => void)();
  }
}

export class Simulation {
  readonly seed: number;
  readonly profile: KernelProfile;
  readonly sched = new Scheduler();
  readonly rng: Rng;
  readonly tracer: Tracer;
  readonly net: Network;
  readonly hasher: KeyedHash;
  readonly hosts = new Map<string, Host>();
  readonly nats = new Map<string, Nat>();
  private readonly sysctlOverrides: Readonly<Record<string, string | number>>;
  private readonly script = new Script();
  private segId = 0;
  private sockId = 0;
  private readonly ctx: SimContext;

  constructor(opts: SimulationOptions = {}) {
    this.seed = checkSeed(opts.seed ?? 1);
    const profile = opts.profile ?? "linux";
    if (!isProfile(profile))
      throw new Error(`unknown profile "${String(profile)}"; valid: linux, linux-pre-4.12, rfc9293`);
    this.profile = profile;
    this.rng = new Rng(this.seed);
    this.tracer = new Tracer(opts.traceLevel ?? "all", this.sched);
    this.net = new Network(this.sched, this.rng, this.tracer);
    // The per-boot secret of secure_tcp_seq() / port selection, from the one RNG.
    this.hasher = new KeyedHash(this.rng);
    this.sysctlOverrides = opts.sysctl ?? {};
    this.ctx = {
      sched: this.sched,
      tracer: this.tracer,
      rng: this.rng,
      net: this.net,
      hasher: this.hasher,
      nextSegmentId: () => ++this.segId,
      nextSocketId: () => ++this.sockId,
    };
  }

  /** Simulated time in µs. */
  get now(): Micros {
    return this.sched.now;
  }

  /** The next segment id from the run's one counter (for nodes outside the core, e.g. a RawPeer). */
  nextSegmentId(): number {
    return this.ctx.nextSegmentId();
  }

  /** Everything recorded so far. */
  get trace(): readonly TraceEvent[] {
    return this.tracer.events;
  }

  /** Add a host with one or more IPv4 addresses. */
  addHost(name: string, ip: string | readonly string[], opts: HostOptions = {}): Host {
    if (this.hosts.has(name) || this.nats.has(name)) throw new Error(`a host named "${name}" already exists`);
    const h = new Host(this.ctx, name, typeof ip === "string" ? [ip] : ip, this.profile, opts);
    for (const [k, v] of Object.entries(this.sysctlOverrides)) {
      const colon = k.indexOf(":");
      if (colon >= 0) {
        if (k.slice(0, colon) === name) h.setSysctl(k.slice(colon + 1), v);
      } else {
        const r = h.sysctl.set(k, v);
        if (!r.ok) throw new SysctlError(r.message, r.errno);
      }
    }
    this.net.attach(h);
    this.hosts.set(name, h);
    return h;
  }

  /** Add a NAT box owning `publicIp`. Link inside hosts to it and call setGateway(inside, nat). */
  addNat(name: string, publicIp: string): Nat {
    if (this.hosts.has(name) || this.nats.has(name)) throw new Error(`a host named "${name}" already exists`);
    const n = new Nat(name, publicIp, this.net, this.tracer, () => ++this.segId);
    this.net.attach(n);
    this.nats.set(name, n);
    return n;
  }

  /**
   * Throws if a host-specific sysctl override ("ghost:tcp_fin_timeout") names
   * no host of this run: it would otherwise be ignored without a word. Call it
   * once every host is added (scenarios do, when they pack their result).
   */
  checkSysctlHosts(): void {
    for (const k of Object.keys(this.sysctlOverrides)) {
      const colon = k.indexOf(":");
      if (colon < 0 || this.hosts.has(k.slice(0, colon))) continue;
      throw new InputRangeError(
        `sysctl override "${k}" names no host of this run; hosts: ${[...this.hosts.keys()].join(", ")}`,
      );
    }
  }

  host(name: string): Host {
    const h = this.hosts.get(name);
    if (h === undefined) throw new Error(`no host named "${name}"; hosts: ${[...this.hosts.keys()].join(", ")}`);
    return h;
  }

  /** Join two nodes with a link (delay in µs, optional random loss/duplication/reordering). */
  link(a: NetNode, b: NetNode, opts: LinkOptions = {}): void {
    this.net.link(a, b, opts);
  }

  /** Send everything `node` cannot deliver directly through `gateway` (e.g. a NAT). */
  setGateway(node: NetNode, gateway: NetNode): void {
    this.net.setGateway(node, gateway);
  }

  /** Script a network fault (drop / duplicate / delay matching segments). */
  addFault(rule: FaultRule): void {
    this.net.addFault(rule);
  }

  /** Run `fn` at absolute simulated time `t` (an app action in a scenario script). */
  at(t: Micros, fn: () => void): void {
    this.sched.schedule(Math.max(t, this.now), this.script, 0, fn);
  }

  /** Run `fn` after `delay` µs. */
  after(delay: Micros, fn: () => void): void {
    this.at(this.now + delay, fn);
  }

  note(text: string): void {
    this.tracer.note(text);
  }

  /** Advance the clock by `us` µs, running every event due. */
  runFor(us: Micros): void {
    this.sched.runUntil(this.now + us);
  }

  /** Advance the clock to absolute time `t`. */
  runUntil(t: Micros): void {
    this.sched.runUntil(t);
  }

  /** Run until nothing is left to do, or until `limit` µs of simulated time (default 1 day). */
  run(limit: Micros = 86_400_000_000): void {
    const end = this.now + limit;
    while (this.sched.peekTime() <= end) this.sched.step();
  }
}
