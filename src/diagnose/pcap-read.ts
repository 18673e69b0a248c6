/**
 * Reads libpcap and pcapng files (what `tcpdump -w`, tshark and Wireshark
 * write) and decodes the TCP segments in them: Ethernet (with VLAN tags),
 * Linux cooked SLL and SLL2, BSD loopback and raw IP link types; IPv4 and
 * IPv6. A truncated or corrupt file stops the reading with a message naming
 * the byte offset; the packets before it are kept.
 */
import { msg, type InputIssue } from "./message.ts";

export interface TcpPacket {
  /** Index of the frame in the file (0-based, counting every frame). */
  readonly frame: number;
  /** Capture time in microseconds since the epoch. */
  readonly t: number;
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  /** Present when the ACK bit is set. */
  readonly ack: number | undefined;
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly psh: boolean;
  readonly window: number;
  /** TCP payload bytes (from the IP length, not the captured length). */
  readonly len: number;
  readonly mss: number | undefined;
  readonly wscale: number | undefined;
  readonly sackOk: boolean;
  readonly ts: { readonly val: number; readonly ecr: number } | undefined;
}

export interface PcapResult {
  readonly format: "pcap" | "pcapng";
  readonly linkTypes: readonly number[];
  readonly frames: number;
  readonly packets: readonly TcpPacket[];
  /** Frames that were not TCP over IP (ARP, UDP, unknown link types...). */
  readonly skipped: number;
  readonly issues: readonly InputIssue[];
}

export const PCAP_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1];
export const PCAPNG_MAGIC = 0x0a0d0d0a;

/** True when the bytes start like a capture file. */
export function looksLikeCapture(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return PCAP_MAGICS.includes(v) || v === PCAPNG_MAGIC;
}

function ipv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

