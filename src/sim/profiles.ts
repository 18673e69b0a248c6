/**
 * Kernel profiles: the compile-time behaviour that differs between the
 * kernels a lesson compares. Tunable values live in sysctl.ts; this file
 * holds what no sysctl changes.
 */
import type { KernelProfile } from "./scenarios/types.ts";
import type { Micros } from "./segment.ts";

export type { KernelProfile };

export interface ProfileTraits {
  readonly name: KernelProfile;
  /** TIME_WAIT length. Linux: TCP_TIMEWAIT_LEN (include/net/tcp.h), 60 s. RFC 9293 §3.4.2: 2×MSL = 240 s. */
  readonly timeWaitLen: Micros;
  /** Orphaned FIN_WAIT2 uses the tw mini-socket with a timeout (tcp_close() / tcp_time_wait()). */
  readonly finWait2Timeout: boolean;
  /** RFC 5961 challenge ACKs for in-window RST / SYN (Linux since 3.6). */
  readonly challengeAck: boolean;
  /** Resend the SYN 2 jiffies after a SYN_SENT socket saw an unacceptable ACK (≈5.6+, tcp_rcv_synsent_state_process()). */
  readonly fastSynResend: boolean;
  /** Timestamp offsets: per 4-tuple (6.x with the 2026 backport), per host pair (4.11), none. */
  readonly tsOffsets: "per-4-tuple" | "per-host-pair" | "none";
  /** Linux keeps half-open connections as small request sockets (TCP_NEW_SYN_RECV, 4.1+). */
  readonly requestSockets: boolean;
  /**
   * Tail loss probe (RFC 8985 §7, Linux tcp_schedule_loss_probe() since 3.10): with SACK, the
   * last segment of a flight is resent once about 2 × SRTT after it went out, before the RTO.
   */
  readonly tailLossProbe: boolean;
}

const SEC = 1_000_000;

export const PROFILES: Readonly<Record<KernelProfile, ProfileTraits>> = {
  linux: {
    name: "linux",
    timeWaitLen: 60 * SEC,
    finWait2Timeout: true,
    challengeAck: true,
    fastSynResend: true,
    tsOffsets: "per-4-tuple",
    requestSockets: true,
    tailLossProbe: true,
  },
  "linux-pre-4.12": {
    name: "linux-pre-4.12",
    timeWaitLen: 60 * SEC,
    finWait2Timeout: true,
    challengeAck: true,
    // Before ≈5.6 the SYN was resent only when the normal 1 s timer fired.
    fastSynResend: false,
    // 4.11 made the offsets per host pair (C:28ee1b746f49) so tw_recycle users kept working.
    tsOffsets: "per-host-pair",
    requestSockets: true,
    tailLossProbe: true,
  },
  rfc9293: {
    name: "rfc9293",
    timeWaitLen: 240 * SEC,
    // The RFC has no FIN-WAIT-2 timeout: the connection waits for the peer's FIN.
    finWait2Timeout: false,
    // RFC 9293 §3.10.7.4 adopts RFC 5961's challenge ACK.
    challengeAck: true,
    fastSynResend: false,
    tsOffsets: "per-4-tuple",
    requestSockets: true,
    // RFC 9293 retransmits on the RTO only; TLP is RFC 8985, not part of the base protocol.
    tailLossProbe: false,
  },
};

export function isProfile(p: string): p is KernelProfile {
  return p === "linux" || p === "linux-pre-4.12" || p === "rfc9293";
}
