/**
 * Runs a packetdrill script against the core: the host under test
 * (192.168.0.1) and a RawPeer (192.0.2.1) joined by a zero-delay link.
 * Inbound ("<") segments are injected from the peer; outbound (">") ones must
 * arrive at the peer within the tolerance of their scripted time; system
 * calls go through the fd API. The first mismatch stops the run and is
 * reported with its script line, expected vs actual, as packetdrill does.
 *
 * Numbering follows packetdrill: the peer's sequence numbers are written as
 * they go on the wire; the host's are relative to its ISN (outbound seq,
 * inbound ack). Outbound options are compared by kind and value (mss,
 * wscale), TS only by presence; "nop" is padding and not compared.
 */
import { Simulation } from "../simulation.ts";
import type { Host } from "../host.ts";
import type { Micros, Segment } from "../segment.ts";
import { flagString } from "../segment.ts";
import { RawPeer } from "../api/raw-peer.ts";
import {
  ERRNO_NUMBER,
  SocketApi,
  type FdCall,
  type FdDone,
  type FdErrno,
  type SockOptName,
  type TcpInfo,
} from "../api/fd.ts";
import {
  DrillParseError,
  parseDrill,
  type CallEvent,
  type CodeEvent,
  type DrillArg,
  type DrillEvent,
  type DrillOptions,
  type PacketEvent,
} from "./parse.ts";

export const DRILL_HOST_IP = "192.168.0.1";
export const DRILL_PEER_IP = "192.0.2.1";
/** bind(fd, ..., ...) binds this port; connect(fd, ..., ...) goes to the peer's. */
export const DRILL_PORT = 8080;
export const DRILL_PEER_PORT = 40000;

export interface DrillRunOptions {
  readonly seed?: number;
  /** Outbound timing tolerance in µs (packetdrill's --tolerance_usecs, default 4000). */
  readonly toleranceUs?: Micros;
}

export interface DrillFailure {
  /** Script line (1-based). */
  readonly line: number;
  /** Column for a parse error. */
  readonly column?: number;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface DrillResult {
  readonly ok: boolean;
  readonly failure?: DrillFailure;
  /** Events run to completion. */
  readonly eventsRun: number;
  readonly sim: Simulation;
  readonly host: Host;
  readonly peer: RawPeer;
  readonly api: SocketApi;
}

class Mismatch extends Error {
  readonly f: DrillFailure;
  constructor(f: DrillFailure) {
    super(f.message);
    this.f = f;
  }
}

const SOCKOPTS = new Set<string>([
  "SO_REUSEADDR",
  "SO_KEEPALIVE",
  "SO_LINGER",
  "SO_ERROR",
  "TCP_NODELAY",
  "TCP_KEEPIDLE",
  "TCP_KEEPINTVL",
  "TCP_KEEPCNT",
  "TCP_SYNCNT",
  "TCP_USER_TIMEOUT",
  "TCP_RTO_MAX_MS",
  "TCP_MAXSEG",
  "TCP_INFO",
]);

/**
 * Knobs the core does not model but scripts set, with the value a fresh Linux
 * 6.18 namespace shows (read with `unshare -n`): a script may set exactly this.
 */
const UNMODELLED_DEFAULTS: Readonly<Record<string, string>> = {
  tcp_dsack: "1",
  tcp_ecn: "2",
  tcp_fack: "0",
  tcp_wmem: "4096 16384 4194304",
  // The kernel's compiled-in default (a new namespace copies the host's value, which may differ);
  // the core's window scale 7 comes from its 6 MiB maximum.
  tcp_rmem: "4096 131072 6291456",
};

const FLAG_ORDER = "SFRP.";
const normFlags = (f: string): string => [...FLAG_ORDER].filter((c) => f.includes(c)).join("");

function optionsText(o: DrillOptions | Segment["options"]): string {
  const parts: string[] = [];
  if ("mss" in o && o.mss !== undefined) parts.push(`mss ${o.mss}`);
  if (("sackOK" in o && o.sackOK === true) || ("sackPermitted" in o && o.sackPermitted === true)) parts.push("sackOK");
  const ts = "ts" in o ? o.ts : "timestamp" in o ? o.timestamp : undefined;
  if (ts !== undefined) parts.push(`TS val ${ts.val} ecr ${ts.ecr}`);
  const ws = "wscale" in o ? o.wscale : "windowScale" in o ? o.windowScale : undefined;
  if (ws !== undefined) parts.push(`wscale ${ws}`);
  return parts.length === 0 ? "" : ` <${parts.join(",")}>`;
}

const argText = (a: DrillArg): string =>
  a.t === "num"
    ? String(a.v)
    : a.t === "name"
      ? a.v
      : a.t === "elided"
        ? "..."
        : a.t === "list"
          ? `[${argText(a.v)}]`
          : "{...}";

class Runner {
  readonly sim: Simulation;
  readonly host: Host;
  readonly peer: RawPeer;
  readonly api: SocketApi;
  private readonly tol: Micros;
  /** Index of the first captured segment not yet matched by a ">" line. */
  private consumed = 0;
  private conn: { hostPort: number; peerPort: number } = { hostPort: DRILL_PORT, peerPort: DRILL_PEER_PORT };
  private blocking:
    { ev: DrillEvent & CallEvent; poll: () => FdDone | undefined; endAt: Micros | undefined } | undefined = undefined;
  private lastFd: number | undefined = undefined;
  private lastHostTs = 0;
  private t: Micros = 0;
  /** Return time of the current event's time range, if it has one. */
  private endAt: Micros | undefined = undefined;

