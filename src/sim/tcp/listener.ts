/**
 * A listening socket with its two queues, and the request sockets that
 * stand for half-open passive connections (Linux TCP_NEW_SYN_RECV, shown by
 * `ss` as SYN-RECV).
 *
 * tcp_conn_request() order of checks, as modelled here (lab: syn-queue-cookies, accept-queue):
 * 1. request queue longer than the backlog (or tcp_syncookies=2): send a
 *    SYN cookie when tcp_syncookies >= 1, else drop (TcpExtTCPReqQFullDrop);
 * 2. accept queue longer than the backlog: drop silently
 *    (TcpExtListenOverflows + TcpExtListenDrops);
 * 3. tcp_syncookies=0 only: past 3/4 of tcp_max_syn_backlog, drop SYNs from
 *    unproven peers; pre-4.12 tw_recycle's per-peer timestamp check sits here too.
 * A SYN accepted straight from TIME_WAIT (it brings its own ISN) skips 1 and 3.
 */
import type { Micros, Segment, TcpOptions } from "../segment.ts";
import { seqAdd, seqDiff, type SeqNum } from "../seq.ts";
import type { SocketRef, TcpState } from "../trace.ts";
import { NO_TIMER, slottedArm, slottedCancel, slottedExpired, type SlottedTimer } from "../scheduler.ts";
import type { Stack } from "./stack.ts";
import { ipToU32 } from "../addr.ts";
import { TcpSocket, rtoFromSample, sysError, type SysError } from "./socket.ts";
import { type TableEntry } from "./table-entry.ts";
import {
  COOKIE_MSS,
  SEC,
  SYN_WINDOW,
  TS_OPTION_BYTES,
  initialWindow,
  TAG_SYNACK,
  TCP_PAWS_MSL,
  TCP_RTO_MAX,
  TCP_TIMEOUT_FALLBACK,
  TCP_TIMEOUT_INIT,
  WSCALE,
} from "./constants.ts";
import { CTL_SYN, synAckOptions, tsDiff } from "./segments.ts";
import { knobId } from "../sysctl.ts";
import { t32, timeAccessors, u32Accessors } from "../time32.ts";

// Knobs read once or more per connection, by index (sysctl.ts knobId()).
const K_TCP_SYNCOOKIES = knobId("net.ipv4.tcp_syncookies");
const K_TCP_TW_RECYCLE = knobId("net.ipv4.tcp_tw_recycle");
const K_TCP_MAX_SYN_BACKLOG = knobId("net.ipv4.tcp_max_syn_backlog");
const K_TCP_TIMESTAMPS = knobId("net.ipv4.tcp_timestamps");
const K_TCP_SACK = knobId("net.ipv4.tcp_sack");
const K_TCP_ABORT_ON_OVERFLOW = knobId("net.ipv4.tcp_abort_on_overflow");

/** A cookie is good for two minutes (MAX_SYNCOOKIE_AGE counts 60 s periods). */
const COOKIE_PERIOD = 60 * SEC;

export interface ListenOptions {
  /** Local address; default every address of the host ("0.0.0.0"). */
  readonly ip?: string;
  readonly reuseAddr?: boolean;
  /** Children get SO_KEEPALIVE (Linux copies socket options to accepted sockets). */
  readonly keepAlive?: boolean;
  /** A lesson's fixed ISN for every SYN-ACK of this listener. */
  readonly isn?: number;
}

export class Listener {
  readonly ok = true as const;
  readonly host: Stack;
  readonly ip: string;
  readonly port: number;
  /** listen()'s argument. */
  readonly requestedBacklog: number;
  /** min(listen() argument, net.core.somaxconn) — what `ss -ltn` shows as Send-Q. */
  readonly backlog: number;
  readonly ref: SocketRef;
  readonly reuseAddr: boolean;
  readonly keepAlive: boolean;
  readonly fixedIsn: number | undefined;
  private _state: TcpState = "CLOSED";
  /**
   * Half-open connections (request sockets), oldest first: an intrusive
   * doubly linked list through RequestSock.prevReq/nextReq, not a Set, since
   * every connection adds and removes one (a Set paid for hashing each).
   */
  private reqHead: RequestSock | undefined = undefined;
  private reqTail: RequestSock | undefined = undefined;
  private reqCount = 0;
  /** Completed connections waiting for accept(). */
  readonly acceptQueue: TcpSocket[] = [];
  /** Last time a cookie was sent (tcp_synq_overflow()); cookie ACKs are checked only within 2 min of it. */
  lastCookieAt: Micros = -Infinity;
  /** Called when a connection lands in the accept queue. */
  onConnection: ((l: Listener) => void) | undefined = undefined;

