import { describe, expect, it } from "vitest";
import {
  PCAP_EPOCH_SECONDS,
  captureSegments,
  encodeTcpOptions,
  segmentsToPcap,
  traceToPcap,
} from "../../../src/sim/export/index.ts";
import type { Segment } from "../../../src/sim/segment.ts";
import * as fx from "./fixture.ts";

/** Element i, failing the test if it is missing (instead of a non-null assertion). */
function at<T>(list: ArrayLike<T>, i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

/**
 * An independent reader, written from the pcap / IPv4 / TCP specs rather
 * than from the writer: it re-derives every field and checksum itself.
 */
interface ParsedPacket {
  tsSec: number;
  tsUsec: number;
  capLen: number;
  origLen: number;
  dstMac: string;
  srcMac: string;
  etherType: number;
  ipVersion: number;
  ihl: number;
  totalLength: number;
  ipId: number;
  df: boolean;
  ttl: number;
  proto: number;
  ipChecksumOk: boolean;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  tcpChecksumOk: boolean;
  urgent: number;
  options: Uint8Array;
  payload: Uint8Array;
}

function onesSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (at(bytes, i) << 8) + (i + 1 < bytes.length ? at(bytes, i + 1) : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function readPcap(file: Uint8Array): { header: Record<string, number>; packets: ParsedPacket[] } {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const header = {
    magic: dv.getUint32(0, true),
    major: dv.getUint16(4, true),
    minor: dv.getUint16(6, true),
    thiszone: dv.getInt32(8, true),
    sigfigs: dv.getUint32(12, true),
    snaplen: dv.getUint32(16, true),
    linktype: dv.getUint32(20, true),
  };
  const packets: ParsedPacket[] = [];
  let off = 24;
  while (off < file.length) {
    const capLen = dv.getUint32(off + 8, true);
    const frame = file.subarray(off + 16, off + 16 + capLen);
    const f = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const mac = (o: number) => Array.from(frame.subarray(o, o + 6), (b) => b.toString(16).padStart(2, "0")).join(":");
    const ip = 14;
    const ihl = (at(frame, ip) & 0x0f) * 4;
    const totalLength = f.getUint16(ip + 2);
    const tcp = ip + ihl;
    const dataOff = (at(frame, tcp + 12) >> 4) * 4;
    const tcpBytes = frame.subarray(tcp, ip + totalLength);
    const pseudo = new Uint8Array(12 + tcpBytes.length);
    pseudo.set(frame.subarray(ip + 12, ip + 20), 0);
    pseudo[9] = 6;
    new DataView(pseudo.buffer).setUint16(10, tcpBytes.length);
    pseudo.set(tcpBytes, 12);
    packets.push({
      tsSec: dv.getUint32(off, true),
      tsUsec: dv.getUint32(off + 4, true),
      capLen,
      origLen: dv.getUint32(off + 12, true),
      dstMac: mac(0),
      srcMac: mac(6),
      etherType: f.getUint16(12),
      ipVersion: at(frame, ip) >> 4,
      ihl,
      totalLength,
      ipId: f.getUint16(ip + 4),
      df: (f.getUint16(ip + 6) & 0x4000) !== 0,
      ttl: at(frame, ip + 8),
      proto: at(frame, ip + 9),
      ipChecksumOk: onesSum(frame.subarray(ip, ip + ihl)) === 0xffff,
      srcIp: Array.from(frame.subarray(ip + 12, ip + 16)).join("."),
      dstIp: Array.from(frame.subarray(ip + 16, ip + 20)).join("."),
      srcPort: f.getUint16(tcp),
      dstPort: f.getUint16(tcp + 2),
      seq: f.getUint32(tcp + 4),
      ack: f.getUint32(tcp + 8),
      flags: at(frame, tcp + 13),
      window: f.getUint16(tcp + 14),
      tcpChecksumOk: onesSum(pseudo) === 0xffff,
      urgent: f.getUint16(tcp + 18),
      options: frame.subarray(tcp + 20, tcp + dataOff),
      payload: frame.subarray(tcp + dataOff, ip + totalLength),
    });
    off += 16 + capLen;
  }
  return { header, packets };
}

/** Decode TCP options back into the segment's shape (RFC 9293 §3.2 kind/length walk). */
function decodeOptions(bytes: Uint8Array): { opts: Record<string, unknown>; kinds: number[] } {
  const opts: Record<string, unknown> = {};
  const kinds: number[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i < bytes.length) {
    const kind = at(bytes, i);
    kinds.push(kind);
    if (kind === 0) break;
    if (kind === 1) {
      i += 1;
      continue;
    }
    const len = at(bytes, i + 1);
    if (kind === 2) opts["mss"] = dv.getUint16(i + 2);
    if (kind === 3) opts["windowScale"] = bytes[i + 2];
    if (kind === 4) opts["sackPermitted"] = true;
    if (kind === 8) opts["timestamp"] = { val: dv.getUint32(i + 2), ecr: dv.getUint32(i + 6) };
    expect(len).toBeGreaterThanOrEqual(2);
    i += len;
  }
  return { opts, kinds };
}

function flagsOf(s: Segment): number {
  return (
    (s.ctl.fin ? 1 : 0) |
    (s.ctl.syn ? 2 : 0) |
    (s.ctl.rst ? 4 : 0) |
    (s.ctl.psh ? 8 : 0) |
    (s.ack !== undefined ? 16 : 0)
  );
}

describe("pcap export", () => {
  const file = traceToPcap(fx.trace);
  const { header, packets } = readPcap(file);
  const sends = fx.trace.flatMap((e) => (e.kind === "send" ? [e] : []));

  it("writes a classic microsecond pcap global header for Ethernet", () => {
    expect(header).toEqual({
      magic: 0xa1b2c3d4,
      major: 2,
      minor: 4,
      thiszone: 0,
      sigfigs: 0,
      snaplen: 262144,
      linktype: 1,
    });
  });

  it("captures every send event by default, including the SYN the link dropped", () => {
    expect(packets).toHaveLength(sends.length);
    expect(at(packets, 0).seq).toBe(fx.ISN_C);
    expect(at(packets, 1).seq).toBe(fx.ISN_C);
  });

  it("puts timestamps at the fixed epoch plus simulated time", () => {
    packets.forEach((p, i) => {
      const t = at(sends, i).t;
      expect(p.tsSec).toBe(PCAP_EPOCH_SECONDS + Math.floor(t / 1e6));
      expect(p.tsUsec).toBe(t % 1e6);
    });
    expect(PCAP_EPOCH_SECONDS).toBe(Date.UTC(2026, 0, 1) / 1000);
  });

  it("writes valid Ethernet/IPv4 headers with good checksums", () => {
    packets.forEach((p, i) => {
      const s = at(sends, i).seg;
      expect(p.capLen).toBe(p.origLen);
      expect(p.capLen).toBe(14 + p.totalLength);
      expect(p.etherType).toBe(0x0800);
      expect(p.ipVersion).toBe(4);
      expect(p.ihl).toBe(20);
      expect(p.df).toBe(true);
      expect(p.ttl).toBe(64);
      expect(p.proto).toBe(6);
      expect(p.ipChecksumOk).toBe(true);
      expect(p.srcIp).toBe(s.src.ip);
      expect(p.dstIp).toBe(s.dst.ip);
      const ipHex = (ip: string) =>
        ip
          .split(".")
          .map((b) => Number(b).toString(16).padStart(2, "0"))
          .join(":");
      expect(p.srcMac).toBe(`02:00:${ipHex(s.src.ip)}`);
      expect(p.dstMac).toBe(`02:00:${ipHex(s.dst.ip)}`);
    });
  });

  it("numbers IP ids per source host", () => {
    const client = packets.filter((p) => p.srcIp === "10.0.0.1").map((p) => p.ipId);
    expect(client).toEqual(client.map((_, i) => i + 1));
  });

  it("writes TCP fields, options and payload length equal to the trace, with a valid checksum", () => {
    packets.forEach((p, i) => {
      const s = at(sends, i).seg;
      expect(p.tcpChecksumOk).toBe(true);
      expect(p.srcPort).toBe(s.src.port);
      expect(p.dstPort).toBe(s.dst.port);
      expect(p.seq).toBe(s.seq);
      expect(p.ack).toBe(s.ack ?? 0);
      expect(p.flags).toBe(flagsOf(s));
      expect(p.window).toBe(s.window);
      expect(p.urgent).toBe(0);
      expect(p.payload.length).toBe(s.len);
      expect(p.options.length % 4).toBe(0);
      expect(decodeOptions(p.options).opts).toEqual(JSON.parse(JSON.stringify(s.options)));
    });
  });

  it("orders SYN options like Linux: mss, sackOK, TS, nop, wscale", () => {
    expect(decodeOptions(at(packets, 0).options).kinds).toEqual([2, 4, 8, 1, 3]);
    expect(decodeOptions(at(packets, 3).options).kinds).toEqual([1, 1, 8]);
  });

  it("pads option combinations Linux never makes", () => {
    expect(Array.from(encodeTcpOptions({ sackPermitted: true }))).toEqual([1, 1, 4, 2]);
    expect(Array.from(encodeTcpOptions({ mss: 536, windowScale: 0 }))).toEqual([2, 4, 2, 24, 1, 3, 3, 0]);
    expect(encodeTcpOptions({}).length).toBe(0);
  });

  it("captures arrivals in deliver mode, keeping each packet's IP id", () => {
    const delivered = captureSegments(fx.trace, "deliver");
    // The first SYN was lost on the link, so it never arrived.
    expect(delivered.map((d) => d.seg.id)).not.toContain(fx.syn.id);
    expect(delivered.map((d) => d.seg.id)).not.toContain(fx.rst.id);
    const sent = new Map(captureSegments(fx.trace, "send").map((d) => [d.seg.id, d.ipId]));
    for (const d of delivered) expect(d.ipId).toBe(sent.get(d.seg.id));
    const { packets: arrived } = readPcap(traceToPcap(fx.trace, { capture: "deliver" }));
    expect(arrived).toHaveLength(delivered.length);
    expect(arrived.every((p) => p.tcpChecksumOk && p.ipChecksumOk)).toBe(true);
  });

  it("is deterministic and refuses values that cannot go on the wire", () => {
    expect(traceToPcap(fx.trace)).toEqual(file);
    const big = { ...fx.ack, window: 70000 };
    expect(() => segmentsToPcap([{ t: 0, seg: big }])).toThrow(/window/);
    expect(() => segmentsToPcap([{ t: 0, seg: { ...fx.ack, src: { ip: "10.0.0", port: 1 } } }])).toThrow(/IPv4/);
  });

  it("gets an odd payload length's checksum right", () => {
    const odd = { ...fx.req, len: 7 };
    const { packets: ps } = readPcap(segmentsToPcap([{ t: 5, seg: odd }]));
    expect(at(ps, 0).tcpChecksumOk).toBe(true);
    expect(at(ps, 0).payload.length).toBe(7);
  });
});
