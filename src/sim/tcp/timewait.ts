/**
 * The TIME_WAIT mini-socket (Linux inet_timewait_sock, ~256 B): what is
 * left of a connection after the full socket is gone. It also carries
 * orphaned FIN_WAIT2 connections (tw_substate = FIN_WAIT2), as Linux does.
 *
 * Incoming segments follow tcp_timewait_state_process():
 * - FIN_WAIT2 substate: the peer's FIN moves it to TIME_WAIT for 60 s.
 * - retransmitted FIN / out-of-window segment: re-ACK, restart the timer.
 * - RST at rcv_nxt: kills it (TIME-WAIT assassination) unless tcp_rfc1337=1.
 * - new SYN with a higher sequence number or newer timestamp: accepted,
 *   the listener builds the new connection with ISN = snd_nxt + 65537.
 * - any other SYN: answered by an ACK (the client then sends RST).
 */
import type { Micros, Segment } from "../segment.ts";
import { segmentSeqLength } from "../segment.ts";
import { seqAdd, seqAfter, seqBefore, type SeqNum } from "../seq.ts";
import type { SocketRef, TcpState } from "../trace.ts";
import { NO_TIMER, inlineArm, inlineCancel, inlineExpired, type InlineTimer } from "../scheduler.ts";
import type { Stack } from "./stack.ts";
import { keyLocalPort, keyRemotePort, type TableEntry } from "./table-entry.ts";
import {
  invalidRatelimit,
  oowAckAllowed,
  RCV_WND_PLAIN,
  RCV_WND_SCALED,
  SEC,
  SYN_WINDOW,
  TAG_TIMEWAIT,
  WSCALE,
} from "./constants.ts";
import { reincarnationIsn } from "../isn.ts";
import { t32, timeAccessors, u32Accessors } from "../time32.ts";
import { CTL_NONE, NO_OPTIONS, tsDiff } from "./segments.ts";

/** What a TIME_WAIT mini-socket copies from the connection it replaces (a TcpSocket has all of it). */
export interface TimeWaitSource {
  readonly key: number;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly tsOn: boolean;
  readonly wscaleOk: boolean;
  readonly reuseAddr: boolean;
  readonly sndMax: SeqNum;
  readonly rcvNxt: SeqNum;
  readonly rcvWnd: number;
  readonly tsRecent: number;
  readonly tsRecentStamp: Micros;
  readonly tsOffset: number;
  readonly rto: Micros;
}

/** A full socket, whose app may have set an onClose hook that must hear about the end. */
export interface ClosingSocket {
  readonly kind: "sock";
  readonly onClose: ((s: this) => void) | undefined;
}

/** Bits of TimeWaitSock.flags. The substate lives in the low two bits. */
const SUB_FIN_WAIT2 = 0;
const SUB_TIME_WAIT = 1;
const SUB_CLOSED = 2;
const SUB_MASK = 3;
const F_TS_ON = 4;
const F_WSCALE_OK = 8;
const F_REUSE_ADDR = 16;
const F_PORT_HELD = 32;
/** An app's onClose hook waits in CLOSERS. */
const F_CLOSER = 64;
/** The connection's receive window is RCV_WND_PLAIN (else RCV_WND_SCALED, or in RCV_WNDS). */
const F_WND_PLAIN = 128;
/** The connection's receive window is in RCV_WNDS. */
const F_WND_OTHER = 256;
const SUBSTATE_NAME: readonly TcpState[] = ["FIN_WAIT2", "TIME_WAIT", "CLOSED"];

/** Side tables for what few mini-sockets carry: an app's onClose hook, and the SocketRef once asked for. */
const CLOSERS = new WeakMap<TimeWaitSock, ClosingSocket>();
const REFS = new WeakMap<TimeWaitSock, SocketRef>();
/** The connection's RTO, for an orphaned FIN_WAIT2 only (tw_recycle's 3.5×RTO). */
const RTOS = new WeakMap<TimeWaitSock, Micros>();
/** A receive window other than RCV_WND_SCALED and RCV_WND_PLAIN (none today; kept exact). */
const RCV_WNDS = new WeakMap<TimeWaitSock, number>();
/** tw_last_oow_ack_time, once an out-of-window ACK was sent (absent: never). */
const OOW_ACKS = new WeakMap<TimeWaitSock, Micros>();