  constructor(opts: DrillRunOptions) {
    this.sim = new Simulation({ seed: opts.seed ?? 1 });
    this.host = this.sim.addHost("host", DRILL_HOST_IP);
    this.peer = new RawPeer(this.sim, "peer", DRILL_PEER_IP, DRILL_PEER_PORT);
    this.sim.link(this.host, this.peer, { delay: 0 });
    this.api = new SocketApi(this.host);
    this.tol = opts.toleranceUs ?? 4000;
  }

  private fail(line: number, message: string, expected?: string, actual?: string): never {
    throw new Mismatch({
      line,
      message,
      ...(expected !== undefined ? { expected } : {}),
      ...(actual !== undefined ? { actual } : {}),
    });
  }

  /** Run one scheduler event, then give a blocked call its chance to return. */
  private step(): void {
    this.sim.sched.step();
    this.pollBlocking();
  }

  private pollBlocking(): void {
    const b = this.blocking;
    if (b === undefined) return;
    const r = b.poll();
    if (r === undefined) return;
    this.blocking = undefined;
    this.checkReturnTime(b.ev, b.endAt);
    this.checkResult(b.ev, r);
  }

  /** A call written with a time range must return at its end, within the tolerance. */
  private checkReturnTime(ev: DrillEvent & CallEvent, endAt: Micros | undefined): void {
    if (endAt === undefined) return;
    const now = this.sim.now;
    if (Math.abs(now - endAt) > this.tol)
      this.fail(
        ev.line,
        `timing error: expected ${ev.name}() to return at ${(endAt / 1e6).toFixed(6)} s but it returned at ${(now / 1e6).toFixed(6)} s`,
        (endAt / 1e6).toFixed(6),
        (now / 1e6).toFixed(6),
      );
  }

  private advance(to: Micros): void {
    while (this.sim.sched.peekTime() <= to) this.step();
    this.sim.runUntil(to);
  }

  private hostIsn(): number | undefined {
    return this.peer.hostIsn(this.conn.hostPort, this.conn.peerPort);
  }

  /** A captured segment as a script line would write it (seq relative to the host's ISN). */
  private show(seg: Segment): string {
    const isn = this.peer.hostIsn(seg.src.port, seg.dst.port) ?? 0;
    const seq = (seg.seq - isn) >>> 0;
    const ack = seg.ack !== undefined ? ` ack ${seg.ack}` : "";
    return `> ${flagString(seg)} ${seq}:${(seq + seg.len) >>> 0}(${seg.len})${ack} win ${seg.window}${optionsText(seg.options)}`;
  }

