/**
 * A file-descriptor socket API over one Host, shaped like the Linux calls a
 * packetdrill script makes: socket() returns an fd, fcntl() sets O_NONBLOCK,
 * connect() on a non-blocking socket returns EINPROGRESS, read() tells data,
 * EOF and EAGAIN apart, getsockopt(SO_ERROR) consumes the pending error.
 *
 * A call that would block returns `{ pending }`: a poll function that gives
 * the result once the simulated condition holds (the caller runs the
 * simulation between polls; `SocketApi.wait()` does exactly that).
 */
import type { Host } from "../host.ts";
import type { TcpSocket } from "../tcp/socket.ts";
import type { Listener } from "../tcp/listener.ts";
import type { Errno, TcpState } from "../trace.ts";
import type { Micros } from "../segment.ts";
import type { Simulation } from "../simulation.ts";

/** errno names the fd API can return (the core's plus those only the fd layer knows). */
export type FdErrno = Errno | "EINPROGRESS" | "EALREADY" | "ENOPROTOOPT" | "EOPNOTSUPP" | "ENOTSOCK";

/** A finished call: `ret` as the C call returns it (-1 on error, with `errno`). */
export interface FdDone {
  readonly ret: number;
  readonly errno?: FdErrno;
  /** What an out-parameter received (getsockopt value, ioctl count, TCP_INFO). */
  readonly out?: number | TcpInfo;
}

export type FdCall = FdDone | { readonly pending: () => FdDone | undefined };

export const O_NONBLOCK = 0x800;
const O_RDWR = 0x2;

/** The subset of struct tcp_info the API reports. */
export interface TcpInfo {
  readonly tcpi_state: number;
  readonly tcpi_ca_state: number;
  readonly tcpi_retransmits: number;
  readonly tcpi_probes: number;
  readonly tcpi_backoff: number;
  /** TCPI_OPT_TIMESTAMPS 1 | TCPI_OPT_SACK 2 | TCPI_OPT_WSCALE 4. */
  readonly tcpi_options: number;
  readonly tcpi_rto: number;
  readonly tcpi_snd_mss: number;
  readonly tcpi_unacked: number;
  readonly tcpi_total_retrans: number;
}

/** include/net/tcp_states.h numbering. */
export const TCP_STATE_NUMBER: Readonly<Record<TcpState, number>> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSED: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};

export type SockOptName =
  | "SO_REUSEADDR"
  | "SO_KEEPALIVE"
  | "SO_LINGER"
  | "SO_ERROR"
  | "TCP_NODELAY"
  | "TCP_KEEPIDLE"
  | "TCP_KEEPINTVL"
  | "TCP_KEEPCNT"
  | "TCP_SYNCNT"
  | "TCP_USER_TIMEOUT"
  | "TCP_RTO_MAX_MS"
  | "TCP_MAXSEG"
  | "TCP_INFO";

interface FdEntry {
  sock: TcpSocket | undefined;
  listener: Listener | undefined;
  nonblock: boolean;
  bindIp: string | undefined;
  bindPort: number | undefined;
  reuseAddr: boolean;
  keepAlive: boolean;
  /** The socket's asynchronous error was reported once (sock_error() clears sk_err). */
  errConsumed: boolean;
  /** shutdown(SHUT_RD): read() returns 0 from now on. */
  rdShut: boolean;
  connectCalled: boolean;
  userMss: number | undefined;
}

const done = (ret: number, out?: number | TcpInfo): FdDone => (out === undefined ? { ret } : { ret, out });
const fail = (errno: FdErrno): FdDone => ({ ret: -1, errno });

export class SocketApi {
  readonly host: Host;
  private readonly fds = new Map<number, FdEntry>();
  /** fds that are open, ascending (the lowest free one is used, as on Linux; 0-2 are stdio). */
  constructor(host: Host) {
    this.host = host;
  }

  private lowestFree(): number {
    let fd = 3;
    while (this.fds.has(fd)) fd++;
    return fd;
  }

  private entry(fd: number): FdEntry | undefined {
    return this.fds.get(fd);
  }

  private newFd(sock: TcpSocket | undefined, listener: Listener | undefined = undefined): number {
    const fd = this.lowestFree();
    this.fds.set(fd, {
      sock,
      listener,
      nonblock: false,
      bindIp: undefined,
      bindPort: undefined,
      reuseAddr: false,
      keepAlive: false,
      errConsumed: false,
      rdShut: false,
      connectCalled: false,
      userMss: undefined,
    });
    return fd;
  }