  constructor(host: Stack, ip: string, port: number, backlog: number, opts: ListenOptions) {
    this.host = host;
    this.ip = ip;
    this.port = port;
    this.requestedBacklog = backlog;
    const somaxconn = host.sysctl.num("net.core.somaxconn", 4096);
    this.backlog = Math.max(0, Math.min(backlog, somaxconn));
    this.ref = { host: host.name, local: { ip, port } };
    this.reuseAddr = opts.reuseAddr ?? false;
    this.keepAlive = opts.keepAlive ?? false;
    this.fixedIsn = opts.isn;
  }

  get state(): TcpState {
    return this._state;
  }

  /** Request-queue length (inet_csk_reqsk_queue_len). */
  get synQueueLength(): number {
    return this.reqCount;
  }

  /** Queue a new request socket (the youngest). */
  private addRequest(r: RequestSock): void {
    r.prevReq = this.reqTail;
    if (this.reqTail === undefined) this.reqHead = r;
    else this.reqTail.nextReq = r;
    this.reqTail = r;
    this.reqCount++;
  }

  /** Unlink a request socket (no-op when it is not queued). */
  removeRequest(r: RequestSock): void {
    if (r.prevReq === undefined && this.reqHead !== r) return;
    if (r.prevReq === undefined) this.reqHead = r.nextReq;
    else r.prevReq.nextReq = r.nextReq;
    if (r.nextReq === undefined) this.reqTail = r.prevReq;
    else r.nextReq.prevReq = r.prevReq;
    r.prevReq = undefined;
    r.nextReq = undefined;
    this.reqCount--;
  }