  private checkNoUnexpected(line: number): void {
    const c = this.peer.received[this.consumed];
    if (c === undefined) return;
    this.fail(line, `unexpected outbound packet at ${(c.t / 1e6).toFixed(6)} s`, "no packet", this.show(c.seg));
  }

  run(events: readonly DrillEvent[]): number {
    let n = 0;
    for (const ev of events) {
      const base = ev.relative ? this.t : 0;
      const when = Math.round(ev.time * 1e6) + base;
      this.endAt = ev.end !== undefined ? Math.round(ev.end * 1e6) + base : undefined;
      if (!ev.relative && when < this.t)
        this.fail(ev.line, `time ${ev.time} s is before the previous event (${this.t / 1e6} s)`);
      this.t = Math.max(when, this.t);
      if (ev.kind === "packet" && ev.dir === ">") {
        this.outbound(ev);
      } else {
        this.advance(this.t);
        this.checkNoUnexpected(ev.line);
        if (ev.kind === "packet") this.inbound(ev);
        else if (ev.kind === "call") this.call(ev);
        else if (ev.kind === "shell") this.shell(ev.line, ev.command);
        else this.code(ev.line, ev);
        // A segment injected now is delivered now (zero-delay link).
        this.advance(this.t);
      }
      n++;
    }
    if (this.blocking !== undefined)
      this.fail(this.blocking.ev.line, `blocking ${this.blocking.ev.name} call had not returned when the script ended`);
    return n;
  }

  private inbound(ev: PacketEvent): void {
    const syn = ev.flags.includes("S");
    if (ev.port !== undefined) this.conn = { hostPort: this.conn.hostPort, peerPort: ev.port };
    const isn = this.hostIsn();
    const o = ev.options;
    const options =
      o === undefined
        ? {}
        : {
            ...(o.mss !== undefined ? { mss: o.mss } : {}),
            ...(o.sackOK === true ? { sackPermitted: true } : {}),
            ...(o.wscale !== undefined ? { windowScale: o.wscale } : {}),
            ...(o.ts !== undefined ? { timestamp: { val: o.ts.val, ecr: o.ts.ecr === 0 ? 0 : this.lastHostTs } } : {}),
          };
    this.peer.inject({
      srcPort: this.conn.peerPort,
      dst: { ip: DRILL_HOST_IP, port: this.conn.hostPort },
      flags: { syn, fin: ev.flags.includes("F"), rst: ev.flags.includes("R"), psh: ev.flags.includes("P") },
      seq: ev.seq,
      ...(ev.ack !== undefined ? { ack: isn === undefined ? ev.ack : (isn + ev.ack) >>> 0 } : {}),
      window: ev.win ?? 65535,
      len: ev.len,
      options,
    });
  }

