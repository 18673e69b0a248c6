/**
 * The wires: links with a one-way delay and optional random loss,
 * duplication and reordering (drawn from the run's one RNG), plus scripted
 * faults. Routing is deliberately tiny: a node reaches an address directly
 * when it has a link to the address's owner, otherwise through its gateway
 * (a NAT box).
 */
import type { Micros, Segment } from "../segment.ts";
import type { Rng } from "../rng.ts";
import type { Scheduler, EventTarget } from "../scheduler.ts";
import type { Tracer } from "../tracer.ts";
import { FaultState, type FaultRule } from "./faults.ts";
import { checkMicros, checkProbability } from "../input.ts";

export interface NetNode {
  readonly name: string;
  readonly ips: readonly string[];
  receive(seg: Segment, from: NetNode): void;
}

export interface LinkOptions {
  /** One-way delay in µs. Default 100. */
  readonly delay?: Micros;
  /** Probability that a segment is lost. */
  readonly loss?: number;
  /** Probability that a segment is delivered twice. */
  readonly duplicate?: number;
  /** Probability that a segment is held back by up to `reorderDelay` µs, so later ones overtake it. */
  readonly reorder?: number;
  /** Default: 4 × delay + 1000 µs. */
  readonly reorderDelay?: Micros;
}

interface Link {
  readonly delay: Micros;
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly reorderDelay: Micros;
}

/** A resolved next hop: the link to take and the scheduler tag of the delivery. */
interface Route {
  readonly hop: NetNode;
  readonly link: Link;
  readonly tag: number;
}

export const DEFAULT_LINK_DELAY: Micros = 100;

export class Network implements EventTarget {
  private readonly sched: Scheduler;
  private readonly rng: Rng;
  private readonly tracer: Tracer;
  private readonly owners = new Map<string, NetNode>();
  private readonly links = new Map<NetNode, Map<NetNode, Link>>();
  private readonly gateways = new Map<NetNode, NetNode>();
  /**
   * Attached nodes by index. A segment in flight is one scheduler event whose
   * data is the segment and whose tag packs (to, from) node indexes, so the
   * wire allocates nothing per segment.
   */
  private readonly nodes: NetNode[] = [];
  private readonly nodeIndex = new Map<NetNode, number>();
  private faults: FaultState[] = [];
  /**
   * Resolved next hops, per sending node and destination IP, so a segment
   * costs two Map lookups instead of five (none when it is one of the last two
   * routes used). Routes change only in attach(), link() and setGateway(), which clear it.
   */
  private readonly routes = new Map<NetNode, Map<string, Route>>();
  // The last two routes used, before the Map: a two-host run alternates between two.
  private memoFromA: NetNode | undefined = undefined;
  private memoIpA = "";
  private memoRouteA: Route | undefined = undefined;
  private memoFromB: NetNode | undefined = undefined;
  private memoIpB = "";
  private memoRouteB: Route | undefined = undefined;
  /** Segments in flight right now (for tests and widgets). */
  inFlight = 0;

  constructor(sched: Scheduler, rng: Rng, tracer: Tracer) {
    this.sched = sched;
    this.rng = rng;
    this.tracer = tracer;
  }

  attach(node: NetNode): void {
    if (this.nodes.length >= 0x7fff) throw new Error("too many nodes (max 32767)");
    for (const ip of node.ips) {
      if (this.owners.has(ip)) throw new Error(`address ${ip} is already used by ${this.owners.get(ip)?.name}`);
      this.owners.set(ip, node);
    }
    this.clearRoutes();
    this.nodeIndex.set(node, this.nodes.length);
    this.nodes.push(node);
  }

  private clearRoutes(): void {
    this.routes.clear();
    this.memoFromA = this.memoFromB = undefined;
    this.memoRouteA = this.memoRouteB = undefined;
  }

  private indexOf(node: NetNode): number {
    const i = this.nodeIndex.get(node);
    if (i === undefined) throw new Error(`node ${node.name} is not attached to the network`);
    return i;
  }

  owner(ip: string): NetNode | undefined {
    return this.owners.get(ip);
  }

