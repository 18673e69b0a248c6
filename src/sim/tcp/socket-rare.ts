/**
 * The fields of a TcpSocket that most connections never set: socket options
 * beyond the booleans, the keepalive, FIN_WAIT2 and linger timers, loss
 * recovery marks and a rate-limit stamp. A socket keeps them in one side
 * object, made on the first write of a value that is not the default; until
 * then it points at the shared, frozen RARE_DEFAULTS. A bulk run's sockets
 * so carry one field where they carried fifteen (each field is 8 bytes of
 * every socket, written when it is made).
 */
import type { Micros } from "../segment.ts";
import type { Timer } from "../scheduler.ts";

export class RareFields {
  /** SO_LINGER {1, N} with N > 0: close() waits up to N seconds for the FIN to be acknowledged (Infinity: l_linger < 0). */
  lingerSecs = 0;
  /** When a lingering close() gives up (-1: not lingering). */
  lingerUntil: Micros = -1;
  keepIdle: number | undefined = undefined;
  keepIntvl: number | undefined = undefined;
  keepCnt: number | undefined = undefined;
  synCnt: number | undefined = undefined;
  /** TCP_USER_TIMEOUT in ms (0: off): how long data may stay unacknowledged before the connection is dropped. */
  userTimeout = 0;
  /** A lesson's fixed ISN for this connection. */
  fixedIsn: number | undefined = undefined;
  /** tp->tlp_high_seq: SND.NXT when the last probe went out, until an ACK covers it; -1: no probe outstanding. */
  tlpHigh = -1;
  /** In loss recovery after an RTO (TCP_CA_Loss) until SND.UNA reaches this; -1: not in recovery (TCP_CA_Open). */
  lossHigh = -1;
  /** Keepalive probes sent without an answer (icsk_probes_out). */
  probesOut = 0;
  /** When the last rate-limited out-of-window ACK went out (tp->last_oow_ack_time), -1: never. */
  lastOowAck: Micros = -1;
  // Keepalive, FIN_WAIT2 and linger timers: created on first arm.
  kaTimerSlot: Timer | undefined = undefined;
  fw2TimerSlot: Timer | undefined = undefined;
  lingerTimerSlot: Timer | undefined = undefined;
}

/** What every socket reads until it writes one of its rare fields. */
export const RARE_DEFAULTS: Readonly<RareFields> = Object.freeze(new RareFields());

/** An object whose rare fields live in `rare`. */
export interface HasRare {
  rare: RareFields;
}

/**
 * Define each of RareFields' names on `proto` as an accessor of the
 * instance's `rare` object. Writing the default to a socket that still
 * shares RARE_DEFAULTS changes nothing and allocates nothing.
 */
export function rareAccessors(proto: object): void {
  for (const name of Object.keys(RARE_DEFAULTS) as (keyof RareFields)[]) {
    const initial = RARE_DEFAULTS[name];
    Object.defineProperty(proto, name, {
      get(this: HasRare): unknown {
        return this.rare[name];
      },
      set(this: HasRare, v: unknown) {
        let r = this.rare;
        if (r === RARE_DEFAULTS) {
          if (v === initial) return;
          r = this.rare = new RareFields();
        }
        (r as unknown as Record<string, unknown>)[name] = v;
      },
      enumerable: true,
      configurable: true,
    });
  }
}