  private outbound(ev: DrillEvent & PacketEvent): void {
    const deadline = this.t + this.tol;
    while (this.peer.received.length <= this.consumed && this.sim.sched.peekTime() <= deadline) this.step();
    const c = this.peer.received[this.consumed];
    const want = `> ${ev.flags} ${ev.seq}:${ev.end}(${ev.len})${ev.ack !== undefined ? ` ack ${ev.ack}` : ""}${ev.win !== undefined ? ` win ${ev.win}` : ""}${ev.options !== undefined ? optionsText(ev.options) : ""}`;
    if (c === undefined) {
      this.advance(deadline);
      this.fail(ev.line, `timed out waiting for a packet (until ${(deadline / 1e6).toFixed(6)} s)`, want, "no packet");
    }
    this.consumed++;
    const seg = c.seg;
    if (seg.ctl.syn) this.conn = { hostPort: seg.src.port, peerPort: seg.dst.port };
    if (seg.options.timestamp !== undefined) this.lastHostTs = seg.options.timestamp.val;
    const actual = this.show(seg);
    if (c.t < this.t - this.tol)
      this.fail(
        ev.line,
        `timing error: expected outbound packet at ${(this.t / 1e6).toFixed(6)} s but it was sent at ${(c.t / 1e6).toFixed(6)} s`,
        want,
        actual,
      );
    const field = (name: string, exp: string | number, got: string | number): void => {
      if (exp !== got)
        this.fail(ev.line, `live packet field ${name}: expected: ${exp} vs actual: ${got}`, want, actual);
    };
    if (ev.port !== undefined) field("tcp_dport", ev.port, seg.dst.port);
    field("tcp_flags", normFlags(ev.flags), normFlags(flagString(seg)));
    const isn = this.peer.hostIsn(seg.src.port, seg.dst.port) ?? 0;
    field("tcp_seq", ev.seq, (seg.seq - isn) >>> 0);
    field("tcp_data_len", ev.len, seg.len);
    if (ev.ack !== undefined) field("tcp_ack", ev.ack, seg.ack ?? -1);
    if (ev.win !== undefined) field("tcp_window", ev.win, seg.window);
    if (ev.options !== undefined || Object.keys(seg.options).length > 0) {
      const exp = ev.options ?? {};
      const o = seg.options;
      const kinds = (mss: boolean, sack: boolean, ts: boolean, ws: boolean): string =>
        [mss ? "mss" : "", sack ? "sackOK" : "", ts ? "TS" : "", ws ? "wscale" : ""].filter((x) => x !== "").join(",");
      field(
        "tcp_options",
        kinds(exp.mss !== undefined, exp.sackOK === true, exp.ts !== undefined, exp.wscale !== undefined),
        kinds(o.mss !== undefined, o.sackPermitted === true, o.timestamp !== undefined, o.windowScale !== undefined),
      );
      if (exp.mss !== undefined) field("mss", exp.mss, o.mss ?? -1);
      if (exp.wscale !== undefined) field("wscale", exp.wscale, o.windowScale ?? -1);
    }
  }

  private fdArg(ev: DrillEvent & CallEvent, i: number): number {
    const a = ev.args[i];
    if (a === undefined || a.t !== "num")
      this.fail(ev.line, `${ev.name}: argument ${i + 1} must be a file descriptor number`);
    return a.v;
  }

  private numArg(ev: DrillEvent & CallEvent, i: number): number {
    let a = ev.args[i];
    if (a?.t === "list") a = a.v;
    if (a === undefined || a.t !== "num") this.fail(ev.line, `${ev.name}: argument ${i + 1} must be a number`);
    return a.v;
  }

  private nameArg(ev: DrillEvent & CallEvent, i: number, allowed: readonly string[]): string {
    const a = ev.args[i];
    if (a === undefined || a.t !== "name" || !allowed.includes(a.v))
      this.fail(
        ev.line,
        `${ev.name}: argument ${i + 1} must be one of ${allowed.join(", ")}, got ${a === undefined ? "nothing" : argText(a)}`,
      );
    return a.v;
  }

  private flagsArg(ev: DrillEvent & CallEvent, i: number): number {
    const a = ev.args[i];
    if (a?.t === "num") return a.v;
    if (a?.t !== "name") this.fail(ev.line, `${ev.name}: argument ${i + 1} must be flags such as O_RDWR|O_NONBLOCK`);
    let v = 0;
    for (const f of a.v.split("|")) {
      if (f === "O_NONBLOCK") v |= 0x800;
      else if (f === "O_RDWR") v |= 2;
      else this.fail(ev.line, `${ev.name}: unknown flag ${f} (known: O_RDWR, O_NONBLOCK)`);
    }
    return v;
  }