function ipv6(v: DataView, o: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(v.getUint16(o + i * 2, false));
  // Longest run of zero groups becomes "::" (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

type Decoded = TcpPacket | undefined;

/** Decodes one TCP segment from an IP packet at offset o (end = end of captured data). */
function decodeIp(b: Uint8Array, v: DataView, o: number, end: number, frame: number, t: number): Decoded {
  if (o >= end) return undefined;
  const version = (b[o] ?? 0) >> 4;
  let src: string;
  let dst: string;
  let tcp: number;
  let payloadEnd: number;
  if (version === 4) {
    if (o + 20 > end) return undefined;
    const ihl = ((b[o] ?? 0) & 0x0f) * 4;
    const total = v.getUint16(o + 2, false);
    if ((b[o + 9] ?? 0) !== 6) return undefined;
    if ((v.getUint16(o + 6, false) & 0x1fff) !== 0) return undefined; // a later fragment
    src = ipv4(b, o + 12);
    dst = ipv4(b, o + 16);
    tcp = o + ihl;
    payloadEnd = o + total;
  } else if (version === 6) {
    if (o + 40 > end) return undefined;
    let next = b[o + 6] ?? 0;
    src = ipv6(v, o + 8);
    dst = ipv6(v, o + 24);
    payloadEnd = o + 40 + v.getUint16(o + 4, false);
    tcp = o + 40;
    // Hop-by-hop, routing and destination options headers.
    while ((next === 0 || next === 43 || next === 60) && tcp + 8 <= end) {
      next = b[tcp] ?? 0;
      tcp += ((b[tcp + 1] ?? 0) + 1) * 8;
    }
    if (next !== 6) return undefined;
  } else return undefined;
  if (tcp + 20 > end) return undefined;
  const dataOff = ((b[tcp + 12] ?? 0) >> 4) * 4;
  const flags = b[tcp + 13] ?? 0;
  let mss: number | undefined;
  let wscale: number | undefined;
  let sackOk = false;
  let ts: { val: number; ecr: number } | undefined;
  const optEnd = Math.min(tcp + dataOff, end);
  for (let p = tcp + 20; p < optEnd;) {
    const kind = b[p] ?? 0;
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    const size = b[p + 1] ?? 0;
    if (size < 2 || p + size > optEnd) break;
    if (kind === 2 && size === 4) mss = v.getUint16(p + 2, false);
    else if (kind === 3 && size === 3) wscale = b[p + 2];
    else if (kind === 4) sackOk = true;
    else if (kind === 8 && size === 10) ts = { val: v.getUint32(p + 2, false), ecr: v.getUint32(p + 6, false) };
    p += size;
  }
  return {
    frame,
    t,
    src,
    dst,
    sport: v.getUint16(tcp, false),
    dport: v.getUint16(tcp + 2, false),
    seq: v.getUint32(tcp + 4, false),
    ack: flags & 0x10 ? v.getUint32(tcp + 8, false) : undefined,
    syn: (flags & 0x02) !== 0,
    fin: (flags & 0x01) !== 0,
    rst: (flags & 0x04) !== 0,
    psh: (flags & 0x08) !== 0,
    window: v.getUint16(tcp + 14, false),
    len: Math.max(0, payloadEnd - tcp - dataOff),
    mss,
    wscale,
    sackOk,
    ts,
  };
}

/** Decodes a frame of the given link type starting at o. */
function decodeFrame(
  linkType: number,
  b: Uint8Array,
  v: DataView,
  o: number,
  end: number,
  frame: number,
  t: number,
): Decoded {
  switch (linkType) {
    case 1: {
      // Ethernet, with any number of 802.1Q/802.1ad tags.
      let p = o + 12;
      if (p + 2 > end) return undefined;
      let type = v.getUint16(p, false);
      while ((type === 0x8100 || type === 0x88a8) && p + 6 <= end) {
        p += 4;
        type = v.getUint16(p, false);
      }
      if (type !== 0x0800 && type !== 0x86dd) return undefined;
      return decodeIp(b, v, p + 2, end, frame, t);
    }
    case 113: {
      if (o + 16 > end) return undefined;
      const type = v.getUint16(o + 14, false);
      return type === 0x0800 || type === 0x86dd ? decodeIp(b, v, o + 16, end, frame, t) : undefined;
    }
    case 276: {
      if (o + 20 > end) return undefined;
      const type = v.getUint16(o, false);
      return type === 0x0800 || type === 0x86dd ? decodeIp(b, v, o + 20, end, frame, t) : undefined;
    }
    case 0:
    case 109:
      return decodeIp(b, v, o + 4, end, frame, t); // BSD loopback: 4-byte family, then IP
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return decodeIp(b, v, o, end, frame, t);
    default:
      return undefined;
  }
}

/** Reads a capture file; never throws. */
export function readCapture(bytes: Uint8Array): PcapResult {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) {
    return {
      format: "pcap",
      linkTypes: [],
      frames: 0,
      packets: [],
      skipped: 0,
      issues: [{ ...msg("issue.notCapture", { offset: 0 }), offset: 0 }],
    };
  }
  const magic = v.getUint32(0, false);
  if (magic === PCAPNG_MAGIC) return readPcapng(bytes, v);
  if (PCAP_MAGICS.includes(magic)) return readPcap(bytes, v, magic);
  return {
    format: "pcap",
    linkTypes: [],
    frames: 0,
    packets: [],
    skipped: 0,
    issues: [{ ...msg("issue.notCapture", { offset: 0 }), offset: 0 }],
  };
}

function readPcap(b: Uint8Array, v: DataView, magic: number): PcapResult {
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const packets: TcpPacket[] = [];
  const issues: InputIssue[] = [];
  if (b.length < 24) {
    issues.push({ ...msg("issue.truncatedHeader", { offset: b.length }), offset: b.length });
    return { format: "pcap", linkTypes: [], frames: 0, packets, skipped: 0, issues };
  }
  const linkType = v.getUint32(20, le) & 0x0fffffff;
  let frames = 0;
  let skipped = 0;
  let o = 24;
  while (o < b.length) {
    if (o + 16 > b.length) {
      issues.push({ ...msg("issue.truncatedRecord", { offset: o, frame: frames + 1 }), offset: o });
      break;
    }
    const sec = v.getUint32(o, le);
    const frac = v.getUint32(o + 4, le);
    const incl = v.getUint32(o + 8, le);
    if (incl > 262144 * 4) {
      issues.push({ ...msg("issue.badLength", { offset: o + 8, frame: frames + 1, length: incl }), offset: o + 8 });
      break;
    }
    if (o + 16 + incl > b.length) {
      issues.push({ ...msg("issue.truncatedRecord", { offset: o, frame: frames + 1 }), offset: o });
      break;
    }
    const t = sec * 1_000_000 + (nano ? Math.floor(frac / 1000) : frac);
    const p = decodeFrame(linkType, b, v, o + 16, o + 16 + incl, frames, t);
    if (p) packets.push(p);
    else skipped++;
    frames++;
    o += 16 + incl;
  }
  return { format: "pcap", linkTypes: [linkType], frames, packets, skipped, issues };
}

