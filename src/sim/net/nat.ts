/**
 * A source NAT (masquerade): many inside hosts share one public address.
 * Like netfilter it keeps the inside source port when that public port is
 * still free toward the same destination, and picks another otherwise. It
 * rewrites only addresses and ports: TCP options, including the inside
 * hosts' unrelated timestamp clocks, pass through untouched — which is
 * exactly what broke tcp_tw_recycle (tcp_tw_recycle, removed in 4.12; lab: sysctl-p-blog).
 */
import type { Segment } from "../segment.ts";
import type { Tracer } from "../tracer.ts";
import type { NetNode, Network } from "./network.ts";

interface Mapping {
  readonly insideIp: string;
  readonly insidePort: number;
  readonly publicPort: number;
}

export class Nat implements NetNode {
  readonly name: string;
  readonly publicIp: string;
  readonly ips: readonly string[];
  private readonly net: Network;
  private readonly tracer: Tracer;
  private readonly nextId: () => number;
  private readonly out = new Map<string, Mapping>();
  private readonly back = new Map<string, Mapping>();
  /** Translations made so far. */
  mappings = 0;

  constructor(name: string, publicIp: string, net: Network, tracer: Tracer, nextId: () => number) {
    this.name = name;
    this.publicIp = publicIp;
    this.ips = [publicIp];
    this.net = net;
    this.tracer = tracer;
    this.nextId = nextId;
  }

  receive(seg: Segment): void {
    if (seg.dst.ip === this.publicIp) {
      const m = this.back.get(`${seg.dst.port}>${seg.src.ip}:${seg.src.port}`);
      if (m === undefined) {
        this.tracer.drop(this.name, seg, "nat_no_mapping");
        return;
      }
      this.net.transmit(this, { ...seg, id: this.nextId(), dst: { ip: m.insideIp, port: m.insidePort } });
      return;
    }
    const key = `${seg.src.ip}:${seg.src.port}>${seg.dst.ip}:${seg.dst.port}`;
    let m = this.out.get(key);
    if (m === undefined) {
      let port = seg.src.port;
      const dst = `${seg.dst.ip}:${seg.dst.port}`;
      while (this.back.has(`${port}>${dst}`)) port = port >= 65535 ? 1024 : port + 1;
      m = { insideIp: seg.src.ip, insidePort: seg.src.port, publicPort: port };
      this.out.set(key, m);
      this.back.set(`${port}>${dst}`, m);
      this.mappings++;
    }
    this.net.transmit(this, { ...seg, id: this.nextId(), src: { ip: this.publicIp, port: m.publicPort } });
  }
}
