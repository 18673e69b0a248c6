/**
 * Parser for the subset of the packetdrill language that TCP tests use:
 *
 *   0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
 *   +0   `sysctl -q net.ipv4.tcp_syncookies=2`
 *   +0   < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
 *   +0   > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>
 *   +.1  read(4, ..., 10) = -1 EAGAIN (Resource temporarily unavailable)
 *   +0   %{ assert tcpi_state == 1 }%
 *
 * Times are seconds: "+t" after the previous event, "t" from the start,
 * "*" any time (treated as +0). Errors carry the line and column.
 */

export class DrillParseError extends Error {
  override readonly name = "DrillParseError";
  readonly line: number;
  readonly column: number;
  /** The message without the position. */
  readonly reason: string;
  constructor(line: number, column: number, message: string) {
    super(`line ${line}, column ${column}: ${message}`);
    this.line = line;
    this.column = column;
    this.reason = message;
  }
}

export interface DrillOptions {
  readonly mss?: number;
  readonly sackOK?: boolean;
  readonly wscale?: number;
  readonly ts?: { readonly val: number; readonly ecr: number };
}

export interface PacketEvent {
  readonly kind: "packet";
  readonly dir: "<" | ">";
  /** Letters from "SFRP." (with "." for ACK), as written. */
  readonly flags: string;
  readonly seq: number;
  readonly end: number;
  readonly len: number;
  readonly ack?: number;
  readonly win?: number;
  /** undefined: no option list written. */
  readonly options?: DrillOptions;
  /**
   * Extension (not in packetdrill): the peer's port of this segment's flow,
   * so one script can open several connections to a listener.
   */
  readonly port?: number;
}

/** A syscall argument: a number, a name (flags joined by |), "..." , [x] or {k=v, ...}. */
export type DrillArg =
  | { readonly t: "num"; readonly v: number }
  | { readonly t: "name"; readonly v: string }
  | { readonly t: "elided" }
  | { readonly t: "list"; readonly v: DrillArg }
  | { readonly t: "struct"; readonly v: Readonly<Record<string, number>> };

export interface CallEvent {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly DrillArg[];
  readonly ret: number;
  readonly errno?: string;
}

export interface ShellEvent {
  readonly kind: "shell";
  readonly command: string;
}

export interface Assertion {
  readonly field: string;
  readonly op: "==" | "!=" | "<" | "<=" | ">" | ">=";
  readonly value: number;
}

export interface CodeEvent {
  readonly kind: "code";
  readonly asserts: readonly Assertion[];
}

export type DrillEventBody = PacketEvent | CallEvent | ShellEvent | CodeEvent;

export type DrillEvent = DrillEventBody & {
  readonly line: number;
  /** Seconds, as written. */
  readonly time: number;
  readonly relative: boolean;
  /**
   * End of a time range ("+0...3 close(3) = 0"): when a blocking call must return, in seconds,
   * counted like `time` (from the previous event when relative, else from the start).
   */
  readonly end?: number;
};

/** A time; in "0...2" (a range) the dot of "0." is not taken from "...". */
const TIME_NUM = /^-?(?:\d+(?:\.(?!\.)\d*)?|\.\d+)/;

