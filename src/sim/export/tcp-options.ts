/**
 * TCP options in the order Linux puts them on the wire.
 *
 * Both the pcap writer and the tcpdump-style text use this one list, so the
 * bytes in a capture and the `options [...]` text can never disagree.
 *
 * Layouts (kind, length, value), all from the RFCs:
 *   MSS            kind 2, len 4, 16-bit MSS            (RFC 9293 §3.2)
 *   Window scale   kind 3, len 3, 8-bit shift count     (RFC 7323 §2.2)
 *   SACK-permitted kind 4, len 2                        (RFC 2018 §2)
 *   Timestamps     kind 8, len 10, TSval, TSecr (32-bit) (RFC 7323 §3.2)
 *   NOP            kind 1, a single byte used to align the next option
 *   EOL            kind 0, ends the list
 *
 * Order: Linux's tcp_options_write() (net/ipv4/tcp_output.c) emits whole
 * 32-bit words: MSS; then SACK-permitted packed with the timestamp
 * ("sackOK,TS"), or two NOPs before the timestamp when SACK is off; then,
 * when there is no timestamp, two NOPs and SACK-permitted; then one NOP and
 * window scale. That gives tcpdump's familiar
 * `mss 1460,sackOK,TS val .. ecr ..,nop,wscale 7` on a SYN and
 * `nop,nop,TS val .. ecr ..` on later segments, always a multiple of 4 bytes.
 */
import type { TcpOptions } from "../segment.ts";

export type TcpOptionItem =
  | { readonly kind: "mss"; readonly value: number }
  | { readonly kind: "sackOK" }
  | { readonly kind: "TS"; readonly val: number; readonly ecr: number }
  | { readonly kind: "wscale"; readonly shift: number }
  | { readonly kind: "nop" };

/** The option items of a segment, in Linux wire order (see the file comment). */
export function tcpOptionList(options: TcpOptions): TcpOptionItem[] {
  const out: TcpOptionItem[] = [];
  if (options.mss !== undefined) out.push({ kind: "mss", value: options.mss });
  const sack = options.sackPermitted === true;
  if (options.timestamp !== undefined) {
    if (sack) out.push({ kind: "sackOK" });
    else out.push({ kind: "nop" }, { kind: "nop" });
    out.push({ kind: "TS", val: options.timestamp.val, ecr: options.timestamp.ecr });
  } else if (sack) {
    out.push({ kind: "nop" }, { kind: "nop" }, { kind: "sackOK" });
  }
  if (options.windowScale !== undefined) {
    out.push({ kind: "nop" }, { kind: "wscale", shift: options.windowScale });
  }
  return out;
}

function optionSize(item: TcpOptionItem): number {
  switch (item.kind) {
    case "mss":
      return 4;
    case "sackOK":
      return 2;
    case "TS":
      return 10;
    case "wscale":
      return 3;
    case "nop":
      return 1;
  }
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`TCP option ${name} out of range: ${value}`);
  }
}

/**
 * Encode the options into bytes, padded with EOL (zero) bytes to a multiple
 * of 4 because the data offset counts 32-bit words (RFC 9293 §3.1). Linux's
 * own order never needs the padding; it is there for any other combination.
 */
export function encodeTcpOptions(options: TcpOptions): Uint8Array {
  const items = tcpOptionList(options);
  let size = 0;
  for (const item of items) size += optionSize(item);
  const padded = (size + 3) & ~3;
  if (padded > 40) throw new RangeError(`TCP options too long: ${padded} bytes (max 40)`);
  const buf = new Uint8Array(padded);
  const view = new DataView(buf.buffer);
  let at = 0;
  for (const item of items) {
    switch (item.kind) {
      case "mss":
        checkRange("mss", item.value, 0xffff);
        buf[at] = 2;
        buf[at + 1] = 4;
        view.setUint16(at + 2, item.value);
        break;
      case "sackOK":
        buf[at] = 4;
        buf[at + 1] = 2;
        break;
      case "TS":
        checkRange("TS val", item.val, 0xffffffff);
        checkRange("TS ecr", item.ecr, 0xffffffff);
        buf[at] = 8;
        buf[at + 1] = 10;
        view.setUint32(at + 2, item.val);
        view.setUint32(at + 6, item.ecr);
        break;
      case "wscale":
        // RFC 7323 §2.3 caps the shift at 14, but the field is a byte and a
        // capture should show what was sent, so only the byte range is enforced.
        checkRange("wscale", item.shift, 0xff);
        buf[at] = 3;
        buf[at + 1] = 3;
        buf[at + 2] = item.shift;
        break;
      case "nop":
        buf[at] = 1;
        break;
    }
    at += optionSize(item);
  }
  return buf;
}

/** tcpdump's rendering of one option item. */
export function formatTcpOption(item: TcpOptionItem): string {
  switch (item.kind) {
    case "mss":
      return `mss ${item.value}`;
    case "sackOK":
      return "sackOK";
    case "TS":
      return `TS val ${item.val} ecr ${item.ecr}`;
    case "wscale":
      return `wscale ${item.shift}`;
    case "nop":
      return "nop";
  }
}