  link(a: NetNode, b: NetNode, opts: LinkOptions = {}): void {
    // Checked here: a NaN rate or delay would otherwise make segments vanish without a trace.
    const delay = checkMicros("link delay", opts.delay ?? DEFAULT_LINK_DELAY);
    const l: Link = {
      delay,
      loss: checkProbability("link loss", opts.loss ?? 0),
      duplicate: checkProbability("link duplicate", opts.duplicate ?? 0),
      reorder: checkProbability("link reorder", opts.reorder ?? 0),
      reorderDelay: checkMicros("link reorderDelay", opts.reorderDelay ?? 4 * delay + 1000),
    };
    this.clearRoutes();
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let m = this.links.get(x);
      if (m === undefined) this.links.set(x, (m = new Map()));
      m.set(y, l);
    }
  }

  /**
   * The one-way delay between `a` and `b` when segments between them can
   * only be delivered once, intact and in order: a direct link with no random
   * loss, duplication or reordering, and no scripted fault anywhere. Else
   * undefined. (The bulk fast path in scenarios/load.ts relies on this.)
   */
  plainDelay(a: NetNode, b: NetNode): Micros | undefined {
    if (this.faults.length > 0) return undefined;
    const l = this.links.get(a)?.get(b);
    if (l === undefined || l.loss > 0 || l.duplicate > 0 || l.reorder > 0) return undefined;
    return l.delay;
  }

  setGateway(node: NetNode, gw: NetNode): void {
    this.gateways.set(node, gw);
    this.clearRoutes();
  }

  addFault(rule: FaultRule): void {
    this.faults.push(new FaultState(rule));
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Put a segment on the wire from `from`. Traces the send; may drop it. */
  transmit(from: NetNode, seg: Segment): void {
    this.tracer.send(from.name, seg);
    const ip = seg.dst.ip;
    let route: Route | undefined;
    if (from === this.memoFromA && ip === this.memoIpA) route = this.memoRouteA;
    else if (from === this.memoFromB && ip === this.memoIpB) route = this.memoRouteB;
    else {
      route = this.routes.get(from)?.get(ip) ?? this.resolve(from, ip);
      if (route !== undefined) {
        this.memoFromB = this.memoFromA;
        this.memoIpB = this.memoIpA;
        this.memoRouteB = this.memoRouteA;
        this.memoFromA = from;
        this.memoIpA = ip;
        this.memoRouteA = route;
      }
    }
    if (route === undefined) {
      this.transmitSlow(from, seg);
      return;
    }
    this.forward(from, route.hop, route.link, route.tag, seg);
  }

  /** The next hop from `from` towards `ip`: the owner of `ip` if linked directly, else the gateway. */
  private nextHop(from: NetNode, ip: string): { hop: NetNode; link: Link } | undefined {
    const direct = this.links.get(from);
    if (direct === undefined) return undefined;
    const dest = this.owners.get(ip);
    const destLink = dest === undefined ? undefined : direct.get(dest);
    if (dest !== undefined && destLink !== undefined) return { hop: dest, link: destLink };
    const gw = this.gateways.get(from);
    const gwLink = gw === undefined ? undefined : direct.get(gw);
    if (gw !== undefined && gwLink !== undefined) return { hop: gw, link: gwLink };
    return undefined;
  }

  /** The next hop from `from` towards `ip`, cached when both ends are attached. */
  private resolve(from: NetNode, ip: string): Route | undefined {
    const next = this.nextHop(from, ip);
    if (next === undefined) return undefined;
    const hi = this.nodeIndex.get(next.hop);
    const lo = this.nodeIndex.get(from);
    // An unattached end keeps the uncached path, which reports it.
    if (hi === undefined || lo === undefined) return undefined;
    const route: Route = { hop: next.hop, link: next.link, tag: (hi << 16) | lo };
    let m = this.routes.get(from);
    if (m === undefined) this.routes.set(from, (m = new Map()));
    m.set(ip, route);
    return route;
  }

  /** No route, or an end that is not attached: uncached, and reported. */
  private transmitSlow(from: NetNode, seg: Segment): void {
    const next = this.nextHop(from, seg.dst.ip);
    if (next === undefined) {
      this.tracer.drop(from.name, seg, "no_route");
      return;
    }
    this.forward(from, next.hop, next.link, -1, seg);
  }

  /** Faults, loss, duplication and reordering, then the delivery event(s). `tag` -1: compute it (may throw). */
  private forward(from: NetNode, hop: NetNode, link: Link, tag: number, seg: Segment): void {
    let copies = 1;
    let extra = 0;
    for (let i = 0; i < this.faults.length; i++) {
      const act = (this.faults[i] as FaultState).apply(seg, from.name, hop.name);
      if (act === undefined) continue;
      if (act === "drop") {
        this.tracer.drop(from.name, seg, "fault");
        return;
      }
      if (act === "duplicate") copies = 2;
      else extra += act.delay;
    }
    if (link.loss > 0 && this.rng.chance(link.loss)) {
      this.tracer.drop(from.name, seg, "fault");
      return;
    }
    if (link.duplicate > 0 && this.rng.chance(link.duplicate)) copies = 2;
    if (link.reorder > 0 && this.rng.chance(link.reorder)) extra += 1 + this.rng.below(link.reorderDelay);
    const at = this.sched.now + link.delay + extra;
    if (tag < 0) tag = (this.indexOf(hop) << 16) | this.indexOf(from);
    for (let c = 0; c < copies; c++) {
      this.inFlight++;
      this.sched.schedule(at + c, this, tag, seg);
    }
  }

  onEvent(tag: number, data: unknown): void {
    const seg = data as Segment;
    const to = this.nodes[tag >>> 16] as NetNode;
    const from = this.nodes[tag & 0xffff] as NetNode;
    this.inFlight--;
    this.tracer.deliver(to.name, seg);
    to.receive(seg, from);
  }
}