  setState(to: TcpState): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.host.tracer.state(this.ref, from, to);
  }

  accept(): TcpSocket | SysError {
    const h = this.host;
    if (this._state !== "LISTEN") {
      h.tracer.call(h.name, "accept", "EINVAL", this.ref);
      return sysError("accept", "EINVAL");
    }
    // The usual queue holds the one child just added: pop() leaves the array as it is,
    // where shift() moves its start.
    const q = this.acceptQueue;
    const c = q.length === 1 ? q.pop() : q.shift();
    if (c === undefined) {
      h.tracer.call(h.name, "accept", "EAGAIN", this.ref);
      return sysError("accept", "EAGAIN");
    }
    c.listener = undefined;
    if (h.tracer.calls) h.tracer.call(h.name, "accept", "ok", c.ref);
    return c;
  }

  /** close() on the listener: queued children are reset, half-open requests dropped (inet_csk_listen_stop()). */
  close(): void {
    if (this._state !== "LISTEN") return;
    const h = this.host;
    h.tracer.call(h.name, "close", "ok", this.ref);
    this.setState("CLOSED");
    h.removeListener(this);
    h.ports.release(this.port, this.reuseAddr, true);
    while (this.reqHead !== undefined) this.reqHead.drop();
    for (const c of this.acceptQueue.splice(0)) {
      c.listener = undefined;
      c.abort();
    }
  }

  /** A child closed before accept(): take it out of the queue. */
  forget(c: TcpSocket): void {
    const i = this.acceptQueue.indexOf(c);
    if (i >= 0) this.acceptQueue.splice(i, 1);
    c.listener = undefined;
  }

  private cookieHash(seg: Segment, count: number): number {
    return this.host.hasher.hash(
      ipToU32(seg.src.ip),
      ipToU32(seg.dst.ip),
      ((seg.src.port << 16) | seg.dst.port) >>> 0,
      (count ^ 0xc00c1e) >>> 0,
    );
  }

  /** Our own cookie layout: keyed hash of the 4-tuple and the minute, plus the client's ISN, low 2 bits = MSS index. */
  private makeCookie(seg: Segment, mssIdx: number): SeqNum {
    const count = Math.floor(this.host.now / COOKIE_PERIOD);
    const v = (this.cookieHash(seg, count) + seg.seq) >>> 0;
    return ((v & ~3) | mssIdx) >>> 0;
  }

  /** Returns the MSS index encoded in a valid cookie ACK, or -1. */
  private checkCookie(seg: Segment): number {
    if (seg.ack === undefined) return -1;
    const cookie = seqAdd(seg.ack, -1);
    const irs = seqAdd(seg.seq, -1);
    const now = Math.floor(this.host.now / COOKIE_PERIOD);
    for (let count = now; count >= now - 1; count--) {
      const v = (this.cookieHash(seg, count) + irs) >>> 0;
      if ((v & ~3) >>> 0 === (cookie & ~3) >>> 0) return cookie & 3;
    }
    return -1;
  }

  /** Segments for this port that match no connection. `isn` is set for a SYN accepted from TIME_WAIT. */
  receive(seg: Segment, isn?: SeqNum): void {
    const h = this.host;
    const ctl = seg.ctl;
    if (ctl.rst) return;
    if (seg.ack !== undefined) {
      if (!ctl.syn) {
        const cookies = h.sysctl.numAt(K_TCP_SYNCOOKIES, 0);
        if (cookies >= 1 && h.now - this.lastCookieAt < 2 * COOKIE_PERIOD) {
          const idx = this.checkCookie(seg);
          if (idx >= 0) {
            h.counterSet.inc("TcpExtSyncookiesRecv");
            this.completeFromCookie(seg, idx);
            return;
          }
          h.counterSet.inc("TcpExtSyncookiesFailed");
        }
      }
      // An ACK for a connection we do not know: reset (RFC 9293 §3.10.7.2).
      h.sendResetFor(seg);
      return;
    }
    if (!ctl.syn) return;
    if (ctl.fin) {
      // tcp_rcv_state_process(), LISTEN: SYN with FIN is discarded (SKB_DROP_REASON_TCP_FLAGS).
      h.tracer.drop(h.name, seg, "invalid");
      return;
    }
    this.onSyn(seg, isn);
  }

  private listenDrop(
    seg: Segment,
    reason: "syn_queue_full" | "syn_max_backlog" | "accept_queue_full" | "tw_recycle",
  ): void {
    this.host.counterSet.inc("TcpExtListenDrops");
    this.host.tracer.drop(this.host.name, seg, reason);
  }

  private onSyn(seg: Segment, isn: SeqNum | undefined): void {
    const h = this.host;
    const cookies = h.sysctl.numAt(K_TCP_SYNCOOKIES, 0);
    let wantCookie = false;
    if ((cookies === 2 || this.reqCount > this.backlog) && isn === undefined) {
      // tcp_syn_flood_action()
      if (cookies >= 1) {
        wantCookie = true;
        h.counterSet.inc("TcpExtTCPReqQFullDoCookies");
      } else {
        h.counterSet.inc("TcpExtTCPReqQFullDrop");
        this.listenDrop(seg, "syn_queue_full");
        return;
      }
    }
    if (this.acceptQueue.length > this.backlog) {
      // sk_acceptq_is_full(): the client will retransmit its SYN.
      h.counterSet.inc("TcpExtListenOverflows");
      this.listenDrop(seg, "accept_queue_full");
      return;
    }
    const ts = seg.options.timestamp;
    if (!wantCookie && isn === undefined) {
      if (h.sysctl.numAt(K_TCP_TW_RECYCLE, 0) === 1) {
        // Pre-4.12 tcp_peer_is_proven(paws_check): a SYN older than the last timestamp seen
        // from this IP in the last 60 s (or one without timestamps) is dropped.
        const last = h.peerTimestamp(seg.src.ip);
        if (last !== undefined && h.now - last.at < TCP_PAWS_MSL && (ts === undefined || tsDiff(last.ts, ts.val) > 1)) {
          h.counterSet.inc("TcpExtPAWSPassive");
          this.listenDrop(seg, "tw_recycle");
          return;
        }
      } else if (cookies === 0) {
        const max = h.sysctl.numAt(K_TCP_MAX_SYN_BACKLOG, 2048);
        if (max - this.reqCount < max >> 2 && !h.isProvenPeer(seg.src.ip)) {
          this.listenDrop(seg, "syn_max_backlog");
          return;
        }
      }
    }
    const useTs = h.sysctl.numAt(K_TCP_TIMESTAMPS, 1) !== 0 && ts !== undefined;
    const localIp = seg.dst.ip;
    const tsOffset = useTs ? h.tsOffsetFor(localIp, this.port, seg.src.ip, seg.src.port) : 0;
    const peerMss = seg.options.mss ?? 536;
    if (wantCookie) {
      let idx = 0;
      for (let i = COOKIE_MSS.length - 1; i >= 0; i--) {
        if ((COOKIE_MSS[i] as number) <= peerMss) {
          idx = i;
          break;
        }
      }
      // Without timestamps a cookie cannot carry wscale/SACK, so the SYN-ACK offers neither (cookie_init_timestamp()).
      const o: TcpOptions = useTs
        ? synAckOptions(
            h.mss,
            seg.options.sackPermitted === true && h.sysctl.numAt(K_TCP_SACK, 1) !== 0,
            { val: h.tsNow(tsOffset), ecr: ts.val },
            seg.options.windowScale !== undefined ? WSCALE : undefined,
          )
        : { mss: h.mss };
      this.lastCookieAt = h.now;
      h.counterSet.inc("TcpExtSyncookiesSent");
      const win = initialWindow(h.mss - (useTs ? TS_OPTION_BYTES : 0));
      h.emit(seg.dst, seg.src, this.makeCookie(seg, idx), seqAdd(seg.seq, 1), CTL_SYN, 0, win, o);
      return;
    }
    const iss = isn ?? this.fixedIsn ?? h.fixedIsn ?? h.secureIsn(localIp, this.port, seg.src.ip, seg.src.port);
    const req = new RequestSock(this, seg, iss, useTs, tsOffset);
    this.addRequest(req);
    h.insertConn(req.key, req);
    req.setState("SYN_RECV");
    req.sendSynAck();
    req.armTimer();
  }

  /** tcp_check_req() success: build the child and queue it for accept(). */
  complete(req: RequestSock, seg: Segment): void {
    const h = this.host;
    if (this.acceptQueue.length > this.backlog) {
      // The final ACK is dropped; the SYN-ACK timer keeps running (tcp_abort_on_overflow=0).
      h.counterSet.inc("TcpExtListenOverflows");
      this.listenDrop(seg, "accept_queue_full");
      if (h.sysctl.numAt(K_TCP_ABORT_ON_OVERFLOW, 0) !== 0) {
        // tcp_check_req(), listen_overflow → embryonic_reset: RST to the ACK, request dropped.
        h.sendResetFor(seg);
        req.drop();
      }
      return;
    }
    this.removeRequest(req);
    req.retire();
    // The request socket is the child's PassiveOpen (no copy of its numbers).
    const child = TcpSocket.passive(
      h,
      req,
      req.numTimeout === 0 ? rtoFromSample(h.now - req.synAckAt) : TCP_TIMEOUT_FALLBACK,
      req.numTimeout === 0 ? Math.max(h.now - req.synAckAt, 1) : 0,
      req.numTimeout > 0,
      this.reuseAddr,
    );
    this.adopt(child, seg);
  }

  private completeFromCookie(seg: Segment, idx: number): void {
    const h = this.host;
    if (this.acceptQueue.length > this.backlog) {
      h.counterSet.inc("TcpExtListenOverflows");
      this.listenDrop(seg, "accept_queue_full");
      return;
    }
    const ts = seg.options.timestamp;
    const tsOn = h.sysctl.numAt(K_TCP_TIMESTAMPS, 1) !== 0 && ts !== undefined;
    const child = TcpSocket.passive(
      h,
      {
        localIp: seg.dst.ip,
        localPort: this.port,
        remoteIp: seg.src.ip,
        remotePort: seg.src.port,
        iss: seqAdd(seg.ack as number, -1),
        irs: seqAdd(seg.seq, -1),
        tsOn,
        tsRecent: ts?.val ?? 0,
        tsRecentStamp: ts !== undefined ? h.now : -1,
        tsOffset: tsOn ? h.tsOffsetFor(seg.dst.ip, this.port, seg.src.ip, seg.src.port) : 0,
        sndMss: COOKIE_MSS[idx] as number,
        // cookie_check_timestamp(): wscale and SACK survive only inside the timestamp echo.
        wscaleOk: tsOn,
        sackOk: tsOn,
      },
      TCP_TIMEOUT_INIT,
      0,
      false,
      this.reuseAddr,
    );
    this.adopt(child, seg);
  }

  private adopt(child: TcpSocket, seg: Segment): void {
    const h = this.host;
    child.key = h.connKey(child.localIp, child.localPort, child.remoteIp, child.remotePort);
    h.replaceConn(child.key, child);
    child.hashed = true;
    h.ports.acquire(child.localPort, child.reuseAddr, false);
    child.portHeld = true;
    h.counterSet.inc("TcpPassiveOpens");
    h.provenPeer(child.remoteIp);
    child.listener = this;
    this.acceptQueue.push(child);
    child.establishPassive();
    if (this.keepAlive) child.setsockopt("SO_KEEPALIVE", true);
    // The app hears about the connection before data or a FIN riding on the same ACK is
    // processed, so hooks it sets in onConnection see them (a real app would read them later).
    this.onConnection?.(this);
    if (child.state !== "CLOSED") child.receiveRest(seg);
  }
}