/**
 * Memory: like inet_timewait_sock it keeps only what
 * tcp_timewait_state_process() and `ss` need — no full socket (an app's
 * onClose hook, which must hear about the end, waits in a side table), no
 * Timer object (the timer is three fields here), booleans, substate and
 * remote port packed in one integer, `kind` on the prototype, and the
 * SocketRef built only when a trace or a caller asks for it (also kept in a
 * side table). Every field holds a small integer where it can: sequence
 * numbers and timestamps are kept as int32 (read back unsigned), and "no
 * timer" is -1, not Infinity, so V8 keeps the fields unboxed (a field that
 * ever holds a non-integer makes every instance box it: 16 B more each).
 */
export class TimeWaitSock implements TableEntry, InlineTimer {
  declare readonly kind: "tw";
  readonly host: Stack;
  /** Key in the host's connection table (the same number the full socket used). */
  readonly key: number;
  private flags: number;
  // Unsigned 32-bit numbers: accessors of int32 fields (time32.ts u32Accessors()).
  snd: number;
  rcv: number;
  tsRec: number;
  tsOff: number;
  declare readonly sndNxt: SeqNum;
  declare rcvNxt: SeqNum;
  declare tsRecent: number;
  declare readonly tsOffset: number;
  declare tsRecentStamp: Micros;
  /** When the connection entered this mini-socket (tcp_tw_reuse_delay counts from here). */
  declare readonly enteredAt: Micros;
  // The timer, inline (same lazy-cancel rules as scheduler.ts Timer).
  timerGen = 0;
  declare timerDeadline: Micros;
  declare timerQueuedAt: Micros;
  // The four times above, stored minus T32 (time32.ts: int32, not boxed, for 71 simulated minutes).
  t32TsRecentStamp = 0;
  t32EnteredAt = 0;
  t32Deadline = t32(NO_TIMER);
  t32QueuedAt = t32(NO_TIMER);

  static {
    u32Accessors(TimeWaitSock.prototype, { sndNxt: "snd", rcvNxt: "rcv", tsRecent: "tsRec", tsOffset: "tsOff" });
    timeAccessors(TimeWaitSock.prototype, {
      tsRecentStamp: "t32TsRecentStamp",
      enteredAt: "t32EnteredAt",
      timerDeadline: "t32Deadline",
      timerQueuedAt: "t32QueuedAt",
    });
  }

  /**
   * `s` is the full socket being replaced, or (bulk fast path, scenarios/load.ts)
   * the same fields computed without one. `deferred`: do not count or arm yet;
   * enterLater() does that at the moment the connection reaches TIME_WAIT.
   */
  constructor(
    host: Stack,
    s: TimeWaitSource | (TimeWaitSource & ClosingSocket),
    substate: "TIME_WAIT" | "FIN_WAIT2",
    timeout: Micros,
    deferred = false,
  ) {
    this.host = host;
    const full = "kind" in s && s.kind === "sock" ? s : undefined;
    const closer = full !== undefined && full.onClose !== undefined;
    if (closer) CLOSERS.set(this, full);
    this.key = s.key;
    this.flags =
      (substate === "TIME_WAIT" ? SUB_TIME_WAIT : SUB_FIN_WAIT2) |
      (s.tsOn ? F_TS_ON : 0) |
      (s.wscaleOk ? F_WSCALE_OK : 0) |
      (s.reuseAddr ? F_REUSE_ADDR : 0) |
      (closer ? F_CLOSER : 0) |
      F_PORT_HELD;
    this.snd = s.sndMax | 0;
    this.rcv = s.rcvNxt | 0;
    // The receive window is one of two values (window scaling or not): a flag, not a field.
    if (s.rcvWnd === RCV_WND_PLAIN) this.flags |= F_WND_PLAIN;
    else if (s.rcvWnd !== RCV_WND_SCALED) {
      this.flags |= F_WND_OTHER;
      RCV_WNDS.set(this, s.rcvWnd);
    }
    this.tsRec = s.tsRecent | 0;
    this.tsRecentStamp = s.tsOn ? s.tsRecentStamp : -1;
    this.tsOff = s.tsOffset | 0;
    // Only an orphaned FIN_WAIT2 reads the RTO (tw_recycle's 3.5×RTO when the FIN comes).
    if (substate === "FIN_WAIT2") RTOS.set(this, s.rto);
    this.enteredAt = deferred ? host.now + timeout : host.now;
    if (!deferred) this.schedule(timeout, false);
  }