class Cursor {
  pos = 0;
  readonly text: string;
  readonly line: number;
  readonly col0: number;
  constructor(text: string, line: number, col0: number) {
    this.text = text;
    this.line = line;
    this.col0 = col0;
  }
  err(msg: string, at = this.pos): never {
    throw new DrillParseError(this.line, this.col0 + at + 1, msg);
  }
  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  eof(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }
  eat(s: string): boolean {
    this.ws();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  expect(s: string, what = `"${s}"`): void {
    if (!this.eat(s)) this.err(`expected ${what}, found ${this.found()}`);
  }
  found(): string {
    this.ws();
    if (this.pos >= this.text.length) return "end of line";
    return `"${this.text.slice(this.pos).split(/\s/)[0] ?? ""}"`;
  }
  word(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (m === null) return "";
    this.pos += m[0].length;
    return m[0];
  }
  int(what: string): number {
    this.ws();
    const m = /^(?:0x[0-9a-fA-F]+|-?\d+)/.exec(this.text.slice(this.pos));
    if (m === null) this.err(`expected ${what} (a whole number), found ${this.found()}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

function parseTime(c: Cursor): { time: number; relative: boolean; end?: number } {
  c.ws();
  const start = c.pos;
  if (c.eat("*")) return { time: 0, relative: true };
  const relative = c.eat("+");
  const num = (): number => {
    const m = TIME_NUM.exec(c.text.slice(c.pos));
    if (m === null) {
      c.pos = start;
      c.err(`expected a time ("0", "+.1", "1.5", "+0...2"), found ${c.found()}`);
    }
    c.pos += m[0].length;
    const t = Number(m[0]);
    if (t < 0) c.err("a time cannot be negative", c.pos - m[0].length);
    return t;
  };
  const time = num();
  // packetdrill's time range "start...end" (a blocking call's return time); "+0...+2" is also accepted.
  if (!c.eat("...")) return { time, relative };
  const at = c.pos;
  if (c.eat("+") && !relative) c.err("a range that starts at an absolute time must end at one", at);
  const end = num();
  if (end < time) c.err("the range ends before it starts", at);
  return { time, relative, end };
}

function parseOptions(c: Cursor): DrillOptions {
  const o: { mss?: number; sackOK?: boolean; wscale?: number; ts?: { val: number; ecr: number } } = {};
  if (c.eat(">")) return o;
  for (;;) {
    const start = c.pos;
    const w = c.word();
    switch (w) {
      case "mss":
        o.mss = c.int("an MSS");
        break;
      case "sackOK":
        o.sackOK = true;
        break;
      case "nop":
      case "eol":
        break;
      case "wscale":
        o.wscale = c.int("a window scale");
        break;
      case "TS": {
        c.expect("val");
        const val = c.int("a TS value");
        c.expect("ecr");
        o.ts = { val, ecr: c.int("a TS echo reply") };
        break;
      }
      default:
        c.err(
          `unknown TCP option ${w === "" ? c.found() : `"${w}"`} (known: mss, sackOK, TS val N ecr N, nop, wscale)`,
          start,
        );
    }
    if (c.eat(">")) return o;
    c.expect(",", `"," or ">"`);
  }
}

function parsePacket(c: Cursor, dir: "<" | ">"): PacketEvent {
  c.ws();
  const fStart = c.pos;
  const fm = /^[SFRPEWU.]+/.exec(c.text.slice(c.pos));
  if (fm === null) c.err(`expected TCP flags (S, F, R, P, "."), found ${c.found()}`);
  c.pos += fm[0].length;
  const flags = fm[0].replace(/[EWU]/g, "");
  if (/(.).*\1/.test(flags)) c.err(`flag repeated in "${fm[0]}"`, fStart);
  const seq = c.int("a start sequence number");
  c.expect(":");
  const end = c.int("an end sequence number");
  c.expect("(");
  const len = c.int("a payload length");
  c.expect(")");
  if ((end - seq) >>> 0 !== len)
    c.err(`${seq}:${end} spans ${(end - seq) >>> 0} bytes but the length says (${len})`, fStart);
  let ack: number | undefined;
  let win: number | undefined;
  let options: DrillOptions | undefined;
  let port: number | undefined;
  while (!c.eof()) {
    if (c.eat("<")) {
      options = parseOptions(c);
      continue;
    }
    const at = c.pos;
    const w = c.word();
    if (w === "ack") ack = c.int("an ack number");
    else if (w === "win") win = c.int("a window");
    else if (w === "port") {
      port = c.int("a peer port");
      if (port < 1 || port > 65535) c.err(`port ${port} is not between 1 and 65535`, at);
    } else c.err(`expected "ack", "win", "port" or "<options>", found ${c.found()}`, at);
  }
  if (flags.includes(".") !== (ack !== undefined))
    c.err(
      ack === undefined
        ? `flags "${flags}" have the ACK bit (".") but no "ack N"`
        : `"ack" given but flags "${flags}" lack "."`,
      fStart,
    );
  return {
    kind: "packet",
    dir,
    flags,
    seq: seq >>> 0,
    end: end >>> 0,
    len,
    ...(ack !== undefined ? { ack: ack >>> 0 } : {}),
    ...(win !== undefined ? { win } : {}),
    ...(options !== undefined ? { options } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

function parseArg(c: Cursor): DrillArg {
  c.ws();
  if (c.eat("...")) return { t: "elided" };
  if (c.eat("[")) {
    const v = parseArg(c);
    c.expect("]");
    return { t: "list", v };
  }
  if (c.eat("{")) {
    const v: Record<string, number> = {};
    if (!c.eat("}"))
      for (;;) {
        const k = c.word();
        if (k === "") c.err(`expected a field name, found ${c.found()}`);
        c.expect("=");
        v[k] = c.int(`a value for ${k}`);
        if (c.eat("}")) break;
        c.expect(",", `"," or "}"`);
      }
    return { t: "struct", v };
  }
  if (/[-0-9]/.test(c.peek())) return { t: "num", v: c.int("a number") };
  const parts: string[] = [];
  do {
    const w = c.word();
    if (w === "") c.err(`expected an argument, found ${c.found()}`);
    parts.push(w);
  } while (c.eat("|"));
  return { t: "name", v: parts.join("|") };
}

function parseCall(c: Cursor, name: string): CallEvent {
  const args: DrillArg[] = [];
  if (!c.eat(")"))
    for (;;) {
      args.push(parseArg(c));
      if (c.eat(")")) break;
      c.expect(",", `"," or ")"`);
    }
  c.expect("=", `"= <result>"`);
  const ret = c.int("the expected result");
  let errno: string | undefined;
  if (!c.eof()) {
    const at = c.pos;
    errno = c.word();
    if (!/^E[A-Z]+$/.test(errno)) c.err(`expected an errno name such as EAGAIN, found ${c.found()}`, at);
    if (c.eat("(")) {
      const close = c.text.indexOf(")", c.pos);
      if (close < 0) c.err(`unclosed "(" after ${errno}`);
      c.pos = close + 1;
    }
    if (!c.eof()) c.err(`unexpected ${c.found()} after the result`);
  }
  if (ret === -1 && errno === undefined) c.err("a result of -1 needs an errno (e.g. -1 EAGAIN)");
  return { kind: "call", name, args, ret, ...(errno !== undefined ? { errno } : {}) };
}

function parseAsserts(text: string, line: number, col0: number): Assertion[] {
  const out: Assertion[] = [];
  for (const raw of text.split(/[\n;]/)) {
    const s = raw.trim();
    if (s === "") continue;
    const m = /^assert\s+(tcpi_[a-z_]+)\s*(==|!=|<=|>=|<|>)\s*(-?\d+)\s*(?:,.*)?$/.exec(s);
    if (m === null)
      throw new DrillParseError(
        line,
        col0 + 1,
        `only "assert tcpi_<field> <op> <number>" is supported inside %{ }%, found "${s}"`,
      );
    out.push({ field: m[1] as string, op: m[2] as Assertion["op"], value: Number(m[3]) });
  }
  return out;
}

/** Parse a whole script. Throws DrillParseError with line and column. */
export function parseDrill(source: string): DrillEvent[] {
  const lines = source.split(/\r?\n/);
  const events: DrillEvent[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let text = lines[i] as string;
    // Block comments (single-line or spanning lines).
    if (inBlock) {
      const endIdx = text.indexOf("*/");
      if (endIdx < 0) continue;
      text = " ".repeat(endIdx + 2) + text.slice(endIdx + 2);
      inBlock = false;
    }
    text = text.replace(/\/\*.*?\*\//g, (m) => " ".repeat(m.length));
    const open = text.indexOf("/*");
    if (open >= 0) {
      text = text.slice(0, open);
      inBlock = true;
    }
    const sl = text.indexOf("//");
    if (sl >= 0) text = text.slice(0, sl);
    if (text.trim() === "") continue;
    const c = new Cursor(text, lineNo, 0);
    const { time, relative, end } = parseTime(c);
    c.ws();
    const at = c.pos;
    let body: DrillEventBody;
    if (c.eat("%{")) {
      // Code block, possibly over several lines, up to }%.
      let rest = c.text.slice(c.pos);
      let endLine = i;
      while (!rest.includes("}%")) {
        endLine++;
        if (endLine >= lines.length) c.err('"%{" is never closed with "}%"', at);
        rest += "\n" + (lines[endLine] as string);
      }
      const code = rest.slice(0, rest.indexOf("}%"));
      i = endLine;
      body = { kind: "code", asserts: parseAsserts(code, lineNo, at) };
    } else if (c.eat("`")) {
      const close = c.text.indexOf("`", c.pos);
      if (close < 0) c.err("unclosed backquote", at);
      body = { kind: "shell", command: c.text.slice(c.pos, close).trim() };
      c.pos = close + 1;
      if (!c.eof()) c.err(`unexpected ${c.found()} after the command`);
    } else if (c.eat("<")) body = parsePacket(c, "<");
    else if (c.eat(">")) body = parsePacket(c, ">");
    else {
      const name = c.word();
      if (name === "" || !c.eat("("))
        c.err(`expected "<", ">", a system call, a \`command\` or %{ }%, found ${c.found()}`, at);
      body = parseCall(c, name);
    }
    if (end !== undefined && body.kind !== "call") c.err("only a system call can have a time range", at);
    events.push({ ...body, line: lineNo, time, relative, ...(end !== undefined ? { end } : {}) });
  }
  if (inBlock) throw new DrillParseError(lines.length, 1, 'a "/*" comment is never closed');
  return events;
}
