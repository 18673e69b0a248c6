/** Shared immutable pieces of segments, so sending does not allocate them each time. */
import type { ControlBits, TcpOptions } from "../segment.ts";

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
