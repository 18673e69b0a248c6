/**
 * Write a simulation trace as a classic libpcap file that Wireshark, tshark
 * and tcpdump open directly.
 *
 * File layout (libpcap format, draft-ietf-opsawg-pcap §4-§5): a 24-byte
 * global header (magic 0xa1b2c3d4 = microsecond timestamps, version 2.4,
 * snaplen, link type), then per packet a 16-byte record header (ts_sec,
 * ts_usec, captured length, original length) and the frame bytes. Header
 * fields are written little-endian; readers detect the byte order from the
 * magic. Inside the frame everything is network order (big-endian).
 *
 * Each frame is Ethernet II (link type 1) + IPv4 (RFC 791) + TCP (RFC 9293
 * §3.1). The simulation carries no payload bytes, only their count, so the
 * payload is `len` zero bytes: lengths and checksums stay right, and zeros add
 * nothing to the ones'-complement sum.
 *
 * Everything here is a pure function of the trace: no clock, no randomness.
 * Timestamps are a fixed epoch plus simulated time, so the same run always
 * gives byte-identical files.
 */
import type { Micros, Segment } from "../segment.ts";
import type { TraceEvent } from "../trace.ts";
import { encodeTcpOptions } from "./tcp-options.ts";

/** 2026-01-01T00:00:00Z in Unix seconds: where simulated time 0 lands in a capture. */
export const PCAP_EPOCH_SECONDS = 1767225600;

/** Classic pcap magic for microsecond timestamps. */
export const PCAP_MAGIC = 0xa1b2c3d4;
/** LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
export const LINKTYPE_ETHERNET = 1;
/** Large enough for any IPv4 packet plus the Ethernet header, so nothing is truncated. */
export const PCAP_SNAPLEN = 262144;

const ETH_HEADER = 14;
const IP_HEADER = 20;
const TCP_HEADER = 20;
const IP_TTL = 64;
const IPPROTO_TCP = 6;
const ETHERTYPE_IPV4 = 0x0800;

/** Drop reasons that mean the receiving host's stack saw the segment and discarded it. */
export const HOST_STACK_DROPS: ReadonlySet<string> = new Set([
  "syn_queue_full",
  "syn_max_backlog",
  "accept_queue_full",
  "paws",
  "tw_recycle",
  "invalid",
]);

/** Which trace events become packets. */
export type CapturePoint = "send" | "deliver";

export interface PcapOptions {
  /**
   * "send" (default): every segment as it leaves its host, including ones the
   * network later drops, like tcpdump on each sender's interface.
   * "deliver": segments as they arrive at a host, like tcpdump on each
   * receiver (a segment the receiving host then discards still arrived).
   */
  readonly capture?: CapturePoint | undefined;
  /** Unix seconds at simulated time 0. Default PCAP_EPOCH_SECONDS. */
  readonly epochSeconds?: number | undefined;
}

/** A segment and the simulated time it is captured at. */
export interface TimedSegment {
  readonly t: Micros;
  readonly seg: Segment;
  /** IPv4 identification; assigned from a per-source counter when absent. */
  readonly ipId?: number | undefined;
}

/**
 * Pick the captured segments out of a trace, in trace order.
 *
 * IP ids are given out when a segment is *sent* (one counter per source IP,
 * starting at 1, wrapping at 2^16), so a segment keeps the same id in a send
 * capture and a deliver capture, as a real packet would.
 */