/** A half-open passive connection: SYN received, SYN-ACK sent (ss: SYN-RECV). */
export class RequestSock implements TableEntry, SlottedTimer {
  readonly kind = "req" as const;
  readonly listener: Listener;
  readonly host: Stack;
  readonly key: number;
  readonly ref: SocketRef;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  // iss, irs, tsRecent and tsOffset (unsigned 32-bit) are accessors of int32 fields
  // (time32.ts u32Accessors()), as in TcpSocket: half of them are above 2^31, which V8 would box.
  i32Iss: number;
  i32Irs: number;
  i32TsRecent: number;
  i32TsOffset: number;
  declare readonly iss: SeqNum;
  declare readonly irs: SeqNum;
  declare tsRecent: number;
  declare readonly tsOffset: number;
  readonly tsOn: boolean;
  declare tsRecentStamp: Micros;
  readonly sndMss: number;
  readonly wscaleOk: boolean;
  readonly sackOk: boolean;
  /** SYN-ACK retransmissions so far (req->num_timeout). */
  numTimeout = 0;
  /** Neighbours in the listener's request list (Listener.addRequest). */
  prevReq: RequestSock | undefined = undefined;
  nextReq: RequestSock | undefined = undefined;
  declare synAckAt: Micros;
  private _state: TcpState = "LISTEN";
  // The SYN-ACK timer, inline (scheduler.ts InlineTimer): no Timer object. Only the timer code touches these.
  timerGen = 0;
  declare timerDeadline: Micros;
  declare timerQueuedAt: Micros;
  timerSlot = -1;
  // The four times above, stored minus T32 (time32.ts: int32, not boxed, for 71 simulated minutes).
  t32TsRecentStamp = 0;
  t32SynAckAt = t32(0);
  t32Deadline = t32(NO_TIMER);
  t32QueuedAt = t32(NO_TIMER);

