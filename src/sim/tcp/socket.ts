/**
 * A full TCP socket (Linux "struct tcp_sock"): the RFC 9293 state machine
 * for active opens, established data transfer and both ways of closing.
 *
 * Half-open passive connections live in RequestSock (listener.ts) and
 * TIME_WAIT / orphaned FIN_WAIT2 in TimeWaitSock (timewait.ts), as on Linux.
 *
 * Every state change goes through setState(), which traces it and keeps
 * the Tcp* counters that Linux updates in tcp_set_state()/tcp_done().
 */
import type { Endpoint, Micros, Segment, TcpOptions } from "../segment.ts";
import { segmentSeqLength } from "../segment.ts";
import { seqAdd, seqAfter, seqBefore, seqDiff, type SeqNum } from "../seq.ts";
import type { Errno, SocketRef, TcpState, TimerName } from "../trace.ts";
import { Timer, NO_TIMER, slottedArm, slottedCancel, slottedExpired, type SlottedTimer } from "../scheduler.ts";
import type { Stack } from "./stack.ts";
import { TimeWaitSock } from "./timewait.ts";
import type { CounterName } from "../counters.ts";
import { type TableEntry } from "./table-entry.ts";
import {
  invalidRatelimit,
  JIFFY,
  MS,
  oowAckAllowed,
  SEC,
  RCV_WND_PLAIN,
  RCV_WND_SCALED,
  SYN_WINDOW,
  TS_OPTION_BYTES,
  TAG_FINWAIT2,
  TAG_KEEPALIVE,
  TAG_RTX,
  TAG_LINGER,
  TCP_ORPHAN_RETRIES,
  TCP_RETRIES2,
  TCP_RTO_MAX,
  TCP_RTO_MIN,
  TCP_TIMEOUT_FALLBACK,
  TCP_TIMEOUT_INIT,
  TCP_TIMEOUT_MIN,
  WSCALE,
  initialWindow,
  modelTimeout,
  windowField,
} from "./constants.ts";
import {
  CTL_FIN,
  CTL_FIN_PSH,
  CTL_NONE,
  CTL_PSH,
  CTL_RST,
  CTL_SYN,
  NO_OPTIONS,
  synAckOptions,
  tsDiff,
} from "./segments.ts";
import { knobId } from "../sysctl.ts";
import { t32, timeAccessors, u32Accessors } from "../time32.ts";
import { RARE_DEFAULTS, rareAccessors, type RareFields } from "./socket-rare.ts";

// Knobs read once or more per connection, by index (sysctl.ts knobId()).
const K_TCP_RTO_MAX_MS = knobId("net.ipv4.tcp_rto_max_ms");
const K_TCP_TIMESTAMPS = knobId("net.ipv4.tcp_timestamps");
const K_TCP_SACK = knobId("net.ipv4.tcp_sack");
const K_TCP_FIN_TIMEOUT = knobId("net.ipv4.tcp_fin_timeout");
const K_TCP_MAX_TW_BUCKETS = knobId("net.ipv4.tcp_max_tw_buckets");
const K_TCP_TW_RECYCLE = knobId("net.ipv4.tcp_tw_recycle");

/** A failed socket call, as a value (errno-style). */
export interface SysError {
  readonly ok: false;
  readonly errno: Errno;
  readonly call: string;
}

export type CallResult = { readonly ok: true } | SysError;

export const OK: CallResult = Object.freeze({ ok: true as const });

export function sysError(call: string, errno: Errno): SysError {
  return { ok: false, errno, call };
}

export type SocketOption =
  | "SO_REUSEADDR"
  | "SO_KEEPALIVE"
  | "SO_LINGER"
  | "IP_BIND_ADDRESS_NO_PORT"
  | "TCP_KEEPIDLE"
  | "TCP_KEEPINTVL"
  | "TCP_KEEPCNT"
  | "TCP_SYNCNT"
  | "TCP_USER_TIMEOUT"
  | "TCP_RTO_MAX_MS";

/** Where the app's hooks are called from: while a segment is processed, or by a timer. */
export interface SocketHooks {
  /** Handshake completed (client: SYN-ACK processed; server child: final ACK). */
  onEstablished: ((s: TcpSocket) => void) | undefined;
  /** New in-order bytes arrived; they wait in `unread` until read(). */
  onData: ((s: TcpSocket, bytes: number, seg: Segment) => void) | undefined;
  /** The peer's FIN arrived (read() would now return EOF after the unread bytes). */
  onPeerClose: ((s: TcpSocket) => void) | undefined;
  /** The socket reached CLOSED (or was handed to a TIME_WAIT mini-socket that has now ended). */
  onClose: ((s: TcpSocket) => void) | undefined;
}

/** TcpSocket's boolean fields, in bit order (all false on a new socket). */
const FLAG_NAMES = [
  "hashed",
  "portHeld",
  "boundExplicitly",
  "boundIpOnly",
  "reuseAddr",
  "keepAlive",
  "linger0",
  "bindAddressNoPort",
  "finQueued",
  "peerFinReceived",
  "tsOn",
  "wscaleOk",
  "sackOk",
  "synTs",
  "synSack",
  "tlpArmed",
  "handshakeRetransmitted",
  "orphan",
  "shutWr",
  "ackPending",
  "owesEstablished",
] as const;

/** The address of a socket not bound yet. */
const UNSPECIFIED: Endpoint = Object.freeze({ ip: "0.0.0.0", port: 0 });

const h0 = (at: Micros, now: Micros): Micros => (at > now ? at : now);

/** Receive window with window scaling on (tcp/constants.ts; scenarios/load.ts reads it here). */
export { RCV_WND_SCALED };

/** What a listener's child starts from: its request socket, or the numbers a SYN cookie carried. */
export interface PassiveOpen {
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly iss: SeqNum;
  readonly irs: SeqNum;
  readonly tsOn: boolean;
  readonly tsRecent: number;
  readonly tsRecentStamp: Micros;
  readonly tsOffset: number;
  readonly sndMss: number;
  readonly wscaleOk: boolean;
  readonly sackOk: boolean;
  /** The SYN's endpoints, when at hand (a request socket's): the child shares them instead of making its own. */
  readonly ref?: { readonly local: Endpoint; readonly remote?: Endpoint | undefined };
}

/** The listener whose accept queue holds a socket (listener.ts), as the socket sees it. */
export interface AcceptQueue {
  forget(s: TcpSocket): void;
}

/** What the ACK check (TcpSocket.checkAck) and the whole list of checks tell rcvSynchronized. */
const ACK_GO = 0;
const ACK_STOP = 1;
/** Go on; an orphan has just reached FIN_WAIT2 and gets its timer once the segment is done. */
const ACK_ORPHAN_FW2 = 2;

export class TcpSocket implements TableEntry, SlottedTimer, SocketHooks {
  // `kind` ("sock") and `ok` (true: lets connect()'s result be narrowed) live on the prototype.
  declare readonly kind: "sock";
  declare readonly ok: true;
  readonly host: Stack;
  readonly id: number;

  private _state: TcpState;
  /**
   * The socket's booleans, one bit each (FLAG_NAMES): the `declare`d boolean
   * fields below are accessors on the prototype that read and write a bit,
   * so a socket carries one small integer instead of 18 fields.
   */
  private bits = 0;
  /**
   * Sequence numbers and timestamps (unsigned 32-bit) are accessors
   * (time32.ts u32Accessors()) of these int32 fields: half of them are above
   * 2^31, which V8 would keep as a 16-byte heap number each.
   */
  i32Iss = 0;
  i32SndUna = 0;
  i32SndNxt = 0;
  i32SndMax = 0;
  i32SndEnd = 0;
  i32FinSeq = 0;
  i32Irs = 0;
  i32RcvNxt = 0;
  i32TsRecent = 0;
  i32TsOffset = 0;
  // Send side (RFC 9293 §3.3.1).
  declare iss: SeqNum;
  declare sndUna: SeqNum;
  declare sndNxt: SeqNum;
  /** Highest sequence ever sent (Linux keeps snd_nxt here; we rewind sndNxt on timeout). */
  declare sndMax: SeqNum;
  /** Sequence number just after the last byte the app has written. */
  declare sndEnd: SeqNum;
  /** Sequence number of our FIN once queued. */
  declare finSeq: SeqNum;
  // Receive side.
  declare irs: SeqNum;
  declare rcvNxt: SeqNum;
  /** The peer's last TSval that passed the RFC 7323 test (ts_recent). */
  declare tsRecent: number;
  /** Added to our TSvals on this connection (secure_tcp_ts_off()). */
  declare tsOffset: number;
  /** Set when the socket was handed over to a TIME_WAIT (or FIN_WAIT2) mini-socket. */
  tw: TimeWaitSock | undefined = undefined;
  /** Asynchronous error (ECONNREFUSED, ETIMEDOUT, ECONNRESET, EPIPE), like SO_ERROR. */
  error: Errno | undefined = undefined;