  private call(ev: DrillEvent & CallEvent): void {
    if (this.blocking !== undefined)
      this.fail(
        ev.line,
        `${ev.name} called while the blocking ${this.blocking.ev.name} (line ${this.blocking.ev.line}) has not returned`,
      );
    const api = this.api;
    let r: FdCall;
    let expectOut: DrillArg | undefined;
    switch (ev.name) {
      case "socket":
        r = api.socket();
        break;
      case "fcntl": {
        const fd = this.fdArg(ev, 0);
        const cmd = this.nameArg(ev, 1, ["F_GETFL", "F_SETFL"]) as "F_GETFL" | "F_SETFL";
        r = api.fcntl(fd, cmd, cmd === "F_SETFL" ? this.flagsArg(ev, 2) : 0);
        break;
      }
      case "bind":
        r = api.bind(this.fdArg(ev, 0), undefined, DRILL_PORT);
        break;
      case "listen":
        r = api.listen(this.fdArg(ev, 0), this.numArg(ev, 1));
        break;
      case "accept":
        r = api.accept(this.fdArg(ev, 0));
        break;
      case "connect":
        r = api.connect(this.fdArg(ev, 0), DRILL_PEER_IP, DRILL_PORT);
        break;
      case "read":
      case "recv":
        r = api.read(this.fdArg(ev, 0), this.numArg(ev, 2));
        break;
      case "write":
      case "send":
        r = api.write(this.fdArg(ev, 0), this.numArg(ev, 2));
        break;
      case "shutdown":
        r = api.shutdown(
          this.fdArg(ev, 0),
          this.nameArg(ev, 1, ["SHUT_RD", "SHUT_WR", "SHUT_RDWR"]) as "SHUT_RD" | "SHUT_WR" | "SHUT_RDWR",
        );
        break;
      case "close":
        r = api.close(this.fdArg(ev, 0));
        break;
      case "setsockopt":
      case "getsockopt": {
        const fd = this.fdArg(ev, 0);
        const opt = ev.args[2];
        if (opt?.t !== "name" || !SOCKOPTS.has(opt.v))
          this.fail(ev.line, `${ev.name}: option must be one of ${[...SOCKOPTS].join(", ")}`);
        const name = opt.v as SockOptName;
        const val = ev.args[3];
        if (ev.name === "getsockopt") {
          r = api.getsockopt(fd, name);
          expectOut = name === "TCP_INFO" ? undefined : val;
        } else if (val?.t === "struct") {
          r = api.setsockopt(fd, name, { onoff: val.v["l_onoff"] ?? 0, linger: val.v["l_linger"] ?? 0 });
        } else {
          r = api.setsockopt(fd, name, this.numArg(ev, 3));
        }
        break;
      }
      case "ioctl":
        this.nameArg(ev, 1, ["SIOCINQ", "FIONREAD"]);
        r = api.ioctl(this.fdArg(ev, 0), "SIOCINQ");
        expectOut = ev.args[2];
        break;
      default:
        this.fail(
          ev.line,
          `system call ${ev.name}() is not supported (supported: socket, fcntl, bind, listen, accept, connect, read, recv, write, send, shutdown, close, setsockopt, getsockopt, ioctl)`,
        );
    }
    const fd0 = ev.args[0];
    if (fd0?.t === "num") this.lastFd = fd0.v;
    if ("pending" in r) {
      this.blocking = { ev, poll: r.pending, endAt: this.endAt };
      return;
    }
    this.checkReturnTime(ev, this.endAt);
    this.checkResult(ev, r, expectOut);
  }

  private checkResult(ev: DrillEvent & CallEvent, r: FdDone, expectOut?: DrillArg): void {
    const got = r.ret === -1 ? `-1 ${r.errno ?? ""}` : String(r.ret);
    const want = ev.ret === -1 ? `-1 ${ev.errno ?? ""}` : String(ev.ret);
    if (got !== want)
      this.fail(ev.line, `runtime error in ${ev.name} call: expected result ${want} but got ${got}`, want, got);
    if (ev.name === "socket" || ev.name === "accept") this.lastFd = r.ret;
    if (expectOut !== undefined && expectOut.t === "list" && typeof r.out === "number") {
      const inner = expectOut.v;
      const exp =
        inner.t === "num"
          ? inner.v
          : inner.t === "name" && inner.v in ERRNO_NUMBER
            ? ERRNO_NUMBER[inner.v as FdErrno]
            : undefined;
      if (exp !== undefined && exp !== r.out)
        this.fail(
          ev.line,
          `${ev.name}: expected value [${argText(inner)}] but got [${r.out}]`,
          String(exp),
          String(r.out),
        );
    }
  }

