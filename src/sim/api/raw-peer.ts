/**
 * RawPeer: a scripted remote end, the way packetdrill plays one. It owns an
 * address on the network but has no TCP stack: it injects hand-built
 * segments (any flags, numbers, window, length and options) and records
 * every segment that reaches it, with the ids the simulation's own counter
 * gave them. Sequence numbers can be given absolute or relative to the
 * host's ISN (learnt from the first SYN the host sends toward the peer).
 */
import type { ControlBits, Endpoint, Micros, Segment, TcpOptions } from "../segment.ts";
import { seqAdd, type SeqNum } from "../seq.ts";
import type { NetNode } from "../net/network.ts";
import type { Simulation } from "../simulation.ts";

/** A segment the peer received, with the time it arrived. */
export interface CapturedSegment {
  readonly t: Micros;
  readonly seg: Segment;
}

export interface InjectSpec {
  /** Source port on the peer (default: the peer's `port`). */
  readonly srcPort?: number;
  /** Destination endpoint on the host. */
  readonly dst: Endpoint;
  readonly flags?: Partial<ControlBits>;
  readonly seq: SeqNum;
  /** Present: ACK bit set. */
  readonly ack?: SeqNum;
  /** `ack` is relative to the host's ISN toward this 4-tuple (packetdrill's default). */
  readonly ackRelative?: boolean;
  readonly window?: number;
  readonly len?: number;
  readonly options?: TcpOptions;
}

export class RawPeer implements NetNode {
  readonly name: string;
  readonly ips: readonly string[];
  readonly ip: string;
  /** Default source port of injected segments. */
  port: number;
  /** Everything received, in arrival order. */
  readonly received: CapturedSegment[] = [];
  private readonly sim: Simulation;
  /** Host ISN per "hostPort peerPort" pair, from the host's SYN or SYN-ACK. */
  private readonly isns = new Map<string, SeqNum>();

  /** Creates the peer and attaches it to the simulation's network. Link it with `sim.link(host, peer)`. */
  constructor(sim: Simulation, name: string, ip: string, port = 40000) {
    this.sim = sim;
    this.name = name;
    this.ip = ip;
    this.ips = [ip];
    this.port = port;
    sim.net.attach(this);
  }

  receive(seg: Segment): void {
    if (seg.ctl.syn) this.isns.set(`${seg.src.port} ${seg.dst.port}`, seg.seq);
    this.received.push({ t: this.sim.now, seg });
  }

  /** The host's ISN on the connection between host port `hostPort` and peer port `peerPort`, once seen. */
  hostIsn(hostPort: number, peerPort: number = this.port): SeqNum | undefined {
    return this.isns.get(`${hostPort} ${peerPort}`);
  }

  /** Build and put a segment on the wire now; returns it. Throws if a relative ack has no known ISN. */
  inject(s: InjectSpec): Segment {
    const src = { ip: this.ip, port: s.srcPort ?? this.port };
    let ack = s.ack;
    if (ack !== undefined && s.ackRelative === true) {
      const isn = this.hostIsn(s.dst.port, src.port);
      if (isn === undefined)
        throw new Error(`relative ack ${ack}: the host has sent no SYN from port ${s.dst.port} to ${src.port} yet`);
      ack = seqAdd(isn, ack);
    }
    const ctl: ControlBits = { syn: false, fin: false, rst: false, psh: false, ...s.flags };
    const base = {
      id: this.sim.nextSegmentId(),
      src,
      dst: s.dst,
      seq: s.seq >>> 0,
      ctl,
      window: s.window ?? 65535,
      len: s.len ?? 0,
      options: s.options ?? {},
    };
    const seg: Segment = ack === undefined ? base : { ...base, ack: ack >>> 0 };
    this.sim.net.transmit(this, seg);
    return seg;
  }

  /** Inject at absolute simulated time `t`. */
  injectAt(t: Micros, s: InjectSpec): void {
    this.sim.at(t, () => this.inject(s));
  }
}