  // Until setAddresses(): one shared frozen 0.0.0.0:0 (endpoints are replaced, never changed).
  local: Endpoint = UNSPECIFIED;
  remote: Endpoint = UNSPECIFIED;
  /** The socket as traces name it, built on first use (a bulk run at trace level "none" never asks). */
  private refMemo: SocketRef | undefined = undefined;
  /** Key in the host's connection table while hashed. */
  key = -1;
  declare hashed: boolean;
  /** This socket owns a reference on the local port's bind bucket. */
  declare portHeld: boolean;
  /** The port came from an explicit bind(). */
  declare boundExplicitly: boolean;
  /** bind() with IP_BIND_ADDRESS_NO_PORT: address chosen, port left to connect(). */
  declare boundIpOnly: boolean;

  // Socket options
  declare reuseAddr: boolean;
  declare keepAlive: boolean;
  declare linger0: boolean;
  declare bindAddressNoPort: boolean;
  // Rare fields (socket-rare.ts): accessors of `rare`, the shared defaults until one is written.
  // Code in this file reads `this.rare.x` (one load less) and writes through the accessors.
  declare lingerSecs: number;
  declare private lingerUntil: Micros;
  declare keepIdle: number | undefined;
  declare keepIntvl: number | undefined;
  declare keepCnt: number | undefined;
  declare synCnt: number | undefined;
  declare userTimeout: number;
  declare fixedIsn: number | undefined;
  declare private tlpHigh: number;
  declare private lossHigh: number;
  declare probesOut: number;
  declare private lastOowAck: Micros;
  declare private kaTimerSlot: Timer | undefined;
  declare private fw2TimerSlot: Timer | undefined;
  declare private lingerTimerSlot: Timer | undefined;
  rare: RareFields = RARE_DEFAULTS as RareFields;
  /** The RTO ceiling (tcp_rto_max()): tcp_rto_max_ms when the socket was created, or TCP_RTO_MAX_MS. */
  rtoMax: Micros;

  // Send side (RFC 9293 §3.3.1): the sequence numbers are above.
  declare finQueued: boolean;
  bytesWritten = 0;

  // Receive side
  rcvWnd = RCV_WND_SCALED;
  unread = 0;
  bytesReceived = 0;
  declare peerFinReceived: boolean;

  // Options negotiated on the handshake
  declare tsOn: boolean;
  /** When ts_recent was last updated (µs); -1 when no timestamp was ever seen. */
  declare tsRecentStamp: Micros;
  sndMss = 536;
  declare wscaleOk: boolean;
  declare sackOk: boolean;
  /** Our SYN offers timestamps (tcp_timestamps was on at connect()). */
  declare private synTs: boolean;
  /** The SYN offers SACK (tcp_sack was on at connect()). */
  declare private synSack: boolean;
  /** The options of the last segment tsOption() made. */
  private lastTsOption: TcpOptions = NO_OPTIONS;
  /** The receive window this socket announced on its SYN or SYN-ACK (initialWindow()). */
  private synWnd = SYN_WINDOW;

  // Timers and retransmission
  rto: Micros = TCP_TIMEOUT_INIT;
  /** Smoothed RTT from the handshake's sample (tp->srtt_us); 0 when there is none (Karn: a retransmitted handshake). */
  srtt: Micros = 0;
  retransmits = 0;
  /** tp->retrans_stamp: when the first retransmission of the current episode went out (SYN: when the SYN did); -1: none. */
  declare retransStamp: Micros;
  /** The retransmit timer is armed as a tail loss probe (ICSK_TIME_LOSS_PROBE), not as the RTO. */
  declare private tlpArmed: boolean;
  /** When the RTO would fire (tcp_rto_delta_us() is this minus now). */
  declare private rtoAt: Micros;
  /** The last segment sent (seq, data length, FIN): what a loss probe resends. */
  /** Its sequence number, as int32 (read back unsigned): see the i32 fields above. */
  private i32LastSegSeq = 0;
  private lastSegLen = 0;
  private lastSegCtl: Segment["ctl"] = CTL_NONE;
  /** Set once the SYN (or SYN-ACK) had to be retransmitted. */
  declare handshakeRetransmitted: boolean;
  declare synSentAt: Micros;
  declare lastRecvAt: Micros;
  // The retransmit timer, inline (scheduler.ts InlineTimer), so a socket allocates no Timer
  // object and no boxed Infinity: every connection arms it. Only the timer code touches these.
  timerGen = 0;
  declare timerDeadline: Micros;
  declare timerQueuedAt: Micros;
  timerSlot = -1;
  // The seven times declared above, stored minus T32 (time32.ts: int32, not boxed, for 71 simulated minutes).
  t32TsRecentStamp = t32(-1);
  t32RetransStamp = t32(-1);
  t32RtoAt = t32(0);
  t32SynSentAt = t32(0);
  t32LastRecvAt = t32(0);
  t32Deadline = t32(NO_TIMER);
  t32QueuedAt = t32(NO_TIMER);

  /** close() was called: nobody will read any more (Linux SOCK_DEAD). */
  declare orphan: boolean;
  declare shutWr: boolean;
  /** Listener whose accept queue holds this socket, until accept(). */
  listener: AcceptQueue | undefined = undefined;
  /** An ACK is owed for data or FIN received in the current segment. */
  declare private ackPending: boolean;
  /** The handshake completed during the segment being processed: onEstablished is owed once it is done. */
  declare private owesEstablished: boolean;

  onEstablished: SocketHooks["onEstablished"] = undefined;
  onData: SocketHooks["onData"] = undefined;
  onPeerClose: SocketHooks["onPeerClose"] = undefined;
  onClose: SocketHooks["onClose"] = undefined;

  static {
    rareAccessors(TcpSocket.prototype);
    u32Accessors(TcpSocket.prototype, {
      iss: "i32Iss",
      sndUna: "i32SndUna",
      sndNxt: "i32SndNxt",
      sndMax: "i32SndMax",
      sndEnd: "i32SndEnd",
      finSeq: "i32FinSeq",
      irs: "i32Irs",
      rcvNxt: "i32RcvNxt",
      tsRecent: "i32TsRecent",
      tsOffset: "i32TsOffset",
    });
    timeAccessors(TcpSocket.prototype, {
      tsRecentStamp: "t32TsRecentStamp",
      retransStamp: "t32RetransStamp",
      rtoAt: "t32RtoAt",
      synSentAt: "t32SynSentAt",
      lastRecvAt: "t32LastRecvAt",
      timerDeadline: "t32Deadline",
      timerQueuedAt: "t32QueuedAt",
    });
    FLAG_NAMES.forEach((name, i) => {
      const bit = 1 << i;
      Object.defineProperty(TcpSocket.prototype, name, {
        get(this: TcpSocket): boolean {
          return (this.bits & bit) !== 0;
        },
        set(this: TcpSocket, v: boolean) {
          this.bits = v ? this.bits | bit : this.bits & ~bit;
        },
        enumerable: true,
        configurable: true,
      });
    });
  }

  /** `initial` is CLOSED except for a listener's child, which continues its request socket in SYN_RECV. */
  constructor(host: Stack, initial: "CLOSED" | "SYN_RECV" = "CLOSED") {
    this.host = host;
    this._state = initial;
    this.id = host.nextSocketId();
    // tcp_init_sock(): icsk_rto_max is read from tcp_rto_max_ms once, when the socket is created (6.15+).
    // (An int32, so V8 keeps it as a small integer, not a 16-byte heap number: at most 120 s.)
    this.rtoMax = (host.sysctl.numAt(K_TCP_RTO_MAX_MS, TCP_RTO_MAX / MS) * MS) | 0;
  }

  /** Current TCP state, as `ss` would report it (TIME_WAIT / FIN_WAIT2 after hand-over to the mini-socket). */
  get state(): TcpState {
    return this.tw !== undefined ? this.tw.state : this._state;
  }

  // ------------------------------------------------------------------ plumbing