  static {
    u32Accessors(RequestSock.prototype, {
      iss: "i32Iss",
      irs: "i32Irs",
      tsRecent: "i32TsRecent",
      tsOffset: "i32TsOffset",
    });
    timeAccessors(RequestSock.prototype, {
      tsRecentStamp: "t32TsRecentStamp",
      synAckAt: "t32SynAckAt",
      timerDeadline: "t32Deadline",
      timerQueuedAt: "t32QueuedAt",
    });
  }

  constructor(l: Listener, syn: Segment, iss: SeqNum, tsOn: boolean, tsOffset: number) {
    const h = l.host;
    this.listener = l;
    this.host = h;
    this.localIp = syn.dst.ip;
    this.localPort = syn.dst.port;
    this.remoteIp = syn.src.ip;
    this.remotePort = syn.src.port;
    this.key = h.connKey(this.localIp, this.localPort, this.remoteIp, this.remotePort);
    this.ref = { host: h.name, local: syn.dst, remote: syn.src };
    this.i32Iss = iss | 0;
    this.i32Irs = syn.seq | 0;
    this.tsOn = tsOn;
    this.i32TsRecent = (syn.options.timestamp?.val ?? 0) | 0;
    this.tsRecentStamp = syn.options.timestamp !== undefined ? h.now : -1;
    this.i32TsOffset = tsOffset | 0;
    this.sndMss = Math.min(syn.options.mss ?? 536, h.mss);
    this.wscaleOk = syn.options.windowScale !== undefined;
    // tcp_parse_options(): a SYN's SACK-permitted option counts only while tcp_sack is on.
    this.sackOk = syn.options.sackPermitted === true && h.sysctl.numAt(K_TCP_SACK, 1) !== 0;
  }