  /**
   * Bulk fast path: the connection reaches TIME_WAIT now (it was put in the
   * table earlier with `deferred`). Same bookkeeping as TcpSocket.enterTimeWait().
   */
  enterLater(): void {
    const h = this.host;
    (this as { enteredAt: Micros }).enteredAt = h.now;
    h.twCount++;
    this.schedule(h.traits.timeWaitLen, false);
  }

  /**
   * Bulk fast path: a connection that entered TIME_WAIT while held outside the
   * table (already counted) gets its timer here, with the deadline and the
   * scheduler insertion number reserved when it entered, so it expires exactly
   * where it would have.
   */
  adoptTimer(deadline: Micros, order: number): void {
    this.timerDeadline = deadline;
    this.timerGen++;
    this.timerQueuedAt = deadline;
    this.host.sched.scheduleOrdered(deadline, order, this, TAG_TIMEWAIT, undefined, this.timerGen);
  }

  /** The socket as traces name it ({host, local, remote}), built on first use. */
  get ref(): SocketRef {
    let r = REFS.get(this);
    if (r === undefined) {
      r = {
        host: this.host.name,
        local: { ip: this.localIp, port: this.localPort },
        remote: { ip: this.remoteIp, port: this.remotePort },
      };
      REFS.set(this, r);
    }
    return r;
  }

  // The 4-tuple is read back from the table key (tcp/conn-table.ts): no strings or ports of its own.
  get localIp(): string {
    return this.host.keyLocalIp(this.key);
  }

  get remoteIp(): string {
    return this.host.keyRemoteIp(this.key);
  }

  get localPort(): number {
    return keyLocalPort(this.key);
  }

  get remotePort(): number {
    return keyRemotePort(this.key);
  }

  get rcvWnd(): number {
    if ((this.flags & F_WND_PLAIN) !== 0) return RCV_WND_PLAIN;
    if ((this.flags & F_WND_OTHER) !== 0) return RCV_WNDS.get(this) ?? RCV_WND_SCALED;
    return RCV_WND_SCALED;
  }

  get tsOn(): boolean {
    return (this.flags & F_TS_ON) !== 0;
  }

  get wscaleOk(): boolean {
    return (this.flags & F_WSCALE_OK) !== 0;
  }

  get reuseAddr(): boolean {
    return (this.flags & F_REUSE_ADDR) !== 0;
  }

  get state(): TcpState {
    return SUBSTATE_NAME[this.flags & SUB_MASK] as TcpState;
  }

  get alive(): boolean {
    return (this.flags & SUB_MASK) !== SUB_CLOSED;
  }

  /** Which timer `ss -o` shows and when it fires. */
  get deadline(): Micros {
    return this.timerDeadline === NO_TIMER ? Infinity : this.timerDeadline;
  }

  /**
   * Bulk fast path: the connection never reached TIME_WAIT (tcp_max_tw_buckets
   * was full, so inet_twsk_alloc() failed): leave the table and free the port.
   */
  discardUnentered(): void {
    this.flags = (this.flags & ~SUB_MASK & ~F_PORT_HELD) | SUB_CLOSED;
    this.host.removeConn(this);
    this.host.ports.release(this.localPort, this.reuseAddr);
  }