  private shell(line: number, command: string): void {
    for (const part of command.split(/;|&&/)) {
      const words = (part.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((w) => w.replace(/"/g, ""));
      if (words.length === 0) continue;
      let assigns: string[] = [];
      if (words[0] === "sysctl") assigns = words.slice(1).filter((w) => !w.startsWith("-"));
      else if (
        words[0] === "echo" &&
        words.length === 4 &&
        words[2] === ">" &&
        (words[3] as string).startsWith("/proc/sys/")
      )
        assigns = [`${(words[3] as string).slice(10).replaceAll("/", ".")}=${words[1] as string}`];
      else
        this.fail(
          line,
          `only sysctl commands (and echo N > /proc/sys/...) can run against the simulation, not "${part.trim()}"`,
        );
      for (const a of assigns) {
        const eq = a.indexOf("=");
        if (eq < 0) this.fail(line, `sysctl: "${a}" is not name=value`);
        const name = a.slice(0, eq);
        const value = a.slice(eq + 1).replace(/^"|"$/g, "");
        const short = name.replace(/^net\.ipv4\./, "");
        const unmodelled = UNMODELLED_DEFAULTS[short];
        if (unmodelled !== undefined && !this.host.sysctl.has(name)) {
          // Scripts often restate these; the core behaves as their default, so only the default is accepted.
          if (value.trim().split(/\s+/).join(" ") !== unmodelled)
            this.fail(
              line,
              `sysctl: ${short} is not modelled by the simulation; only its Linux default (${unmodelled}) is accepted`,
            );
          continue;
        }
        try {
          this.host.setSysctl(name, value);
        } catch (e) {
          this.fail(line, `sysctl: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }

  private code(line: number, ev: CodeEvent): void {
    const fd = this.lastFd;
    const info: TcpInfo | undefined = fd === undefined ? undefined : this.api.tcpInfo(fd);
    if (info === undefined) this.fail(line, "%{ }% needs a socket: no system call has named an open fd yet");
    for (const a of ev.asserts) {
      const v = (info as unknown as Record<string, number | undefined>)[a.field];
      if (v === undefined)
        this.fail(line, `${a.field} is not in the modelled tcp_info (${Object.keys(info).join(", ")})`);
      const ok =
        a.op === "=="
          ? v === a.value
          : a.op === "!="
            ? v !== a.value
            : a.op === "<"
              ? v < a.value
              : a.op === "<="
                ? v <= a.value
                : a.op === ">"
                  ? v > a.value
                  : v >= a.value;
      if (!ok)
        this.fail(
          line,
          `assertion failed: ${a.field} ${a.op} ${a.value} (${a.field} is ${v})`,
          `${a.op} ${a.value}`,
          String(v),
        );
    }
  }
}

/** Parse and run a script. Never throws for a bad script: the failure says what and where. */
export function runDrill(source: string, opts: DrillRunOptions = {}): DrillResult {
  const r = new Runner(opts);
  const base = { sim: r.sim, host: r.host, peer: r.peer, api: r.api };
  let events: DrillEvent[];
  try {
    events = parseDrill(source);
  } catch (e) {
    if (e instanceof DrillParseError)
      return { ok: false, eventsRun: 0, failure: { line: e.line, column: e.column, message: e.reason }, ...base };
    throw e;
  }
  let n: number;
  try {
    n = r.run(events);
  } catch (e) {
    if (e instanceof Mismatch) {
      const idx = events.findIndex((ev) => ev.line === e.f.line);
      return { ok: false, eventsRun: idx < 0 ? 0 : idx, failure: e.f, ...base };
    }
    throw e;
  }
  return { ok: true, eventsRun: n, ...base };
}

/** The failure as packetdrill prints it: "file:line: message", then expected and actual. */
export function formatDrillFailure(file: string, f: DrillFailure): string {
  const head =
    f.column !== undefined
      ? `${file}:${f.line}:${f.column}: syntax error: ${f.message}`
      : `${file}:${f.line}: error: ${f.message}`;
  const lines = [head];
  if (f.expected !== undefined) lines.push(`  script: ${f.expected}`);
  if (f.actual !== undefined) lines.push(`  actual: ${f.actual}`);
  return lines.join("\n");
}
