/**
 * connect()'s local port and the tcp_tw_reuse rules: which TIME_WAIT
 * 4-tuple a new connection may take over (tcp_twsk_unique()) and which port
 * __inet_hash_connect() picks. The full engine (Host.activeOpen) and the
 * bulk fast path (scenarios/load.ts) both call PortChooser.chooseConnectPort(), so the
 * same hash, scan and RNG draws pick the same ports on both paths.
 */
import type { Micros } from "../segment.ts";
import type { Rng } from "../rng.ts";
import type { KeyedHash } from "../isn.ts";
import type { SysctlTable } from "../sysctl.ts";
import { isLoopback } from "../addr.ts";
import type { DestIndex, PortTable, TwLike } from "./ports.ts";
import type { TableEntry } from "./table-entry.ts";
import { SEC } from "./constants.ts";
import { knobId } from "../sysctl.ts";

// Knobs read once or more per connection, by index (sysctl.ts knobId()).
const K_TCP_TW_REUSE = knobId("net.ipv4.tcp_tw_reuse");
const K_TCP_TW_REUSE_DELAY = knobId("net.ipv4.tcp_tw_reuse_delay");

/** What the port choice reads from its host. */
export interface PortChoiceHost {
  readonly now: Micros;
  readonly sysctl: SysctlTable;
  readonly hasher: KeyedHash;
  readonly rng: Rng;
  readonly ports: PortTable;
}

/** Only TIME_WAIT mini-sockets have kind "tw". */
function isTimeWait(c: TableEntry): c is TwLike {
  return c.kind === "tw";
}

/** One per host: the rules, with the scan's callbacks bound once (no closure per connect()). */
export class PortChooser {
  private readonly h: PortChoiceHost;
  private readonly randomStep = (): number => this.h.rng.below(8);
  private readonly usable = (c: TableEntry): boolean => isTimeWait(c) && this.twReusable(c, true);
  private readonly twReuseMayWork = (oldest: TwLike | undefined): boolean =>
    oldest !== undefined && this.twReusable(oldest, true);

  constructor(h: PortChoiceHost) {
    this.h = h;
  }

  /**
   * tcp_twsk_unique(): may connect() take over this TIME_WAIT 4-tuple?
   * `viaAutoPort`: the port came from connect()'s own choice (tcp_tw_reuse
   * applies); otherwise from an explicit bind() (timestamps are enough).
   */
  twReusable(tw: TwLike, viaAutoPort: boolean): boolean {
    const h = this.h;
    if (tw.tsRecentStamp < 0) return false; // timestamps were not in use
    if (!viaAutoPort) return true; // explicit bind() path: timestamps are enough (tcp_twsk_unique(); not reproduced in lab/)
    if (tw.state !== "TIME_WAIT") return false; // still in the FIN_WAIT2 substate
    const reuse = h.sysctl.numAt(K_TCP_TW_REUSE, 0);
    if (reuse === 0) return false;
    if (reuse === 2 && !(isLoopback(tw.localIp) || isLoopback(tw.remoteIp))) return false;
    if (h.sysctl.has("tcp_tw_reuse_delay")) {
      return h.now - tw.enteredAt >= h.sysctl.numAt(K_TCP_TW_REUSE_DELAY, 1000) * 1000;
    }
    // Before 6.14: the current second must be past the second of the last received timestamp.
    return Math.floor(h.now / SEC) > Math.floor(tw.tsRecentStamp / SEC);
  }

  /**
   * __inet_hash_connect(): the local port connect() picks toward
   * `dstIp:dstPort` from `localIp` (with their u32 forms and the
   * destination's index in the port table), or -1 (EADDRNOTAVAIL). Draws the
   * port-perturbation step from the run's RNG. A TIME_WAIT may hold the
   * returned 4-tuple (tcp_tw_reuse).
   */
  chooseConnectPort(
    d: DestIndex,
    localIp: string,
    localU32: number,
    dstIp: string,
    dstU32: number,
    dstPort: number,
  ): number {
    const h = this.h;
    const hash = h.hasher.hash(localU32, dstU32, dstPort, Math.floor(h.now / (10 * SEC)));
    return h.ports.pickConnectPort(d, localIp, dstIp, dstPort, hash, this.randomStep, this.usable, this.twReuseMayWork);
  }
}