  get state(): TcpState {
    return this._state;
  }

  /** Time until the next SYN-ACK retransmission, for ss. */
  get deadline(): Micros {
    return this.timerDeadline === NO_TIMER ? Infinity : this.timerDeadline;
  }

  setState(to: TcpState): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.host.tracer.state(this.ref, from, to);
  }

  sendSynAck(): void {
    const h = this.host;
    const o = synAckOptions(
      h.mss,
      this.sackOk,
      this.tsOn ? { val: h.tsNow(this.tsOffset), ecr: this.tsRecent } : undefined,
      this.wscaleOk ? WSCALE : undefined,
    );
    this.synAckAt = h.now;
    h.emit(
      this.ref.local,
      this.ref.remote ?? { ip: this.remoteIp, port: this.remotePort },
      this.iss,
      seqAdd(this.irs, 1),
      CTL_SYN,
      0,
      initialWindow(h.mss - (this.tsOn ? TS_OPTION_BYTES : 0)),
      o,
    );
  }

  armTimer(): void {
    // reqsk_timer_handler(): 1 s, doubling; SYN-ACKs at 0, 1, 3, 7, 15, 31 s, dropped at 63 s.
    const at = this.host.now + Math.min(TCP_TIMEOUT_INIT * 2 ** this.numTimeout, TCP_RTO_MAX);
    slottedArm(this, this.host.sched, TAG_SYNACK, at);
    if (this.host.tracer.timers) this.host.tracer.timer(this.ref, "synack", "arm", at);
  }

  onEvent(_tag: number, _data: unknown, gen: number): void {
    const h = this.host;
    if (!slottedExpired(this, h.sched, TAG_SYNACK, gen, h.now)) return;
    if (h.tracer.timers) h.tracer.timer(this.ref, "synack", "fire");
    if (this.numTimeout >= h.sysctl.num("net.ipv4.tcp_synack_retries", 5)) {
      this.drop();
      return;
    }
    this.numTimeout++;
    h.counterSet.inc("TcpRetransSegs");
    this.sendSynAck();
    this.armTimer();
  }

  /** Remove the request (timeout, RST, listener closed). */
  drop(): void {
    slottedCancel(this, this.host.sched);
    this.listener.removeRequest(this);
    this.host.removeConn(this);
    this.setState("CLOSED");
  }

  /** Silently replaced by the child socket (same connection, now a full socket). */
  retire(): void {
    slottedCancel(this, this.host.sched);
  }

  /** tcp_check_req(), simplified. */
  receive(seg: Segment): void {
    const h = this.host;
    const ctl = seg.ctl;
    const rcvNxt = seqAdd(this.irs, 1);
    if (ctl.rst) {
      const off = seqDiff(seg.seq, rcvNxt);
      if (off >= 0 && off < SYN_WINDOW) {
        h.counterSet.inc("TcpAttemptFails");
        this.drop();
      }
      return;
    }
    if (ctl.syn && seg.ack === undefined) {
      // A retransmitted SYN: our SYN-ACK was probably lost; send it again.
      if (seg.seq === this.irs) this.sendSynAck();
      return;
    }
    if (seg.ack === undefined) return;
    if (seg.ack !== seqAdd(this.iss, 1) || ctl.syn) {
      h.sendResetFor(seg);
      return;
    }
    const off = seqDiff(seg.seq, rcvNxt);
    if (off < 0 || off >= SYN_WINDOW << (this.wscaleOk ? WSCALE : 0)) {
      h.tracer.drop(h.name, seg, "invalid");
      return;
    }
    const ts = seg.options.timestamp;
    if (this.tsOn && ts !== undefined) {
      if (tsDiff(ts.val, this.tsRecent) < 0) {
        h.tracer.drop(h.name, seg, "paws");
        return;
      }
      this.tsRecent = ts.val;
      this.tsRecentStamp = h.now;
    }
    this.listener.complete(this, seg);
  }
}