  /** The one place where a socket's state changes. */
  setState(to: TcpState): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    if (this.host.tracer.states) this.host.tracer.state(this.ref, from, to);
    const lt = this.rare.lingerTimerSlot;
    if (lt !== undefined && lt.armed && to !== "CLOSING" && to !== "LAST_ACK") this.cancelTimer(lt, "linger");
    if (to === "CLOSED") {
      // tcp_set_state(): leaving ESTABLISHED or CLOSE_WAIT straight for CLOSE is a reset.
      if (from === "ESTABLISHED" || from === "CLOSE_WAIT") this.host.counterSet.inc("TcpEstabResets");
      this.destroy();
    }
  }

  /** tcp_done(): the connection failed or ended abnormally. */
  private done(err: Errno | undefined): void {
    if (this._state === "SYN_SENT" || this._state === "SYN_RECV") this.host.counterSet.inc("TcpAttemptFails");
    if (err !== undefined) this.error = err;
    this.setState("CLOSED");
  }

  private destroy(): void {
    slottedCancel(this, this.host.sched);
    this.rare.kaTimerSlot?.cancel();
    this.rare.fw2TimerSlot?.cancel();
    this.rare.lingerTimerSlot?.cancel();
    if (this.hashed) {
      this.host.removeConn(this);
      this.hashed = false;
    }
    if (this.portHeld) {
      this.host.ports.release(this.localPort, this.reuseAddr);
      this.portHeld = false;
    }
    // A child that dies in the accept queue stays there: accept() returns it in CLOSED (inet_csk_accept()).
    this.onClose?.(this);
  }

  // The 4-tuple is read from the two endpoints (no copies of its own).
  get localIp(): string {
    return this.local === UNSPECIFIED ? "" : this.local.ip;
  }

  get localPort(): number {
    return this.local.port;
  }

  get remoteIp(): string {
    return this.remote === UNSPECIFIED ? "" : this.remote.ip;
  }

  get remotePort(): number {
    return this.remote.port;
  }

  setAddresses(localIp: string, localPort: number, remoteIp: string, remotePort: number): void {
    this.local = { ip: localIp, port: localPort };
    this.remote = { ip: remoteIp, port: remotePort };
    this.refMemo = undefined;
  }

  /** {host, local} until connected, then {host, local, remote}; the same object until the addresses change. */
  get ref(): SocketRef {
    let r = this.refMemo;
    if (r === undefined) {
      r =
        this.remote.port === 0
          ? { host: this.host.name, local: this.local }
          : { host: this.host.name, local: this.local, remote: this.remote };
      this.refMemo = r;
    }
    return r;
  }

  private armTimer(t: Timer, name: TimerName, at: Micros): void {
    t.arm(at);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, name, "arm", at);
  }

  private cancelTimer(t: Timer, name: TimerName): void {
    if (!t.armed) return;
    t.cancel();
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, name, "cancel");
  }

  private get rtxArmed(): boolean {
    return this.timerDeadline !== NO_TIMER;
  }

  /** Arm the retransmit timer, as the RTO or as a loss probe (traced). */
  private armRtx(name: "retransmit" | "loss_probe", at: Micros): void {
    slottedArm(this, this.host.sched, TAG_RTX, at);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, name, "arm", at);
  }

  /** Stop the retransmit timer, whichever of RTO or loss probe it is armed as (traced when it was armed). */
  private cancelRtx(): void {
    const name = this.tlpArmed ? "loss_probe" : "retransmit";
    this.tlpArmed = false;
    if (this.timerDeadline === NO_TIMER) return;
    slottedCancel(this, this.host.sched);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, name, "cancel");
  }

  /** The timestamp option of our segments; the last one is reused while TSval and TSecr stay (segments are immutable). */
  private tsOption(): TcpOptions {
    if (!this.tsOn) return NO_OPTIONS;
    const val = this.host.tsNow(this.tsOffset);
    const ecr = this.tsRecent;
    const last = this.lastTsOption.timestamp;
    if (last !== undefined && last.val === val && last.ecr === ecr) return this.lastTsOption;
    return (this.lastTsOption = { timestamp: { val, ecr } });
  }

  private window(): number {
    return windowField(this.synWnd, this.wscaleOk);
  }

  /** Send a segment carrying ACK = rcvNxt (every segment after the SYN does). */
  private xmit(seq: SeqNum, ctl: Segment["ctl"], len: number): void {
    this.ackPending = false;
    this.host.emit(this.local, this.remote, seq, this.rcvNxt, ctl, len, this.window(), this.tsOption());
  }

  private sendAck(): void {
    this.xmit(this.sndNxt, CTL_NONE, 0);
  }

  /** An ACK with our current numbers, as a reply to an unacceptable segment (RFC 9293 §3.10.7.4). */
  private sendDupAck(): void {
    this.xmit(this.sndMax, CTL_NONE, 0);
  }

  /**
   * tcp_oow_rate_limited(): true when an ACK in reply to `seg` (out of window,
   * PAWS-rejected, challenge) must be skipped because one went out less than
   * tcp_invalid_ratelimit ago; counts `counter` then. Without it two
   * confused ends trade ACKs as fast as the link allows.
   */
  private oowLimited(seg: Segment, counter: CounterName): boolean {
    const h = this.host;
    const r = oowAckAllowed(seg, this.rare.lastOowAck, h.now, invalidRatelimit(h.sysctl));
    if (r === -2) {
      h.counterSet.inc(counter);
      return true;
    }
    this.lastOowAck = r;
    return false;
  }

  private sendRstAck(): void {
    this.host.counterSet.inc("TcpOutRsts");
    this.xmit(this.sndMax, CTL_RST, 0);
  }

  /** Send what the state allows: queued data, then our FIN. Arms the retransmit timer. */
  private transmitPending(): void {
    const st = this._state;
    if (st !== "ESTABLISHED" && st !== "CLOSE_WAIT" && st !== "FIN_WAIT1" && st !== "LAST_ACK" && st !== "CLOSING")
      return;
    const retrans = seqBefore(this.sndNxt, this.sndMax);
    let sent = 0;
    while (seqBefore(this.sndNxt, this.sndEnd)) {
      const left = seqDiff(this.sndEnd, this.sndNxt);
      const n = Math.min(this.sndMss, left);
      const last = n === left;
      const withFin = last && this.finQueued;
      const s = this.sndNxt;
      this.sndNxt = seqAdd(this.sndNxt, n + (withFin ? 1 : 0));
      if (seqAfter(this.sndNxt, this.sndMax)) this.sndMax = this.sndNxt;
      const ctl = withFin ? CTL_FIN_PSH : last ? CTL_PSH : CTL_NONE;
      this.xmit(s, ctl, n);
      if (this.sndNxt === this.sndMax) this.noteLastSegment(s, ctl, n);
      sent++;
    }
    if (this.finQueued && this.sndNxt === this.finSeq) {
      const s = this.sndNxt;
      this.sndNxt = seqAdd(s, 1);
      if (seqAfter(this.sndNxt, this.sndMax)) this.sndMax = this.sndNxt;
      this.xmit(s, CTL_FIN, 0);
      if (this.sndNxt === this.sndMax) this.noteLastSegment(s, CTL_FIN, 0);
      sent++;
    }
    if (retrans && sent > 0) this.host.counterSet.inc("TcpRetransSegs", sent);
    if (seqBefore(this.sndUna, this.sndMax) && !this.rtxArmed) this.armRto(this.host.now + this.rto);
    // tcp_write_xmit(): new data went out, so "send one loss probe per tail loss episode".
    if (!retrans && sent > 0) this.scheduleLossProbe(false);
  }

  private noteLastSegment(seq: SeqNum, ctl: Segment["ctl"], len: number): void {
    this.i32LastSegSeq = seq | 0;
    this.lastSegCtl = ctl;
    this.lastSegLen = len;
  }

  /** Arm the retransmit timer as the RTO (ICSK_TIME_RETRANS). */
  private armRto(at: Micros): void {
    this.tlpArmed = false;
    this.rtoAt = at;
    this.armRtx("retransmit", at);
  }

  /** tp->packets_out: segments sent and not yet acknowledged (a FIN alone is one). */
  private packetsOut(): number {
    const bytes = seqDiff(this.sndMax, this.sndUna);
    if (bytes <= 0) return 0;
    const finOut = this.finQueued && !seqBefore(this.finSeq, this.sndUna) && seqAfter(this.sndMax, this.finSeq);
    const data = bytes - (finOut ? 1 : 0);
    return data > 0 ? Math.ceil(data / this.sndMss) : 1;
  }

  /**
   * tcp_schedule_loss_probe() (net/ipv4/tcp_output.c; RFC 8985 §7.2, the tail loss probe):
   * with SACK and outside loss recovery, arm the retransmit timer as a probe timeout
   * PTO = 2·SRTT, plus TCP_RTO_MIN when one segment is out (room for a delayed ACK) or
   * TCP_TIMEOUT_MIN otherwise, or TCP_TIMEOUT_INIT without an RTT sample; never later than
   * the RTO would fire (the full RTO from now when an ACK has just advanced SND.UNA).
   */
  private scheduleLossProbe(advancing: boolean): boolean {
    const h = this.host;
    if (!h.traits.tailLossProbe || !this.sackOk || this.rare.lossHigh !== -1) return false;
    const st = this._state;
    if (st === "SYN_SENT" || st === "SYN_RECV" || st === "CLOSED") return false;
    const out = this.packetsOut();
    if (out === 0) return false;
    // In jiffies, as the kernel computes it: usecs_to_jiffies(2·SRTT) rounds up.
    let pto =
      this.srtt > 0
        ? Math.ceil((2 * this.srtt) / JIFFY) * JIFFY + (out === 1 ? TCP_RTO_MIN : TCP_TIMEOUT_MIN)
        : TCP_TIMEOUT_INIT;
    if (advancing) this.rtoAt = h.now + this.rto;
    const delta = this.rtoAt - h.now;
    if (delta > 0) pto = Math.min(pto, delta);
    this.tlpArmed = true;
    this.armRtx("loss_probe", h.now + pto);
    return true;
  }

  /**
   * tcp_send_loss_probe(): at most one probe per episode. The core sends data as soon as it
   * is written, so there is never new data to probe with: the last segment goes out again
   * (TCPLossProbes), and the RTO restarts from now (icsk_pending cleared, tcp_rearm_rto()).
   */
  private onLossProbe(): void {
    const h = this.host;
    this.tlpArmed = false;
    if (!seqBefore(this.sndUna, this.sndMax)) return;
    if (this.rare.tlpHigh !== -1) {
      this.armRto(Math.max(this.rtoAt, h.now));
      return;
    }
    let seq = this.i32LastSegSeq >>> 0;
    let len = this.lastSegLen;
    if (seqBefore(seq, this.sndUna)) {
      len = Math.max(0, len - seqDiff(this.sndUna, seq));
      seq = this.sndUna;
    }
    this.xmit(seq, this.lastSegCtl, len);
    h.counterSet.inc("TcpRetransSegs");
    h.counterSet.inc("TcpExtTCPLossProbes");
    this.tlpHigh = this.sndMax;
    this.armRto(h.now + this.rto);
  }

  private finAcked(): boolean {
    return this.finQueued && this.sndUna === seqAdd(this.finSeq, 1);
  }

  /** The timer `ss -o` would show: name, deadline, retransmit/probe count. */
  timerInfo(): { readonly name: "on" | "keepalive"; readonly at: Micros; readonly count: number } | undefined {
    if (this.rtxArmed) return { name: "on", at: this.timerDeadline, count: this.retransmits };
    const fw2 = this.rare.fw2TimerSlot;
    if (fw2 !== undefined && fw2.armed) return { name: "keepalive", at: fw2.deadline, count: 0 };
    const ka = this.rare.kaTimerSlot;
    if (ka !== undefined && ka.armed) return { name: "keepalive", at: ka.deadline, count: this.rare.probesOut };
    return undefined;
  }

  /** Bytes written but not yet acknowledged (ss Send-Q). */
  unsentOrUnacked(): number {
    const d = seqDiff(this.sndEnd, this.sndUna);
    return d > 0 ? d : 0;
  }

  /** Abort: RST to the peer and CLOSED (used when a listener closes with unaccepted children). */
  abort(): void {
    const st = this._state;
    if (st === "CLOSED" || this.tw !== undefined) return;
    if (st !== "SYN_SENT") this.sendRstAck();
    this.setState("CLOSED");
  }

  // ------------------------------------------------------------------ socket calls

  setsockopt(opt: SocketOption, value: boolean | number): CallResult {
    const on = value === true || (typeof value === "number" && value !== 0);
    switch (opt) {
      case "SO_REUSEADDR":
        if (this.portHeld) {
          // The bucket counted this socket with its old flag; keep the count right.
          this.host.ports.release(this.localPort, this.reuseAddr);
          this.host.ports.acquire(this.localPort, on, false);
        }
        this.reuseAddr = on;
        break;
      case "SO_KEEPALIVE":
        this.keepAlive = on;
        if (on && (this._state === "ESTABLISHED" || this._state === "CLOSE_WAIT"))
          this.armKeepalive(this.host.now + this.keepIdleUs());
        if (!on && this.rare.kaTimerSlot !== undefined) this.cancelTimer(this.rare.kaTimerSlot, "keepalive");
        break;
      case "SO_LINGER":
        // false: {l_onoff=0}. 0 (or true): {1, 0}, close() aborts with RST. N > 0: {1, N}, close()
        // blocks up to N s for the FIN's ACK. A negative l_linger is a huge unsigned value in
        // sock_setsockopt(): MAX_SCHEDULE_TIMEOUT, so close() waits for as long as it takes.
        this.linger0 = value === 0 || value === true;
        this.lingerSecs = typeof value === "number" && value !== 0 ? (value < 0 ? Infinity : value) : 0;
        break;
      case "IP_BIND_ADDRESS_NO_PORT":
        this.bindAddressNoPort = on;
        break;
      case "TCP_KEEPIDLE":
      case "TCP_KEEPINTVL":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 32767)
          return this.fail("setsockopt", "EINVAL");
        if (opt === "TCP_KEEPIDLE") {
          this.keepIdle = value;
          // tcp_sock_set_keepidle_locked(): re-arm for the new idle time, less the time already idle.
          const st = this._state;
          if (this.keepAlive && st !== "CLOSED" && st !== "LISTEN" && this.tw === undefined)
            this.armKeepalive(h0(this.host.now + this.keepIdleUs() - (this.host.now - this.lastRecvAt), this.host.now));
        } else this.keepIntvl = value;
        break;
      case "TCP_KEEPCNT":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 127)
          return this.fail("setsockopt", "EINVAL");
        this.keepCnt = value;
        break;
      case "TCP_SYNCNT":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 127)
          return this.fail("setsockopt", "EINVAL");
        this.synCnt = value;
        break;
      case "TCP_USER_TIMEOUT":
        // do_tcp_setsockopt(): ms as an int; negative is EINVAL, 0 turns it off.
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 2147483647)
          return this.fail("setsockopt", "EINVAL");
        this.userTimeout = value;
        break;
      case "TCP_RTO_MAX_MS":
        // 6.15+: 1 s to TCP_RTO_MAX, like the tcp_rto_max_ms sysctl (checked on 6.18: 999 and 120001 are EINVAL).
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1000 || value > TCP_RTO_MAX / MS)
          return this.fail("setsockopt", "EINVAL");
        this.rtoMax = value * MS;
        break;
    }
    return this.host.tracer.calls ? this.succeed(`setsockopt(${opt})`) : OK;
  }

  private fail(call: string, errno: Errno): SysError {
    if (this.host.tracer.calls) this.host.tracer.call(this.host.name, call, errno, this.ref);
    return sysError(call, errno);
  }

  private succeed(call: string): CallResult {
    if (this.host.tracer.calls) this.host.tracer.call(this.host.name, call, "ok", this.ref);
    return OK;
  }

  /** bind(ip, port). Port 0 picks a free port (odd ones first), unless IP_BIND_ADDRESS_NO_PORT. */
  bind(addr: { readonly ip?: string; readonly port?: number }): CallResult {
    if (this._state !== "CLOSED" || this.portHeld || this.boundIpOnly) return this.fail("bind", "EINVAL");
    const ip = addr.ip ?? this.host.ips[0] ?? "0.0.0.0";
    if (ip !== "0.0.0.0" && !this.host.ips.includes(ip)) return this.fail("bind", "EADDRNOTAVAIL");
    let port = addr.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) return this.fail("bind", "EINVAL");
    if (port === 0 && this.bindAddressNoPort) {
      this.boundIpOnly = true;
      this.setAddresses(ip, 0, "", 0);
      return this.succeed("bind");
    }
    if (port === 0) {
      port = this.host.ports.pickBindPort(this.host.rng.u32());
      if (port < 0) return this.fail("bind", "EADDRINUSE");
    } else if (this.host.ports.bindConflict(port, this.reuseAddr)) {
      return this.fail("bind", "EADDRINUSE");
    }
    this.host.ports.acquire(port, this.reuseAddr, true);
    this.portHeld = true;
    this.boundExplicitly = true;
    this.setAddresses(ip, port, "", 0);
    return this.succeed("bind");
  }

  /** Start an active open (nonblocking): SYN_SENT now, ESTABLISHED later. */
  connect(dst: { readonly ip: string; readonly port: number }): CallResult {
    if (this._state !== "CLOSED" || this.tw !== undefined)
      return this.fail("connect", this._state === "CLOSED" ? "EBADF" : "EISCONN");
    if (this.error !== undefined) return this.fail("connect", "EBADF");
    const r = this.host.activeOpen(this, dst);
    if (r !== undefined) return this.fail("connect", r);
    return OK;
  }

  /** Called by Host.activeOpen once the 4-tuple is settled. */
  startHandshake(isn: SeqNum, inheritedTs: { readonly recent: number; readonly stamp: Micros } | undefined): void {
    const h = this.host;
    this.iss = isn;
    this.sndUna = isn;
    this.sndNxt = seqAdd(isn, 1);
    this.sndMax = this.sndNxt;
    this.sndEnd = this.sndNxt;
    this.rto = TCP_TIMEOUT_INIT;
    this.retransmits = 0;
    const useTs = h.sysctl.numAt(K_TCP_TIMESTAMPS, 1) !== 0;
    this.tsOffset = h.tsOffsetFor(this.localIp, this.localPort, this.remoteIp, this.remotePort);
    if (inheritedTs !== undefined) {
      // tcp_twsk_unique(): the new connection inherits ts_recent, so PAWS still guards it.
      this.tsRecent = inheritedTs.recent;
      this.tsRecentStamp = inheritedTs.stamp;
    }
    this.synTs = useTs;
    // tcp_syn_options(): SACK is offered only while tcp_sack is on.
    this.synSack = h.sysctl.numAt(K_TCP_SACK, 1) !== 0;
    h.counterSet.inc("TcpActiveOpens");
    this.setState("SYN_SENT");
    if (h.tracer.calls) h.tracer.call(h.name, "connect", "ok", this.ref);
    this.synSentAt = h.now;
    this.sendSyn();
    this.armRto(h.now + this.rto);
  }

  private sendSyn(): void {
    const h = this.host;
    const opts = synAckOptions(
      h.mss,
      this.synSack,
      this.synTs ? { val: h.tsNow(this.tsOffset), ecr: 0 } : undefined,
      WSCALE,
    );
    this.ackPending = false;
    this.synWnd = initialWindow(h.mss);
    h.emit(this.local, this.remote, this.iss, undefined, CTL_SYN, 0, this.synWnd, opts);
  }

  private sendSynAck(): void {
    const o = synAckOptions(
      this.host.mss,
      this.sackOk,
      this.tsOn ? { val: this.host.tsNow(this.tsOffset), ecr: this.tsRecent } : undefined,
      this.wscaleOk ? WSCALE : undefined,
    );
    this.ackPending = false;
    this.synWnd = initialWindow(this.host.mss - (this.tsOn ? TS_OPTION_BYTES : 0));
    this.host.emit(this.local, this.remote, this.iss, this.rcvNxt, CTL_SYN, 0, this.synWnd, o);
  }

  /** Queue `bytes` of data. Returns EPIPE after shutdown/close, ENOTCONN before connect. */
  send(bytes: number): CallResult {
    const st = this.state;
    if (!Number.isInteger(bytes) || bytes < 0) return this.fail("send", "EINVAL");
    if (this.error !== undefined && st === "CLOSED")
      return this.fail("send", this.error === "ECONNRESET" ? "ECONNRESET" : "EPIPE");
    if (this.finQueued || this.tw !== undefined) return this.fail("send", "EPIPE");
    if (st !== "ESTABLISHED" && st !== "CLOSE_WAIT" && st !== "SYN_SENT" && st !== "SYN_RECV")
      return this.fail("send", "ENOTCONN");
    this.sndEnd = seqAdd(this.sndEnd, bytes);
    this.bytesWritten += bytes;
    if (this.host.tracer.calls) this.host.tracer.call(this.host.name, `send(${bytes})`, "ok", this.ref);
    this.transmitPending();
    return OK;
  }

  /** Read up to `max` unread bytes (all by default). Returns how many were read; 0 means nothing (or EOF). */
  read(max = Infinity): number {
    const n = Math.min(this.unread, max);
    this.unread -= n;
    return n;
  }

  /** shutdown(SHUT_WR | SHUT_RDWR): send our FIN but keep the socket (not orphaned: FIN_WAIT2 then waits forever). */
  shutdown(how: "SHUT_WR" | "SHUT_RD" | "SHUT_RDWR" = "SHUT_WR"): CallResult {
    const st = this._state;
    if (this.tw !== undefined || st === "CLOSED" || st === "LISTEN" || st === "SYN_SENT")
      return this.fail(`shutdown(${how})`, "ENOTCONN");
    if (how === "SHUT_RD") return this.succeed(`shutdown(${how})`);
    if (!this.shutWr) {
      this.shutWr = true;
      this.queueFin();
    }
    return this.succeed(`shutdown(${how})`);
  }

  private queueFin(): void {
    const st = this._state;
    if (this.finQueued) return;
    if (st === "ESTABLISHED" || st === "SYN_RECV") this.setState("FIN_WAIT1");
    else if (st === "CLOSE_WAIT") this.setState("LAST_ACK");
    else return;
    this.finQueued = true;
    this.finSeq = this.sndEnd;
    this.transmitPending();
  }

  /** close(): FIN (or RST with unread data / SO_LINGER 0). The socket becomes an orphan. */
  close(): CallResult {
    const h = this.host;
    if (this.orphan || this.tw !== undefined) return this.fail("close", "EBADF");
    if (h.tracer.calls) h.tracer.call(h.name, "close", "ok", this.ref);
    this.orphan = true;
    const st = this._state;
    switch (st) {
      case "CLOSED":
        if (this.portHeld) {
          h.ports.release(this.localPort, this.reuseAddr);
          this.portHeld = false;
        }
        return OK;
      case "SYN_SENT":
        this.setState("CLOSED");
        return OK;
      case "ESTABLISHED":
      case "CLOSE_WAIT":
      case "SYN_RECV":
        if (this.unread > 0) {
          // RFC 9293 §3.6.1 (SHLD-3) / tcp_close(): unread data was tossed, so reset.
          h.counterSet.inc("TcpExtTCPAbortOnClose");
          this.unread = 0;
          this.sendRstAck();
          this.setState("CLOSED");
          return OK;
        }
        if (this.linger0) {
          // SO_LINGER {1, 0}: tcp_disconnect() sends RST and skips TIME_WAIT.
          h.counterSet.inc("TcpExtTCPAbortOnData");
          this.sendRstAck();
          this.setState("CLOSED");
          return OK;
        }
        this.queueFin();
        this.startLinger();
        return OK;
      case "FIN_WAIT2":
        if (this.linger0) {
          h.counterSet.inc("TcpExtTCPAbortOnData");
          this.sendRstAck();
          this.setState("CLOSED");
          return OK;
        }
        // tcp_close(): an orphaned FIN_WAIT2 gets the tcp_fin_timeout clock.
        this.orphanFinWait2();
        return OK;
      default:
        if (this.linger0) {
          this.sendRstAck();
          this.setState("CLOSED");
        }
        this.startLinger();
        return OK;
    }
  }

  /** Until when close() blocks (SO_LINGER {1, N}); -1: it does not. */

  /**
   * tcp_close() → sk_stream_wait_close(): with SO_LINGER {1, N}, N > 0, close() sleeps until
   * the socket leaves FIN_WAIT1 / CLOSING / LAST_ACK (our FIN acknowledged, or a reset) or N
   * seconds pass, whichever is first — also on an O_NONBLOCK socket (checked on Linux 6.18).
   * Either way close() then returns 0 and the connection carries on as an orphan.
   */
  private startLinger(): void {
    if (this.rare.lingerSecs <= 0 || !this.finPending()) return;
    const h = this.host;
    this.lingerUntil = h.now + this.rare.lingerSecs * SEC;
    if (Number.isFinite(this.rare.lingerUntil))
      this.armTimer((this.lingerTimerSlot ??= new Timer(h.sched, this, TAG_LINGER)), "linger", this.rare.lingerUntil);
  }

  private finPending(): boolean {
    const st = this._state;
    return this.tw === undefined && (st === "FIN_WAIT1" || st === "CLOSING" || st === "LAST_ACK");
  }

  /** close() is still blocked waiting for the FIN's ACK (SO_LINGER with a time). */
  get lingering(): boolean {
    return this.rare.lingerUntil > this.host.now && this.finPending();
  }

  // ------------------------------------------------------------------ receive path

  receive(seg: Segment): void {
    if (this._state === "SYN_SENT") this.rcvSynSent(seg);
    else if (this._state !== "CLOSED") this.rcvSynchronized(seg);
  }

  /** RFC 9293 §3.10.7.3 "SYN-SENT STATE" with Linux's tcp_rcv_synsent_state_process() details. */
  private rcvSynSent(seg: Segment): void {
    const h = this.host;
    const ack = seg.ack;
    if (ack !== undefined && (!seqAfter(ack, this.iss) || seqAfter(ack, this.sndMax))) {
      if (seg.ctl.rst) return;
      // Unacceptable ACK (e.g. from a TIME_WAIT socket of the old incarnation): <SEQ=SEG.ACK><CTL=RST>.
      h.counterSet.inc("TcpOutRsts");
      h.emit(this.local, this.remote, ack, undefined, CTL_RST, 0, 0, NO_OPTIONS);
      // Since ≈5.6 the SYN is resent after TCP_TIMEOUT_MIN (2 jiffies) if it was not retransmitted yet.
      if (h.traits.fastSynResend && this.retransmits === 0) this.armRto(h.now + TCP_TIMEOUT_MIN);
      return;
    }
    if (seg.ctl.rst) {
      if (ack !== undefined) this.done("ECONNREFUSED");
      return;
    }
    if (!seg.ctl.syn) return;
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.lastRecvAt = h.now;
    const o = seg.options;
    this.tsOn = this.synTs && o.timestamp !== undefined;
    if (o.timestamp !== undefined) {
      this.tsRecent = o.timestamp.val;
      this.tsRecentStamp = h.now;
    }
    this.wscaleOk = o.windowScale !== undefined;
    this.rcvWnd = this.wscaleOk ? RCV_WND_SCALED : RCV_WND_PLAIN;
    this.sackOk = o.sackPermitted === true && this.synSack;
    this.sndMss = Math.min(o.mss ?? 536, h.mss);
    if (ack !== undefined) {
      this.sndUna = ack;
      this.cancelRtx();
      this.rto = this.retransmits === 0 ? rtoFromSample(h.now - this.synSentAt) : TCP_TIMEOUT_FALLBACK;
      // Karn: a retransmitted SYN gives no RTT sample.
      this.srtt = this.retransmits === 0 ? Math.max(h.now - this.synSentAt, 1) : 0;
      this.handshakeRetransmitted = this.retransmits > 0;
      this.retransmits = 0;
      h.provenPeer(this.remoteIp);
      this.setState("ESTABLISHED");
      this.ackPending = true;
      this.startKeepaliveIfWanted();
      // Data written during SYN_SENT carries the ACK; otherwise a pure ACK goes out
      // before the app gets to act (tcp_finish_connect() then tcp_send_ack()).
      this.transmitPending();
      if (this.ackPending) this.sendAck();
      this.onEstablished?.(this);
    } else {
      // Simultaneous open (RFC 9293 §3.10.7.3, fifth check): SYN_RECV and a SYN,ACK with our ISN.
      this.setState("SYN_RECV");
      this.sendSynAck();
    }
  }

  private acceptable(seq: SeqNum, len: number): boolean {
    // RFC 9293 §3.10.7.4, the four-case acceptability test.
    const off = seqDiff(seq, this.rcvNxt);
    if (len === 0) return off === 0 || (off >= 0 && off < this.rcvWnd);
    const endOff = off + len - 1;
    return (off >= 0 && off < this.rcvWnd) || (endOff >= 0 && endOff < this.rcvWnd);
  }

  /**
   * RFC 9293 §3.10.7.4 "Otherwise" (synchronized states), with RFC 5961 and
   * RFC 7323 checks, one function per numbered check of the RFC (Linux:
   * tcp_rcv_established() / tcp_rcv_state_process()). Each returns true when
   * the segment has been dealt with and processing stops there.
   */
  private rcvSynchronized(seg: Segment): void {
    const bytesBefore = this.bytesReceived;
    const finBefore = this.peerFinReceived;
    const a = this.runChecks(seg);
    // The application hears of the segment only once all of it is processed, as on Linux, where
    // the reader is woken (sk_state_change(), sk_data_ready()) and runs after the softirq is done.
    this.notifyApp(seg, this.bytesReceived - bytesBefore, !finBefore && this.peerFinReceived);
    if (a === ACK_STOP || this._state === "CLOSED" || this.tw !== undefined) return;
    // An ACK still owed (the app's reply would have carried it) goes out now.
    if (this.ackPending) this.sendAck();
    if (a === ACK_ORPHAN_FW2 && this._state === "FIN_WAIT2") this.orphanFinWait2();
  }

  /** The checks in the RFC's order; ACK_STOP when one of them ended the processing. */
  private runChecks(seg: Segment): number {
    const simConnect = this.isSimConnectSynAck(seg);
    if (this.checkSequence(seg, simConnect)) return ACK_STOP; // first: sequence number (and PAWS)
    this.lastRecvAt = this.host.now;
    if (this.checkRst(seg)) return ACK_STOP; // second: RST
    // third: security (not modelled)
    if (this.checkSyn(seg, simConnect)) return ACK_STOP; // fourth: SYN
    const ack = seg.ack;
    if (ack === undefined) return ACK_STOP; // fifth: "if the ACK bit is off drop the segment and return"
    const a = this.checkAck(seg, ack, simConnect); // fifth: ACK
    if (a === ACK_STOP) return a;
    // sixth: URG (not modelled)
    const finInOrder = this.processText(seg); // seventh: segment text
    if (finInOrder === undefined) return ACK_STOP;
    if (finInOrder && this.checkFin()) return ACK_STOP; // eighth: FIN
    return a;
  }

  /**
   * Deliver what the segment told the application, in the order it happened: the handshake
   * completed, new bytes to read, the peer's FIN. Nothing is told to a socket that is gone, or
   * whose application has closed it (an orphan: Linux's SOCK_DEAD socket wakes no reader).
   */
  private notifyApp(seg: Segment, fresh: number, peerClosed: boolean): void {
    const established = this.owesEstablished;
    this.owesEstablished = false;
    if (this.orphan) return;
    if (established && this._state !== "CLOSED") this.onEstablished?.(this);
    if (fresh > 0 && this._state !== "CLOSED") this.onData?.(this, fresh, seg);
    if (peerClosed && this._state !== "CLOSED") this.onPeerClose?.(this);
  }

  /**
   * Simultaneous open: the peer's SYN-ACK repeats its SYN's sequence number. Linux's
   * tcp_sequence() accepts it (end_seq == rcv_nxt) and tcp_validate_incoming() lets this one
   * SYN through ("simultaneous connect"), so its ACK completes the handshake.
   */
  private isSimConnectSynAck(seg: Segment): boolean {
    const ctl = seg.ctl;
    return (
      this._state === "SYN_RECV" &&
      ctl.syn &&
      !ctl.rst &&
      !ctl.fin &&
      seg.len === 0 &&
      seg.ack === this.sndNxt &&
      seqAdd(seg.seq, 1) === this.rcvNxt
    );
  }

  /** §3.10.7.4 first check, sequence number, with PAWS (RFC 7323 §5.3); Linux tcp_validate_incoming(). */
  private checkSequence(seg: Segment, simConnect: boolean): boolean {
    const h = this.host;
    const ctl = seg.ctl;
    const ts = seg.options.timestamp;
    // PAWS (RFC 7323 §5.3): a timestamp older than ts_recent means an old duplicate.
    if (this.tsOn && ts !== undefined && !ctl.rst && this.tsRecentStamp >= 0 && tsDiff(ts.val, this.tsRecent) < 0) {
      h.counterSet.inc("TcpExtPAWSEstab");
      h.tracer.drop(h.name, seg, "paws");
      if (!this.oowLimited(seg, "TcpExtTCPACKSkippedPAWS")) this.sendDupAck();
      return true;
    }
    if (!simConnect && !this.acceptable(seg.seq, segmentSeqLength(seg))) {
      h.tracer.drop(h.name, seg, "invalid");
      // tcp_validate_incoming(): the duplicate ACK is rate-limited (tcp_oow_rate_limited).
      if (!ctl.rst && !this.oowLimited(seg, "TcpExtTCPACKSkippedSeq")) this.sendDupAck();
      return true;
    }
    return false;
  }

  /** §3.10.7.4 second check, RST, with RFC 5961 §3.2; Linux tcp_validate_incoming() / tcp_reset(). */
  private checkRst(seg: Segment): boolean {
    if (!seg.ctl.rst) return false;
    // RFC 5961 §3.2: only an RST at exactly RCV.NXT resets; others in the window get a challenge ACK.
    if (seg.seq === this.rcvNxt || !this.host.traits.challengeAck) this.onReset();
    else this.challengeAck(seg);
    return true;
  }

  /** §3.10.7.4 fourth check, SYN, with RFC 5961 §4.2; Linux tcp_validate_incoming() (TCPSYNChallenge). */
  private checkSyn(seg: Segment, simConnect: boolean): boolean {
    if (!seg.ctl.syn || simConnect) return false;
    if (this._state === "SYN_RECV" && seg.seq === this.irs) {
      this.sendSynAck();
      return true;
    }
    // RFC 5961 §4.2 / RFC 9293 §3.10.7.4: a SYN in a synchronized state gets a challenge ACK.
    this.host.counterSet.inc("TcpExtTCPSYNChallenge");
    this.challengeAck(seg);
    return true;
  }

  /**
   * §3.10.7.4 fifth check, ACK (SYN-RECEIVED, then ESTABLISHED and the closing
   * states), with RFC 7323 §4.3's ts_recent update; Linux tcp_ack() and the
   * state switch of tcp_rcv_state_process(). Returns ACK_STOP when processing
   * ends here, ACK_ORPHAN_FW2 when an orphan has just reached FIN_WAIT2.
   */
  private checkAck(seg: Segment, ack: SeqNum, simConnect: boolean): number {
    const h = this.host;
    const ctl = seg.ctl;
    const ts = seg.options.timestamp;
    // RFC 7323 §4.3: remember the newest timestamp of a segment that covers RCV.NXT.
    if (ts !== undefined && this.tsOn && !seqAfter(seg.seq, this.rcvNxt)) {
      this.tsRecent = ts.val;
      this.tsRecentStamp = h.now;
    }
    if (this._state === "SYN_RECV") {
      if (seqAfter(ack, this.sndUna) && !seqAfter(ack, this.sndMax)) {
        this.cancelRtx();
        this.retransmits = 0;
        this.setState("ESTABLISHED");
        // tcp_data_queue(): the SYN-ACK's sequence is old, so an ACK goes out at once.
        if (simConnect) this.ackPending = true;
        this.startKeepaliveIfWanted();
        this.owesEstablished = true;
        // Data written while in SYN_RECV goes out now (tcp_data_snd_check()).
        this.transmitPending();
      } else {
        h.counterSet.inc("TcpOutRsts");
        h.emit(this.local, this.remote, ack, undefined, CTL_RST, 0, 0, NO_OPTIONS);
        return ACK_STOP;
      }
    }
    if (seqAfter(ack, this.sndMax)) {
      // Acknowledges something we never sent. RFC 9293 §3.10.7.4: ACK and drop. Linux
      // (tcp_ack() < 0): tcp_rcv_established() drops it silently; the other states
      // answer with a challenge ACK. Both replies are rate-limited.
      h.tracer.drop(h.name, seg, "invalid");
      if (h.profile === "rfc9293") {
        if (!this.oowLimited(seg, "TcpExtTCPACKSkippedSeq")) this.sendDupAck();
      } else if (this._state !== "ESTABLISHED") this.challengeAck(seg);
      return ACK_STOP;
    }
    this.probesOut = 0;
    if (seqAfter(ack, this.sndUna)) {
      this.sndUna = ack;
      if (seqAfter(ack, this.sndNxt)) this.sndNxt = ack;
      if (this.retransmits > 0) {
        this.retransmits = 0;
        this.retransStamp = -1;
        this.rto = Math.max(TCP_RTO_MIN, this.rto >> 1);
      }
      // tcp_process_tlp_ack(): an ACK that covers the probe ends the episode; leaving
      // TCP_CA_Loss once SND.UNA passes the old SND.NXT allows probes again.
      if (this.rare.tlpHigh !== -1 && !seqBefore(ack, this.rare.tlpHigh)) this.tlpHigh = -1;
      if (this.rare.lossHigh !== -1 && !seqBefore(ack, this.rare.lossHigh)) this.lossHigh = -1;
      if (this.sndUna === this.sndMax) this.cancelRtx();
      // tcp_set_xmit_timer(): a loss probe if one may be scheduled, else the RTO from now.
      else if (!this.scheduleLossProbe(true)) this.armRto(h.now + this.rto);
    }
    switch (this._state) {
      case "FIN_WAIT1":
        if (this.finAcked()) {
          this.setState("FIN_WAIT2");
          if (this.orphan && !ctl.fin) return ACK_ORPHAN_FW2;
        }
        break;
      case "CLOSING":
        if (this.finAcked()) {
          this.enterTimeWait("TIME_WAIT");
          return ACK_STOP;
        }
        break;
      case "LAST_ACK":
        if (this.finAcked()) {
          this.setState("CLOSED");
          return ACK_STOP;
        }
        break;
      default:
        break;
    }
    return ACK_GO;
  }

  /**
   * §3.10.7.4 seventh check, segment text (in order only: no reassembly
   * queue); Linux tcp_data_queue(), and tcp_rcv_state_process()'s
   * TCPAbortOnData for data after close(). Returns whether an in-order FIN
   * follows the text, or undefined when processing ends here.
   */
  private processText(seg: Segment): boolean | undefined {
    const h = this.host;
    const ctl = seg.ctl;
    const dataLen = seg.len;
    const st = this._state;
    let finInOrder = false;
    if (st === "ESTABLISHED" || st === "FIN_WAIT1" || st === "FIN_WAIT2") {
      if (dataLen > 0 || ctl.fin) {
        const off = seqDiff(seg.seq, this.rcvNxt);
        if (off <= 0) {
          const fresh = dataLen + off; // bytes beyond rcvNxt
          if (fresh > 0 && this.orphan) {
            // tcp_rcv_state_process(): data after close() cannot be delivered: reset (TCPAbortOnData),
            // answered by tcp_v4_send_reset(): a bare RST with seq = SEG.ACK.
            h.counterSet.inc("TcpExtTCPAbortOnData");
            h.sendResetFor(seg);
            this.setState("CLOSED");
            return undefined;
          }
          if (fresh > 0) {
            this.rcvNxt = seqAdd(this.rcvNxt, fresh);
            this.unread += fresh;
            this.bytesReceived += fresh;
            this.ackPending = true;
          }
          finInOrder = ctl.fin && fresh >= 0;
        } else {
          // Out of order: we keep no reassembly queue; the duplicate ACK asks for the gap.
          this.ackPending = true;
        }
      }
    } else if (dataLen > 0 || ctl.fin) {
      // CLOSE_WAIT, CLOSING, LAST_ACK: the peer already sent its FIN; just acknowledge.
      this.ackPending = true;
    }
    return finInOrder;
  }

  /** §3.10.7.4 eighth check, FIN; Linux tcp_fin(). Returns true when the socket has gone to TIME_WAIT. */
  private checkFin(): boolean {
    this.rcvNxt = seqAdd(this.rcvNxt, 1);
    this.peerFinReceived = true;
    this.ackPending = true;
    const s = this._state;
    if (s === "ESTABLISHED") {
      this.setState("CLOSE_WAIT");
    } else if (s === "FIN_WAIT1") {
      // Simultaneous close: both FINs crossed.
      this.setState("CLOSING");
    } else if (s === "FIN_WAIT2") {
      this.sendAck();
      this.enterTimeWait("TIME_WAIT");
      return true;
    }
    return false;
  }

  private challengeAck(seg: Segment): void {
    if (this.oowLimited(seg, "TcpExtTCPACKSkippedChallenge")) return;
    this.host.counterSet.inc("TcpExtTCPChallengeACK");
    this.sendDupAck();
  }

  /** tcp_reset(): an acceptable RST arrived. */
  private onReset(): void {
    const st = this._state;
    let err: Errno | undefined;
    if (st === "SYN_RECV") err = "ECONNREFUSED";
    else if (st === "CLOSE_WAIT") err = "EPIPE";
    else if (st === "CLOSING" || st === "LAST_ACK") err = undefined;
    else err = "ECONNRESET";
    this.done(err);
  }

  // ------------------------------------------------------------------ FIN_WAIT2 / TIME_WAIT

  /** tcp_fin_time(): max(tcp_fin_timeout, 3.5 × RTO). */
  finTime(): Micros {
    const fin = this.host.sysctl.numAt(K_TCP_FIN_TIMEOUT, 60) * SEC;
    const rto35 = (this.rto << 2) - (this.rto >> 1);
    return Math.max(fin, rto35);
  }

  private orphanFinWait2(): void {
    const h = this.host;
    if (!h.traits.finWait2Timeout) return; // RFC profile: wait for the FIN forever
    const tmo = this.finTime();
    const twLen = h.traits.timeWaitLen;
    if (tmo > twLen) {
      // tcp_close(): hold the full socket for the part beyond TCP_TIMEWAIT_LEN first.
      this.armTimer((this.fw2TimerSlot ??= new Timer(h.sched, this, TAG_FINWAIT2)), "fin_wait2", h.now + tmo - twLen);
    } else {
      this.enterTimeWait("FIN_WAIT2", tmo);
    }
  }

  /**
   * tcp_time_wait(): hand the connection to a small TIME_WAIT mini-socket
   * (substate TIME_WAIT, or FIN_WAIT2 for an orphan waiting for the peer's
   * FIN), or skip it when tcp_max_tw_buckets is reached.
   */
  enterTimeWait(substate: "TIME_WAIT" | "FIN_WAIT2", finTimeout?: Micros): void {
    const h = this.host;
    const max = h.sysctl.numAt(K_TCP_MAX_TW_BUCKETS, Infinity);
    if (h.twCount >= max) {
      // inet_twsk_alloc() fails: no TIME_WAIT protection, no RST, just the counter.
      h.counterSet.inc("TcpExtTCPTimeWaitOverflow");
      this.setState("CLOSED");
      return;
    }
    let timeout = substate === "TIME_WAIT" ? h.traits.timeWaitLen : (finTimeout ?? h.traits.timeWaitLen);
    // Pre-4.12 tw_recycle: remember the peer's timestamp and keep TIME_WAIT only 3.5×RTO.
    if (h.sysctl.numAt(K_TCP_TW_RECYCLE, 0) === 1 && this.tsOn && this.tsRecentStamp >= 0) {
      h.rememberPeerTimestamp(this.remoteIp, this.tsRecent);
      if (substate === "TIME_WAIT") timeout = (this.rto << 2) - (this.rto >> 1);
    }
    this.cancelRtx();
    if (this.rare.kaTimerSlot !== undefined) this.cancelTimer(this.rare.kaTimerSlot, "keepalive");
    if (this.rare.fw2TimerSlot !== undefined) this.cancelTimer(this.rare.fw2TimerSlot, "fin_wait2");
    const tw = new TimeWaitSock(h, this, substate, timeout);
    this.tw = tw;
    if (substate === "TIME_WAIT") this.setState("TIME_WAIT");
    // The mini-socket takes over the table entry and the port.
    this.hashed = false;
    this.portHeld = false;
    tw.install();
  }

  // ------------------------------------------------------------------ timers

  onEvent(tag: number, data: unknown, gen: number): void {
    const tr = this.host.tracer;
    if (tag === TAG_RTX) {
      if (!slottedExpired(this, this.host.sched, TAG_RTX, gen, this.host.now)) return;
      if (this.tlpArmed) {
        if (tr.timers) tr.timer(this.ref, "loss_probe", "fire");
        this.onLossProbe();
        return;
      }
      if (tr.timers) tr.timer(this.ref, "retransmit", "fire");
      this.onRetransmitTimer();
      return;
    }
    if (!(data as Timer).expired(gen, this.host.now)) return;
    if (tag === TAG_LINGER) {
      // SO_LINGER's time is up: the blocked close() returns (sk_stream_wait_close()); TCP goes on.
      if (tr.timers) tr.timer(this.ref, "linger", "fire");
    } else if (tag === TAG_KEEPALIVE) {
      if (tr.timers) tr.timer(this.ref, "keepalive", "fire");
      this.onKeepaliveTimer();
    } else if (tag === TAG_FINWAIT2) {
      if (tr.timers) tr.timer(this.ref, "fin_wait2", "fire");
      if (this._state === "FIN_WAIT2") this.enterTimeWait("FIN_WAIT2", this.finTime() - this.host.traits.timeWaitLen);
    }
  }

  private synRetries(): number {
    return this.rare.synCnt ?? this.host.sysctl.num("net.ipv4.tcp_syn_retries", 6);
  }

  private onRetransmitTimer(): void {
    const h = this.host;
    const st = this._state;
    if (st === "SYN_SENT") {
      // tcp_write_timeout(): give up at (syn_retries + linear) retransmissions or after
      // (2^(syn_retries+1) − 1) × initial RTO, whichever comes first.
      // With TCP_USER_TIMEOUT the time limit is that many ms since the SYN instead.
      const retries = this.synRetries();
      const linear = h.sysctl.num("net.ipv4.tcp_syn_linear_timeouts", 0);
      const elapsed = h.now - this.synSentAt;
      const limit =
        this.rare.userTimeout > 0 ? this.rare.userTimeout * MS : modelTimeout(retries, TCP_TIMEOUT_INIT, this.rtoMax);
      if (this.retransmits >= retries + linear || (this.retransmits > 0 && elapsed >= limit)) {
        this.done("ETIMEDOUT");
        return;
      }
      this.retransmits++;
      this.handshakeRetransmitted = true;
      h.counterSet.inc("TcpExtTCPTimeouts");
      h.counterSet.inc("TcpExtTCPSynRetrans");
      h.counterSet.inc("TcpRetransSegs");
      this.sendSyn();
      // tcp_retransmit_timer(): the first `linear` timeouts keep the initial RTO, then it doubles.
      this.rto =
        this.retransmits <= linear
          ? TCP_TIMEOUT_INIT
          : Math.min(TCP_TIMEOUT_INIT * 2 ** (this.retransmits - linear), this.rtoMax);
      this.armRto(h.now + this.clampedRto(this.synSentAt));
      return;
    }
    if (st === "SYN_RECV") {
      if (this.retransmits >= h.sysctl.num("net.ipv4.tcp_synack_retries", 5)) {
        this.done("ETIMEDOUT");
        return;
      }
      this.retransmits++;
      h.counterSet.inc("TcpRetransSegs");
      this.sendSynAck();
      this.rto = Math.min(this.rto * 2, this.rtoMax);
      this.armRto(h.now + this.rto);
      return;
    }
    if (!seqBefore(this.sndUna, this.sndMax)) return;
    // tcp_retransmit_timer(): an outstanding probe is forgotten; every firing is a timeout.
    this.tlpHigh = -1;
    h.counterSet.inc("TcpExtTCPTimeouts");
    if (this.writeTimedOut()) {
      // tcp_write_err(): no RST, the socket just goes (ETIMEDOUT).
      h.counterSet.inc("TcpExtTCPAbortOnTimeout");
      this.done("ETIMEDOUT");
      return;
    }
    this.retransmits++;
    // tcp_enter_loss(): TCP_CA_Loss until SND.UNA passes what was sent so far; no probes meanwhile.
    this.lossHigh = this.sndMax;
    // tcp_retransmit_skb(): retrans_stamp is the time of the first retransmission of the episode.
    if (this.retransStamp < 0) this.retransStamp = h.now;
    // Go back to the oldest unacknowledged byte and resend from there.
    this.sndNxt = this.sndUna;
    this.rto = Math.min(this.rto * 2, this.rtoMax);
    this.transmitPending();
    if (!this.rtxArmed) this.armRto(h.now + this.rto);
    // tcp_clamp_rto_to_user_timeout(): never wait past TCP_USER_TIMEOUT.
    if (this.rare.userTimeout > 0) {
      const next = this.clampedRto(this.retransStamp);
      if (next < this.rto) this.armRto(h.now + next);
    }
  }

  /**
   * tcp_write_timeout() in the synchronized states: retransmits_timed_out() measures the time
   * since the first retransmission against TCP_USER_TIMEOUT, or else against
   * tcp_model_timeout() of tcp_retries2 (15) — or, for an orphan, of tcp_orphan_retries
   * (0, meaning 8 while its RTO is below the ceiling and 0 once it reached it).
   */
  private writeTimedOut(): boolean {
    if (this.retransmits === 0 || this.retransStamp < 0) return false;
    let retryUntil = TCP_RETRIES2;
    if (this.orphan) retryUntil = this.rto < this.rtoMax ? TCP_ORPHAN_RETRIES : 0;
    const limit =
      this.rare.userTimeout > 0 ? this.rare.userTimeout * MS : modelTimeout(retryUntil, TCP_RTO_MIN, this.rtoMax);
    return this.host.now - this.retransStamp >= limit;
  }

  /** tcp_clamp_rto_to_user_timeout(): the next timeout, cut to what is left of TCP_USER_TIMEOUT since `start`. */
  private clampedRto(start: Micros): Micros {
    if (this.rare.userTimeout === 0) return this.rto;
    const remaining = this.rare.userTimeout * MS - (this.host.now - start);
    // "user timeout has passed; fire ASAP": one jiffy.
    if (remaining <= 0) return JIFFY;
    return Math.min(this.rto, remaining);
  }

  private keepIdleUs(): Micros {
    return (this.rare.keepIdle ?? this.host.sysctl.num("net.ipv4.tcp_keepalive_time", 7200)) * SEC;
  }

  private armKeepalive(at: Micros): void {
    this.armTimer((this.kaTimerSlot ??= new Timer(this.host.sched, this, TAG_KEEPALIVE)), "keepalive", at);
  }

  private startKeepaliveIfWanted(): void {
    if (this.keepAlive) this.armKeepalive(this.host.now + this.keepIdleUs());
  }

  /** tcp_keepalive_timer(). */
  private onKeepaliveTimer(): void {
    const h = this.host;
    const st = this._state;
    if (!this.keepAlive || st === "CLOSED" || st === "SYN_SENT" || st === "LISTEN") return;
    const idle = this.keepIdleUs();
    if (seqBefore(this.sndUna, this.sndEnd) || (this.finQueued && seqBefore(this.sndUna, seqAdd(this.finSeq, 1)))) {
      this.armKeepalive(h.now + idle); // data in flight: not idle
      return;
    }
    const elapsed = h.now - this.lastRecvAt;
    if (elapsed >= idle) {
      const probes = this.rare.keepCnt ?? h.sysctl.num("net.ipv4.tcp_keepalive_probes", 9);
      // tcp_keepalive_timer(): with TCP_USER_TIMEOUT, give up once idle that long with a probe out,
      // whatever TCP_KEEPCNT says.
      const ut = this.rare.userTimeout * MS;
      if ((ut > 0 && elapsed >= ut && this.rare.probesOut > 0) || (ut === 0 && this.rare.probesOut >= probes)) {
        h.counterSet.inc("TcpExtTCPAbortOnTimeout");
        this.sendRstAck();
        this.done("ETIMEDOUT");
        return;
      }
      // tcp_xmit_probe_skb(): an ACK carrying SND.UNA − 1, which the peer must answer with an ACK.
      this.xmit(seqAdd(this.sndUna, -1), CTL_NONE, 0);
      this.probesOut++;
      this.armKeepalive(h.now + (this.rare.keepIntvl ?? h.sysctl.num("net.ipv4.tcp_keepalive_intvl", 75)) * SEC);
    } else {
      this.armKeepalive(this.lastRecvAt + idle);
    }
  }

  // ------------------------------------------------------------------ passive open

  /** Build the child of a listener from a completed handshake (request socket or SYN cookie). */
  static passive(
    host: Stack,
    p: PassiveOpen,
    rto: Micros,
    /** RTT sample of the SYN-ACK (0: none, e.g. it was retransmitted or the ACK carried a cookie). */
    srtt: Micros,
    handshakeRetransmitted: boolean,
    reuseAddr: boolean,
  ): TcpSocket {
    // Born in SYN_RECV: it continues the request socket, which already traced LISTEN → SYN_RECV.
    const s = new TcpSocket(host, "SYN_RECV");
    const remote = p.ref?.remote;
    if (remote !== undefined && p.ref !== undefined) {
      // Endpoints are never changed, only replaced: the SYN's can be shared.
      s.local = p.ref.local;
      s.remote = remote;
    } else s.setAddresses(p.localIp, p.localPort, p.remoteIp, p.remotePort);
    s.iss = p.iss;
    s.sndUna = seqAdd(p.iss, 1);
    s.sndNxt = s.sndUna;
    s.sndMax = s.sndUna;
    s.sndEnd = s.sndUna;
    s.irs = p.irs;
    s.rcvNxt = seqAdd(p.irs, 1);
    s.tsOn = p.tsOn;
    s.tsRecent = p.tsRecent;
    s.tsRecentStamp = p.tsRecentStamp;
    s.tsOffset = p.tsOffset;
    s.sndMss = p.sndMss;
    s.wscaleOk = p.wscaleOk;
    s.synWnd = initialWindow(host.mss - (p.tsOn ? TS_OPTION_BYTES : 0));
    s.rcvWnd = p.wscaleOk ? RCV_WND_SCALED : RCV_WND_PLAIN;
    s.sackOk = p.sackOk;
    s.rto = rto;
    s.srtt = srtt;
    s.handshakeRetransmitted = handshakeRetransmitted;
    s.reuseAddr = reuseAddr;
    s.lastRecvAt = host.now;
    return s;
  }

  /** Called by the listener right after the child was hashed. */
  establishPassive(): void {
    this.setState("ESTABLISHED");
  }

  /** Run the rest of the segment that completed the handshake (data or FIN riding on the final ACK). */
  receiveRest(seg: Segment): void {
    if (seg.len > 0 || seg.ctl.fin) this.rcvSynchronized(seg);
  }
}

/** RFC 6298 with Linux's floor: RTO = SRTT + max(4·RTTVAR, TCP_RTO_MIN) from the first sample. */
export function rtoFromSample(rtt: Micros): Micros {
  const r = Math.max(rtt, 1);
  const rto = Math.min(Math.max(r + Math.max(2 * r, TCP_RTO_MIN), TCP_RTO_MIN), TCP_RTO_MAX);
  // __tcp_set_rto() keeps icsk_rto in jiffies (usecs_to_jiffies() rounds up): 200.1 ms is 204 ms at HZ=250.
  return Math.ceil(rto / JIFFY) * JIFFY;
}

export { MS };

Object.defineProperty(TcpSocket.prototype, "kind", { value: "sock", enumerable: true });
Object.defineProperty(TcpSocket.prototype, "ok", { value: true, enumerable: true });
