/** Shared immutable pieces of segments, so sending does not allocate them each time. */
import type { ControlBits, TcpOptions, TimestampOption } from "../segment.ts";

function ctl(syn: boolean, fin: boolean, rst: boolean, psh: boolean): ControlBits {
  return Object.freeze({ syn, fin, rst, psh });
}

export const CTL_NONE = ctl(false, false, false, false);
export const CTL_SYN = ctl(true, false, false, false);
export const CTL_FIN = ctl(false, true, false, false);
export const CTL_FIN_PSH = ctl(false, true, false, true);
export const CTL_RST = ctl(false, false, true, false);
export const CTL_PSH = ctl(false, false, false, true);

export const NO_OPTIONS: TcpOptions = Object.freeze({});

/** Signed 32-bit difference for timestamps (RFC 7323 uses the same modular comparison as sequence numbers). */
export function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/**
 * A SYN-ACK's options, in the order the trace shows them (mss, sackPermitted,
 * timestamp, windowScale), built as one object (no spread of partial ones).
 */
export function synAckOptions(
  mss: number,
  sackPermitted: boolean,
  timestamp: TimestampOption | undefined,
  windowScale: number | undefined,
): TcpOptions {
  const o: { mss: number; sackPermitted?: boolean; timestamp?: TimestampOption; windowScale?: number } = { mss };
  if (sackPermitted) o.sackPermitted = true;
  if (timestamp !== undefined) o.timestamp = timestamp;
  if (windowScale !== undefined) o.windowScale = windowScale;
  return o;
}
