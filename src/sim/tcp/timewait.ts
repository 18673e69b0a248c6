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
import { Timer, type EventTarget } from "../scheduler.ts";
import type { Host } from "../host.ts";
import type { TcpSocket } from "./socket.ts";
import { INVALID_RATELIMIT, SEC, SYN_WINDOW, TAG_TIMEWAIT, WSCALE, type Conn } from "./conn.ts";
import { reincarnationIsn } from "../isn.ts";
import { CTL_NONE, NO_OPTIONS, tsDiff } from "./segments.ts";

export class TimeWaitSock implements Conn, EventTarget {
  readonly kind = "tw" as const;
  readonly host: Host;
  readonly ref: SocketRef;
  readonly key: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  private readonly sock: TcpSocket | undefined;
  private _state: TcpState;
  readonly sndNxt: SeqNum;
  rcvNxt: SeqNum;
  readonly rcvWnd: number;
  readonly tsOn: boolean;
  tsRecent: number;
  tsRecentStamp: Micros;
  readonly tsOffset: number;
  readonly wscaleOk: boolean;
  readonly reuseAddr: boolean;
  /** The connection's RTO, for tw_recycle's 3.5×RTO. */
  private readonly rto: Micros;
  /** When the connection entered this mini-socket (tcp_tw_reuse_delay counts from here). */
  readonly enteredAt: Micros;
  private lastOowAck: Micros = -Infinity;
  private readonly timer: Timer;
  private portHeld = true;

  constructor(host: Host, s: TcpSocket, substate: "TIME_WAIT" | "FIN_WAIT2", timeout: Micros) {
    this.host = host;
    this.sock = s.onClose !== undefined ? s : undefined;
    this.ref = s.ref;
    this.key = s.key;
    this.localIp = s.localIp;
    this.localPort = s.localPort;
    this.remoteIp = s.remoteIp;
    this.remotePort = s.remotePort;
    this._state = substate;
    this.sndNxt = s.sndMax;
    this.rcvNxt = s.rcvNxt;
    this.rcvWnd = s.rcvWnd;
    this.tsOn = s.tsOn;
    this.tsRecent = s.tsRecent;
    this.tsRecentStamp = s.tsOn ? s.tsRecentStamp : -1;
    this.tsOffset = s.tsOffset;
    this.wscaleOk = s.wscaleOk;
    this.reuseAddr = s.reuseAddr;
    this.rto = s.rto;
    this.enteredAt = host.now;
    this.timer = new Timer(host.sched, this, TAG_TIMEWAIT);
    this.schedule(timeout, false);
  }

  get state(): TcpState {
    return this._state;
  }

  get alive(): boolean {
    return this._state !== "CLOSED";
  }

  /** Which timer `ss -o` shows and when it fires. */
  get deadline(): Micros {
    return this.timer.deadline;
  }

  /** Put the mini-socket in the connection table in place of the full socket. */
  install(): void {
    this.host.replaceConn(this.key, this);
    this.host.twCount++;
  }

  private setState(to: TcpState): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.host.tracer.state(this.ref, from, to);
    if (to === "CLOSED") {
      this.timer.cancel();
      this.host.twCount--;
      this.host.removeConn(this);
      if (this.portHeld) {
        this.host.ports.release(this.localPort, this.reuseAddr);
        this.portHeld = false;
      }
      this.sock?.onClose?.(this.sock);
    }
  }

  /**
   * __inet_twsk_schedule(): arm the timer. The first scheduling counts
   * TcpExtTW, or TcpExtTWKilled for timeouts of 4 s or less (EXP-12 sees
   * TcpExtTW move as soon as sockets enter TIME_WAIT).
   */
  private schedule(timeout: Micros, rearm: boolean): void {
    if (!rearm) this.host.counterSet.inc(timeout <= 4 * SEC ? "TcpExtTWKilled" : "TcpExtTW");
    this.timer.arm(this.host.now + timeout);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, "time_wait", "arm", this.host.now + timeout);
  }

  onEvent(_tag: number, data: unknown, gen: number): void {
    if (!(data as Timer).expired(gen, this.host.now)) return;
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
      this.ref.local,
      this.ref.remote ?? { ip: this.remoteIp, port: this.remotePort },
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
    if (this.host.now - this.lastOowAck < INVALID_RATELIMIT) {
      this.host.counterSet.inc("TcpExtTCPACKSkippedTimeWait");
      this.host.tracer.drop(this.host.name, seg, "invalid");
      return;
    }
    this.lastOowAck = this.host.now;
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

    if (this._state === "FIN_WAIT2") {
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
        len = (this.rto << 2) - (this.rto >> 1);
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
    return Math.max(0, this.timer.deadline - now);
  }
}