export function captureSegments(trace: readonly TraceEvent[], capture: CapturePoint = "send"): TimedSegment[] {
  const ipIds = new Map<number, number>();
  const counters = new Map<string, number>();
  for (const ev of trace) {
    if (ev.kind !== "send" || ipIds.has(ev.seg.id)) continue;
    const next = counters.get(ev.seg.src.ip) ?? 1;
    ipIds.set(ev.seg.id, next);
    counters.set(ev.seg.src.ip, (next + 1) & 0xffff);
  }
  const out: TimedSegment[] = [];
  if (capture === "send") {
    for (const ev of trace) {
      if (ev.kind === "send") out.push({ t: ev.t, seg: ev.seg, ipId: ipIds.get(ev.seg.id) });
    }
    return out;
  }
  // Deliver side: a "deliver" event, or a drop by the receiving host's TCP
  // stack (queue full, PAWS...), which happens after the frame arrived. Drops
  // in the network (link loss, no route, NAT, host down) never arrived.
  const seen = new Set<string>();
  for (const ev of trace) {
    const arrived = ev.kind === "deliver" || (ev.kind === "drop" && HOST_STACK_DROPS.has(ev.reason));
    if (!arrived) continue;
    const key = `${ev.seg.id}@${ev.host}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ t: ev.t, seg: ev.seg, ipId: ipIds.get(ev.seg.id) });
  }
  return out;
}

/** Parse dotted-quad IPv4 text into 4 bytes. */
export function ipv4Bytes(ip: string): Uint8Array {
  const parts = ip.split(".");
  if (parts.length !== 4) throw new RangeError(`not an IPv4 address: ${ip}`);
  const out = new Uint8Array(4);
  parts.forEach((p, i) => {
    const n = /^\d{1,3}$/.test(p) ? Number(p) : NaN;
    if (!(n >= 0 && n <= 255)) throw new RangeError(`not an IPv4 address: ${ip}`);
    out[i] = n;
  });
  return out;
}

/**
 * A MAC address derived from the IP: 02:00 followed by the four IP bytes.
 * 0x02 in the first byte marks a locally administered unicast address
 * (IEEE 802 U/L bit), so it cannot clash with a real vendor's address.
 */
export function macForIp(ip: string): Uint8Array {
  const mac = new Uint8Array(6);
  mac[0] = 0x02;
  mac.set(ipv4Bytes(ip), 2);
  return mac;
}

/**
 * Sum 16-bit big-endian words into a running 32-bit accumulator (RFC 1071).
 * An odd final byte is padded with a zero byte on the right.
 */
function sumWords(bytes: Uint8Array, start: number, end: number, acc: number): number {
  let sum = acc;
  let i = start;
  for (; i + 1 < end; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (i < end) sum += (bytes[i] ?? 0) << 8;
  return sum;
}

function foldChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** The Internet checksum (RFC 1071) of a byte range. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return foldChecksum(sumWords(bytes, start, end, 0));
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} out of range for the wire: ${value}`);
  }
}

/**
 * One Ethernet + IPv4 + TCP frame for a segment.
 *
 * `window` is written as the 16-bit window field. The simulation gives the
 * value the sender puts in that field; a value that cannot fit is an error
 * rather than something to silently clip.
 */