  /** Put the mini-socket in the connection table in place of the full socket. */
  install(): void {
    this.host.replaceConn(this.key, this);
    this.host.twCount++;
  }

  private setState(to: "TIME_WAIT" | "CLOSED"): void {
    const from = this.flags & SUB_MASK;
    const sub = to === "TIME_WAIT" ? SUB_TIME_WAIT : SUB_CLOSED;
    if (from === sub) return;
    this.flags = (this.flags & ~SUB_MASK) | sub;
    if (this.host.tracer.states) this.host.tracer.state(this.ref, SUBSTATE_NAME[from] as TcpState, to);
    if (sub === SUB_CLOSED) {
      inlineCancel(this);
      this.host.twCount--;
      this.host.removeConn(this);
      if ((this.flags & F_PORT_HELD) !== 0) {
        this.host.ports.release(this.localPort, this.reuseAddr);
        this.flags &= ~F_PORT_HELD;
      }
      if ((this.flags & F_CLOSER) !== 0) {
        const sock = CLOSERS.get(this);
        CLOSERS.delete(this);
        sock?.onClose?.(sock);
      }
    }
  }

  /**
   * __inet_twsk_schedule(): arm the timer. The first scheduling counts
   * TcpExtTW, or TcpExtTWKilled for timeouts of 4 s or less (lab: tw-buckets-overflow sees
   * TcpExtTW move as soon as sockets enter TIME_WAIT).
   */
  private schedule(timeout: Micros, rearm: boolean): void {
    if (!rearm) this.host.counterSet.inc(timeout <= 4 * SEC ? "TcpExtTWKilled" : "TcpExtTW");
    inlineArm(this, this.host.sched, TAG_TIMEWAIT, this.host.now + timeout);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, "time_wait", "arm", this.host.now + timeout);
  }

  onEvent(_tag: number, _data: unknown, gen: number): void {
    if (!inlineExpired(this, this.host.sched, TAG_TIMEWAIT, gen, this.host.now)) return;
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, "time_wait", "fire");
    this.setState("CLOSED");
  }

  /** Destroy it now: taken over by a new connection (tw_reuse, SYN from TIME_WAIT) or killed by RST. */
  kill(): void {
    this.setState("CLOSED");
  }

  private ackNow(): void {
    const opts = this.tsOn ? { timestamp: { val: this.host.tsNow(this.tsOffset), ecr: this.tsRecent } } : NO_OPTIONS;
    this.host.emit(
      { ip: this.localIp, port: this.localPort },
      { ip: this.remoteIp, port: this.remotePort },
      this.sndNxt,
      this.rcvNxt,
      CTL_NONE,
      0,
      this.wscaleOk ? SYN_WINDOW >> WSCALE : SYN_WINDOW,
      opts,
    );
  }

  /** tcp_timewait_check_oow_rate_limit(): at most one such ACK per tcp_invalid_ratelimit. */
  private oowAck(seg: Segment): void {
    const h = this.host;
    const r = oowAckAllowed(seg, OOW_ACKS.get(this) ?? -1, h.now, invalidRatelimit(h.sysctl));
    if (r === -2) {
      h.counterSet.inc("TcpExtTCPACKSkippedTimeWait");
      h.tracer.drop(h.name, seg, "invalid");
      return;
    }
    OOW_ACKS.set(this, r);
    this.ackNow();
  }

  private inWindow(seq: SeqNum, end: SeqNum): boolean {
    // tcp_in_window()
    const s = this.rcvNxt;
    const e = seqAdd(this.rcvNxt, this.rcvWnd);
    if (seq === s) return true;
    if (seqAfter(end, s) && seqBefore(seq, e)) return true;
    return seq === e && seq === end;
  }

  private updateTs(seg: Segment): void {
    const ts = seg.options.timestamp;
    if (ts !== undefined && this.tsOn) {
      this.tsRecent = ts.val;
      this.tsRecentStamp = this.host.now;
    }
  }

  receive(seg: Segment): void {
    const h = this.host;
    const ctl = seg.ctl;
    const end = seqAdd(seg.seq, segmentSeqLength(seg));
    const ts = seg.options.timestamp;
    const pawsReject =
      this.tsOn && this.tsRecentStamp >= 0 && ts !== undefined && !ctl.rst && tsDiff(ts.val, this.tsRecent) < 0;

    if ((this.flags & SUB_MASK) === SUB_FIN_WAIT2) {
      if (pawsReject || !this.inWindow(seg.seq, end)) {
        this.oowAck(seg);
        return;
      }
      if (ctl.rst) {
        this.kill();
        return;
      }
      if (ctl.syn && !seqBefore(seg.seq, this.rcvNxt)) {
        h.sendResetFor(seg);
        this.kill();
        return;
      }
      if (seg.ack === undefined || !seqAfter(end, this.rcvNxt) || end === seg.seq) return;
      if (!ctl.fin || end !== seqAdd(this.rcvNxt, 1)) {
        // New data after our half-duplex close cannot be delivered: reset.
        h.sendResetFor(seg);
        this.kill();
        return;
      }
      // The peer's FIN: real TIME_WAIT now, for TCP_TIMEWAIT_LEN.
      this.rcvNxt = end;
      this.updateTs(seg);
      this.setState("TIME_WAIT");
      let len = h.traits.timeWaitLen;
      if (h.sysctl.num("net.ipv4.tcp_tw_recycle", 0) === 1 && this.tsOn) {
        h.rememberPeerTimestamp(this.remoteIp, this.tsRecent);
        const rto = RTOS.get(this) ?? 0;
        len = (rto << 2) - (rto >> 1);
      }
      this.schedule(len, true);
      this.ackNow();
      return;
    }

    // Real TIME_WAIT.
    if (!pawsReject && seg.seq === this.rcvNxt && (seg.seq === end || ctl.rst)) {
      // In-window segment: a bare ACK or a RST.
      if (ctl.rst) {
        if (h.sysctl.num("net.ipv4.tcp_rfc1337", 0) === 0) {
          // RFC 1337 "TIME-WAIT assassination": Linux lets the RST kill the socket by default.
          h.stats.timeWaitAssassinated++;
          this.kill();
        }
        return;
      }
      this.updateTs(seg);
      this.schedule(h.traits.timeWaitLen, true);
      return;
    }
    if (
      ctl.syn &&
      !ctl.rst &&
      seg.ack === undefined &&
      !pawsReject &&
      (seqAfter(seg.seq, this.rcvNxt) || (ts !== undefined && this.tsOn && tsDiff(this.tsRecent, ts.val) < 0))
    ) {
      // RFC 9293 §3.6.1 MAY-2 (RFC 1122 §4.2.2.13) and RFC 6191: the new SYN is clearly from a
      // new incarnation, so accept it straight away with an ISN above the old sequence space.
      if (h.synFromTimeWait(this, seg, reincarnationIsn(this.sndNxt))) return;
    }
    if (pawsReject) {
      h.counterSet.inc("TcpExtPAWSTimewait");
      h.tracer.drop(h.name, seg, "paws");
    }
    if (!ctl.rst) {
      if (ctl.syn && seg.ack === undefined) h.stats.synAckedByTimeWait++;
      // A SYN without ACK may be a new connection with a low ISN: do not extend TIME_WAIT for it.
      if (pawsReject || seg.ack !== undefined) this.schedule(h.traits.timeWaitLen, true);
      this.oowAck(seg);
    }
  }

  /** For tcp_tw_reuse / explicit bind: hand the 4-tuple to a new connect(). */
  takeOver(): { readonly isn: SeqNum; readonly recent: number; readonly stamp: Micros } {
    const r = { isn: reincarnationIsn(this.sndNxt), recent: this.tsRecent, stamp: this.tsRecentStamp };
    this.kill();
    return r;
  }

  /** Time left, for `ss -o` (timer:(timewait,59sec,0)). */
  remaining(now: Micros): Micros {
    return Math.max(0, this.deadline - now);
  }
}

Object.defineProperty(TimeWaitSock.prototype, "kind", { value: "tw", enumerable: true });