  /** The core socket behind an fd (undefined for a listener or a closed fd). */
  socketOf(fd: number): TcpSocket | undefined {
    return this.fds.get(fd)?.sock;
  }

  listenerOf(fd: number): Listener | undefined {
    return this.fds.get(fd)?.listener;
  }

  /** socket(AF_INET, SOCK_STREAM, IPPROTO_TCP). */
  socket(): FdDone {
    return done(this.newFd(this.host.socket()));
  }

  fcntl(fd: number, cmd: "F_GETFL" | "F_SETFL", flags = 0): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    if (cmd === "F_GETFL") return done(O_RDWR | (e.nonblock ? O_NONBLOCK : 0));
    e.nonblock = (flags & O_NONBLOCK) !== 0;
    return done(0);
  }

  bind(fd: number, ip: string | undefined, port: number): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    if (e.bindPort !== undefined || e.sock === undefined) return fail("EINVAL");
    if (ip !== undefined && ip !== "0.0.0.0" && !this.host.ips.includes(ip)) return fail("EADDRNOTAVAIL");
    if (port !== 0 && this.host.ports.bindConflict(port, e.reuseAddr)) return fail("EADDRINUSE");
    e.bindIp = ip;
    e.bindPort = port;
    return done(0);
  }

  listen(fd: number, backlog: number): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    if (e.listener !== undefined) return done(0);
    if (e.sock === undefined || e.connectCalled || e.bindPort === undefined || e.bindPort === 0) return fail("EINVAL");
    const l = this.host.listen(e.bindPort, backlog, {
      ...(e.bindIp !== undefined && e.bindIp !== "0.0.0.0" ? { ip: e.bindIp } : {}),
      reuseAddr: e.reuseAddr,
      keepAlive: e.keepAlive,
    });
    if (!l.ok) return fail(l.errno);
    e.listener = l;
    e.sock = undefined;
    return done(0);
  }

  accept(fd: number): FdCall {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const l = e.listener;
    if (l === undefined) return fail("EINVAL");
    const attempt = (): FdDone | undefined => {
      if (l.state !== "LISTEN") return fail("EINVAL");
      if (l.acceptQueue.length === 0) return undefined;
      const c = l.accept();
      if (!c.ok) return fail(c.errno);
      return done(this.newFd(c));
    };
    const now = attempt();
    if (now !== undefined) return now;
    if (e.nonblock) return fail("EAGAIN");
    return { pending: attempt };
  }

  connect(fd: number, ip: string, port: number): FdCall {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const s = e.sock;
    if (s === undefined) return fail("EINVAL");
    if (e.connectCalled) {
      const st = s.state;
      if (st === "SYN_SENT" || st === "SYN_RECV") return fail("EALREADY");
      if (st === "CLOSED") return this.takeError(e) ?? fail("EBADF");
      return fail("EISCONN");
    }
    if (e.bindPort !== undefined) {
      const b = s.bind({ ...(e.bindIp !== undefined ? { ip: e.bindIp } : {}), port: e.bindPort });
      if (!b.ok) return fail(b.errno);
    }
    const r = s.connect({ ip, port });
    if (!r.ok) return fail(r.errno);
    e.connectCalled = true;
    const attempt = (): FdDone | undefined => {
      const st = s.state;
      if (st === "SYN_SENT" || st === "SYN_RECV") return undefined;
      if (st === "CLOSED") return this.takeError(e) ?? fail("ECONNREFUSED");
      return done(0);
    };
    if (e.nonblock) return fail("EINPROGRESS");
    return attempt() ?? { pending: attempt };
  }

  /** Report the socket's pending error once, as sock_error() does. */
  private takeError(e: FdEntry): FdDone | undefined {
    const err = e.sock?.error;
    if (err === undefined || e.errConsumed) return undefined;
    e.errConsumed = true;
    return fail(err);
  }

  read(fd: number, max: number): FdCall {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const s = e.sock;
    if (s === undefined) return fail(e.listener !== undefined ? "ENOTCONN" : "EBADF");
    if (!Number.isSafeInteger(max) || max < 0) return fail("EINVAL");
    // tcp_recvmsg() with a length of 0 copies nothing and returns 0 at once.
    if (max === 0) return done(0);
    const attempt = (): FdDone | undefined => {
      if (e.rdShut) return done(0);
      if (s.unread > 0) return done(s.read(max));
      const err = this.takeError(e);
      if (err !== undefined) return err;
      const st = s.state;
      if (st === "CLOSED")
        return e.connectCalled || s.peerFinReceived || s.error !== undefined ? done(0) : fail("ENOTCONN");
      if (s.peerFinReceived) return done(0);
      return undefined;
    };
    const now = attempt();
    if (now !== undefined) return now;
    if (e.nonblock) return fail("EAGAIN");
    return { pending: attempt };
  }

  write(fd: number, bytes: number): FdCall {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const s = e.sock;
    if (s === undefined) return fail(e.listener !== undefined ? "ENOTCONN" : "EBADF");
    const attempt = (): FdDone | undefined => {
      const err = this.takeError(e);
      if (err !== undefined) return err;
      const st = s.state;
      if (st === "SYN_SENT" || st === "SYN_RECV") return undefined;
      if (st === "CLOSED" && e.errConsumed) return fail("EPIPE");
      const r = s.send(bytes);
      if (!r.ok) return fail(r.errno);
      return done(bytes);
    };
    const now = attempt();
    if (now !== undefined) return now;
    if (e.nonblock) return fail("EAGAIN");
    return { pending: attempt };
  }

  /**
   * shutdown(). Linux quirks: SHUT_RD on a connected socket only makes read()
   * return 0 (data still arrives and is acknowledged); any shutdown that
   * includes SHUT_RD on a listener stops it listening (inet_shutdown() calls
   * tcp_disconnect(), which runs inet_csk_listen_stop()).
   */
  shutdown(fd: number, how: "SHUT_RD" | "SHUT_WR" | "SHUT_RDWR"): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    if (e.listener !== undefined) {
      if (how === "SHUT_WR") return fail("ENOTCONN");
      e.listener.close();
      return done(0);
    }
    const s = e.sock;
    if (s === undefined) return fail("EBADF");
    if (how === "SHUT_RD") {
      const st = s.state;
      if (st === "CLOSED" || st === "SYN_SENT") return fail("ENOTCONN");
      e.rdShut = true;
      return done(0);
    }
    const r = s.shutdown(how);
    if (!r.ok) return fail(r.errno);
    if (how === "SHUT_RDWR") e.rdShut = true;
    return done(0);
  }

  /**
   * close(). With SO_LINGER {1, N > 0} it blocks until the FIN is acknowledged or N seconds
   * pass (even with O_NONBLOCK, as on Linux), then returns 0 either way.
   */
  close(fd: number): FdCall {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    this.fds.delete(fd);
    if (e.listener !== undefined) e.listener.close();
    const s = e.sock;
    if (s === undefined) return done(0);
    s.close();
    if (!s.lingering) return done(0);
    return { pending: () => (s.lingering ? undefined : done(0)) };
  }

  setsockopt(fd: number, opt: SockOptName, value: number | { onoff: number; linger: number }): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const s = e.sock;
    if (typeof value === "object") {
      if (opt !== "SO_LINGER") return fail("EINVAL");
      if (s === undefined) return done(0);
      // {0, x}: off. {1, 0}: close() resets. {1, N}: close() waits up to N s (N < 0: without limit).
      const r = s.setsockopt("SO_LINGER", value.onoff !== 0 ? value.linger : false);
      return r.ok ? done(0) : fail(r.errno);
    }
    switch (opt) {
      case "SO_ERROR":
      case "TCP_INFO":
        return fail("ENOPROTOOPT");
      case "TCP_NODELAY":
        return done(0);
      case "TCP_MAXSEG":
        if (!Number.isInteger(value) || (value !== 0 && (value < 88 || value > 32767))) return fail("EINVAL");
        e.userMss = value;
        return done(0);
      case "SO_REUSEADDR":
        e.reuseAddr = value !== 0;
        break;
      case "SO_KEEPALIVE":
        e.keepAlive = value !== 0;
        break;
      default:
        break;
    }
    if (s === undefined) return done(0);
    const r = s.setsockopt(opt === "SO_LINGER" ? "SO_LINGER" : opt, value);
    return r.ok ? done(0) : fail(r.errno);
  }

  getsockopt(fd: number, opt: SockOptName): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    const s = e.sock;
    switch (opt) {
      case "SO_ERROR": {
        const err = this.takeError(e);
        return done(0, err?.errno !== undefined ? ERRNO_NUMBER[err.errno] : 0);
      }
      case "SO_REUSEADDR":
        return done(0, e.reuseAddr ? 1 : 0);
      case "SO_KEEPALIVE":
        return done(0, (s?.keepAlive ?? e.keepAlive) ? 1 : 0);
      case "TCP_MAXSEG": {
        if (s === undefined) return done(0, 536);
        const st = s.state;
        const connected = st !== "CLOSED" && st !== "SYN_SENT";
        return done(0, connected ? s.sndMss - (s.tsOn ? 12 : 0) : (e.userMss ?? 536));
      }
      case "TCP_INFO":
        return done(0, this.tcpInfo(fd));
      case "TCP_KEEPIDLE":
        return done(0, s?.keepIdle ?? this.host.sysctl.num("net.ipv4.tcp_keepalive_time", 7200));
      case "TCP_KEEPINTVL":
        return done(0, s?.keepIntvl ?? this.host.sysctl.num("net.ipv4.tcp_keepalive_intvl", 75));
      case "TCP_KEEPCNT":
        return done(0, s?.keepCnt ?? this.host.sysctl.num("net.ipv4.tcp_keepalive_probes", 9));
      case "TCP_SYNCNT":
        return done(0, s?.synCnt ?? this.host.sysctl.num("net.ipv4.tcp_syn_retries", 6));
      case "TCP_USER_TIMEOUT":
        return done(0, s?.userTimeout ?? 0);
      case "TCP_RTO_MAX_MS":
        return done(0, s !== undefined ? s.rtoMax / 1000 : this.host.sysctl.num("net.ipv4.tcp_rto_max_ms", 120000));
      default:
        return fail("ENOPROTOOPT");
    }
  }

  /** getsockopt(TCP_INFO) subset; undefined for a bad fd. */
  tcpInfo(fd: number): TcpInfo | undefined {
    const e = this.entry(fd);
    if (e === undefined) return undefined;
    const s = e.sock;
    if (s === undefined) {
      const st = e.listener?.state ?? "CLOSED";
      return {
        tcpi_state: TCP_STATE_NUMBER[st],
        tcpi_ca_state: 0,
        tcpi_retransmits: 0,
        tcpi_probes: 0,
        tcpi_backoff: 0,
        tcpi_options: 0,
        tcpi_rto: 0,
        tcpi_snd_mss: 536,
        tcpi_unacked: 0,
        tcpi_total_retrans: 0,
      };
    }
    return {
      tcpi_state: TCP_STATE_NUMBER[s.state],
      tcpi_ca_state: 0,
      tcpi_retransmits: s.retransmits,
      tcpi_probes: s.probesOut,
      tcpi_backoff: s.retransmits,
      tcpi_options: (s.tsOn ? 1 : 0) | (s.sackOk ? 2 : 0) | (s.wscaleOk ? 4 : 0),
      tcpi_rto: s.rto,
      tcpi_snd_mss: s.sndMss - (s.tsOn ? 12 : 0),
      tcpi_unacked: 0,
      tcpi_total_retrans: 0,
    };
  }

  /** ioctl(SIOCINQ): unread bytes; EINVAL on a listener (tcp_ioctl()). */
  ioctl(fd: number, req: "SIOCINQ" | "FIONREAD"): FdDone {
    const e = this.entry(fd);
    if (e === undefined) return fail("EBADF");
    if (e.listener !== undefined || e.sock === undefined) return fail("EINVAL");
    void req;
    return done(0, e.sock.unread);
  }

  /**
   * Run `sim` until `call` completes (or `limit` µs pass): a blocking call as
   * the calling thread sees it. Returns the result, or undefined on timeout.
   */
  static wait(sim: Simulation, call: FdCall, limit: Micros = 600_000_000): FdDone | undefined {
    if (!("pending" in call)) return call;
    const end = sim.now + limit;
    for (;;) {
      const r = call.pending();
      if (r !== undefined) return r;
      if (sim.sched.peekTime() > end) return undefined;
      sim.sched.step();
    }
  }
}

/** Linux errno numbers (asm-generic/errno.h), for SO_ERROR. */
export const ERRNO_NUMBER: Readonly<Record<FdErrno, number>> = {
  EBADF: 9,
  EAGAIN: 11,
  EINVAL: 22,
  EPIPE: 32,
  ENOPROTOOPT: 92,
  EOPNOTSUPP: 95,
  ENOTSOCK: 88,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ECONNRESET: 104,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EALREADY: 114,
  EINPROGRESS: 115,
};