interface Iface {
  readonly linkType: number;
  /** Units per second of this interface's timestamps. */
  readonly unitsPerSec: number;
}

/** A pcapng timestamp in microseconds; exact (BigInt) when the units are not microseconds. */
function micros(hi: number, lo: number, unitsPerSec: number): number {
  if (unitsPerSec === 1_000_000) return hi * 2 ** 32 + lo;
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  return Number((units * 1_000_000n) / BigInt(unitsPerSec));
}

function readPcapng(b: Uint8Array, v: DataView): PcapResult {
  const packets: TcpPacket[] = [];
  const issues: InputIssue[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let frames = 0;
  let skipped = 0;
  let o = 0;
  const linkTypes = new Set<number>();
  while (o < b.length) {
    if (o + 12 > b.length) {
      issues.push({ ...msg("issue.truncatedRecord", { offset: o, frame: frames + 1 }), offset: o });
      break;
    }
    const type = v.getUint32(o, le);
    if (type === PCAPNG_MAGIC || v.getUint32(o, true) === PCAPNG_MAGIC) {
      const bom = v.getUint32(o + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else {
        issues.push({ ...msg("issue.badBlock", { offset: o + 8 }), offset: o + 8 });
        break;
      }
      ifaces = [];
    }
    const blockType = v.getUint32(o, le);
    const len = v.getUint32(o + 4, le);
    if (len < 12 || len % 4 !== 0) {
      issues.push({ ...msg("issue.badBlock", { offset: o + 4 }), offset: o + 4 });
      break;
    }
    if (o + len > b.length) {
      issues.push({ ...msg("issue.truncatedRecord", { offset: o, frame: frames + 1 }), offset: o });
      break;
    }
    if (blockType === 1) {
      const linkType = v.getUint16(o + 8, le);
      let unitsPerSec = 1_000_000;
      // Options: if_tsresol (code 9).
      for (let p = o + 16; p + 4 <= o + len - 4;) {
        const code = v.getUint16(p, le);
        const olen = v.getUint16(p + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = b[p + 4] ?? 6;
          unitsPerSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        }
        p += 4 + Math.ceil(olen / 4) * 4;
      }
      ifaces.push({ linkType, unitsPerSec });
      linkTypes.add(linkType);
    } else if (blockType === 6 || blockType === 2) {
      const ifId = blockType === 6 ? v.getUint32(o + 8, le) : v.getUint16(o + 8, le);
      const iface = ifaces[ifId];
      const incl = v.getUint32(o + 20, le);
      if (!iface || 28 + incl > len) {
        issues.push({ ...msg("issue.badBlock", { offset: o }), offset: o });
        break;
      }
      const t = micros(v.getUint32(o + 12, le), v.getUint32(o + 16, le), iface.unitsPerSec);
      const p = decodeFrame(iface.linkType, b, v, o + 28, o + 28 + incl, frames, t);
      if (p) packets.push(p);
      else skipped++;
      frames++;
    } else if (blockType === 3) {
      const iface = ifaces[0];
      const incl = Math.min(v.getUint32(o + 8, le), len - 16);
      const p = iface ? decodeFrame(iface.linkType, b, v, o + 12, o + 12 + incl, frames, 0) : undefined;
      if (p) packets.push(p);
      else skipped++;
      frames++;
    }
    o += len;
  }
  return { format: "pcapng", linkTypes: [...linkTypes], frames, packets, skipped, issues };
}