export function encodeFrame(seg: Segment, ipId: number): Uint8Array {
  const options = encodeTcpOptions(seg.options);
  const tcpLen = TCP_HEADER + options.length + seg.len;
  const ipLen = IP_HEADER + tcpLen;
  checkField("IPv4 total length", ipLen, 0xffff);
  checkField("payload length", seg.len, 0xffff);
  checkField("window", seg.window, 0xffff);
  checkField("seq", seg.seq, 0xffffffff);
  checkField("ack", seg.ack ?? 0, 0xffffffff);
  checkField("source port", seg.src.port, 0xffff);
  checkField("destination port", seg.dst.port, 0xffff);

  const frame = new Uint8Array(ETH_HEADER + ipLen); // payload stays zero-filled
  const view = new DataView(frame.buffer);
  const srcIp = ipv4Bytes(seg.src.ip);
  const dstIp = ipv4Bytes(seg.dst.ip);

  // Ethernet II: destination MAC, source MAC, EtherType.
  frame.set(macForIp(seg.dst.ip), 0);
  frame.set(macForIp(seg.src.ip), 6);
  view.setUint16(12, ETHERTYPE_IPV4);

  // IPv4 header (RFC 791 §3.1), no options.
  const ip = ETH_HEADER;
  frame[ip] = 0x45; // version 4, IHL 5 words
  frame[ip + 1] = 0; // DSCP/ECN
  view.setUint16(ip + 2, ipLen);
  view.setUint16(ip + 4, ipId & 0xffff);
  // Flags: DF, as Linux sets on TCP once path-MTU discovery is on (the default).
  view.setUint16(ip + 6, 0x4000);
  frame[ip + 8] = IP_TTL;
  frame[ip + 9] = IPPROTO_TCP;
  frame.set(srcIp, ip + 12);
  frame.set(dstIp, ip + 16);
  view.setUint16(ip + 10, internetChecksum(frame, ip, ip + IP_HEADER));

  // TCP header (RFC 9293 §3.1).
  const tcp = ip + IP_HEADER;
  view.setUint16(tcp, seg.src.port);
  view.setUint16(tcp + 2, seg.dst.port);
  view.setUint32(tcp + 4, seg.seq);
  view.setUint32(tcp + 8, seg.ack ?? 0);
  const dataOffsetWords = (TCP_HEADER + options.length) / 4;
  frame[tcp + 12] = dataOffsetWords << 4;
  // Control bits, low to high: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10.
  frame[tcp + 13] =
    (seg.ctl.fin ? 0x01 : 0) |
    (seg.ctl.syn ? 0x02 : 0) |
    (seg.ctl.rst ? 0x04 : 0) |
    (seg.ctl.psh ? 0x08 : 0) |
    (seg.ack !== undefined ? 0x10 : 0);
  view.setUint16(tcp + 14, seg.window);
  // Checksum at tcp+16 stays 0 while summing; urgent pointer at tcp+18 is 0.
  frame.set(options, tcp + TCP_HEADER);

  // Pseudo-header (RFC 9293 §3.1): source, destination, zero, protocol, TCP length.
  const pseudo = new Uint8Array(12);
  pseudo.set(srcIp, 0);
  pseudo.set(dstIp, 4);
  pseudo[9] = IPPROTO_TCP;
  new DataView(pseudo.buffer).setUint16(10, tcpLen);
  let sum = sumWords(pseudo, 0, 12, 0);
  // The payload is all zeros, so summing the header and options is enough.
  sum = sumWords(frame, tcp, tcp + TCP_HEADER + options.length, sum);
  view.setUint16(tcp + 16, foldChecksum(sum));
  return frame;
}

/** Write timed segments as a pcap file. */
export function segmentsToPcap(segments: readonly TimedSegment[], options: PcapOptions = {}): Uint8Array {
  const epoch = options.epochSeconds ?? PCAP_EPOCH_SECONDS;
  const counters = new Map<string, number>();
  const frames: { t: Micros; bytes: Uint8Array }[] = [];
  let total = 24;
  for (const { t, seg, ipId } of segments) {
    if (!Number.isInteger(t) || t < 0) throw new RangeError(`bad capture time: ${t}`);
    let id = ipId;
    if (id === undefined) {
      id = counters.get(seg.src.ip) ?? 1;
      counters.set(seg.src.ip, (id + 1) & 0xffff);
    }
    const bytes = encodeFrame(seg, id);
    frames.push({ t, bytes });
    total += 16 + bytes.length;
  }

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  // Global header.
  view.setUint32(0, PCAP_MAGIC, true);
  view.setUint16(4, 2, true); // version major
  view.setUint16(6, 4, true); // version minor
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, PCAP_SNAPLEN, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = 24;
  for (const { t, bytes } of frames) {
    view.setUint32(at, epoch + Math.floor(t / 1_000_000), true);
    view.setUint32(at + 4, t % 1_000_000, true);
    view.setUint32(at + 8, bytes.length, true); // captured length
    view.setUint32(at + 12, bytes.length, true); // original length
    out.set(bytes, at + 16);
    at += 16 + bytes.length;
  }
  return out;
}

/** Write a trace as a pcap file: by default every segment sent. */
export function traceToPcap(trace: readonly TraceEvent[], options: PcapOptions = {}): Uint8Array {
  return segmentsToPcap(captureSegments(trace, options.capture ?? "send"), options);
}
