/**
 * Per-host sysctl table. The knob list is exported as data so the sysctl
 * reference pages and the sysctl.conf reviewer can reuse it.
 *
 * Defaults are Linux 6.x as read by the lab experiment knob-defaults; the
 * pre-4.12 and RFC profiles differ where the kernel source of those releases does.
 */
import type { KernelProfile } from "./scenarios/types.ts";

export type SysctlValue = number | readonly [number, number];

export type KnobUnit = "boolean" | "mode" | "seconds" | "milliseconds" | "count" | "port range";

export interface KnobDef {
  /** Full dotted name, e.g. "net.ipv4.tcp_tw_reuse". */
  readonly name: string;
  readonly unit: KnobUnit;
  /** Smallest and largest accepted value (for a port range: of each end). */
  readonly min: number;
  readonly max: number;
  /** A lower maximum on some profiles (tcp_tw_reuse was a boolean before ≈4.18). */
  readonly maxByProfile?: Partial<Readonly<Record<KernelProfile, number>>>;
  /** Default per profile; a profile that is missing here does not have the knob. */
  readonly defaults: Partial<Readonly<Record<KernelProfile, SysctlValue>>>;
  readonly description: string;
  /** Meaning of each value for mode knobs. */
  readonly values?: Readonly<Record<number, string>>;
  /** Section of the internal reference notes the knob was modelled from (not a public citation). */
  readonly source: string;
}

const INT_MAX = 2147483647;

export const KNOBS: readonly KnobDef[] = [
  {
    name: "net.ipv4.tcp_syncookies",
    unit: "mode",
    min: 0,
    // A u8 (proc_dou8vec_minmax, no bounds): 3 and 200 are accepted and act like 1 (lab: knob-ranges).
    max: 255,
    defaults: { linux: 1, "linux-pre-4.12": 1 },
    description:
      "Answer SYNs with a stateless cookie when the listener's request queue is longer than its listen backlog.",
    values: { 0: "never send cookies", 1: "only when the request queue is full", 2: "for every SYN (testing)" },
    source: "lab: syn-queue-cookies; tcp_conn_request(), cookie_v4_check()",
  },
  {
    name: "net.ipv4.tcp_tw_reuse",
    unit: "mode",
    min: 0,
    max: 2,
    maxByProfile: { "linux-pre-4.12": 1 },
    defaults: { linux: 2, "linux-pre-4.12": 0 },
    description:
      "Let an outgoing connect() take over a TIME_WAIT 4-tuple when timestamps were used and the TIME_WAIT socket is old enough.",
    values: { 0: "off", 1: "on for all traffic", 2: "loopback only (127.0.0.0/8)" },
    source: "lab: tw-reuse-modes; tcp_twsk_unique()",
  },
  {
    name: "net.ipv4.tcp_tw_reuse_delay",
    unit: "milliseconds",
    min: 1,
    max: 60000,
    defaults: { linux: 1000 },
    description: "How long a TIME_WAIT socket must have existed before tcp_tw_reuse may take it over (6.14+).",
    source: "lab: tw-reuse-delay; tcp_twsk_unique()",
  },
  {
    name: "net.ipv4.tcp_tw_recycle",
    unit: "boolean",
    min: 0,
    max: 1,
    defaults: { "linux-pre-4.12": 0 },
    description:
      "Removed in 4.12. Cut TIME_WAIT to 3.5×RTO and dropped SYNs whose timestamp was older than the last one seen from the same IP (breaks clients behind NAT).",
    source: "removed in 4.12 (lab: sysctl-p-blog)",
  },
  {
    name: "net.ipv4.tcp_fin_timeout",
    unit: "seconds",
    // proc_dointvec_jiffies: 0 and negative values are accepted; tcp_fin_time() then uses 3.5 × RTO.
    min: -2147483,
    max: 2147483,
    defaults: { linux: 60, "linux-pre-4.12": 60 },
    description:
      "How long an orphaned socket (close() was called) waits in FIN_WAIT2 for the peer's FIN. Does not change TIME_WAIT.",
    source: "lab: fin-wait2-orphan; tcp_fin_time()",
  },
  {
    name: "net.ipv4.tcp_keepalive_time",
    unit: "seconds",
    min: 1,
    max: 2147483,
    defaults: { linux: 7200, "linux-pre-4.12": 7200, rfc9293: 7200 },
    description: "Idle time before the first keepalive probe (only on sockets with SO_KEEPALIVE).",
    source: "lab: keepalive; tcp_keepalive_timer()",
  },
  {
    name: "net.ipv4.tcp_keepalive_intvl",
    unit: "seconds",
    min: 1,
    max: 2147483,
    defaults: { linux: 75, "linux-pre-4.12": 75, rfc9293: 75 },
    description: "Gap between unanswered keepalive probes.",
    source: "lab: keepalive; tcp_keepalive_timer()",
  },
  {
    name: "net.ipv4.tcp_keepalive_probes",
    unit: "count",
    min: 1,
    max: 255,
    defaults: { linux: 9, "linux-pre-4.12": 9, rfc9293: 9 },
    description: "Unanswered probes before the connection is reset (ETIMEDOUT).",
    source: "lab: keepalive; tcp_keepalive_timer()",
  },
  {
    name: "net.ipv4.ip_local_port_range",
    unit: "port range",
    min: 1024,
    max: 65535,
    defaults: { linux: [32768, 60999], "linux-pre-4.12": [32768, 60999], rfc9293: [49152, 65535] },
    description:
      "Ports the kernel picks for connect() without bind() and for bind(0). Different parity at the two ends lets connect() prefer even ports and bind(0) odd ones.",
    source: "lab: port-parity, port-capacity; __inet_hash_connect()",
  },
  {
    name: "net.ipv4.tcp_max_syn_backlog",
    unit: "count",
    // proc_dointvec: 0 and negative values are accepted (lab: knob-ranges).
    min: -INT_MAX - 1,
    max: INT_MAX,
    defaults: { linux: 2048, "linux-pre-4.12": 1024, rfc9293: 2048 },
    description:
      "Only matters with tcp_syncookies=0: once a listener's request queue passes 3/4 of it, SYNs from unproven peers are dropped.",
    source: "lab: syn-queue-cookies; tcp_conn_request()",
  },
  {
    name: "net.ipv4.tcp_max_tw_buckets",
    unit: "count",
    min: 0,
    max: INT_MAX,
    defaults: { linux: 131072, "linux-pre-4.12": 131072 },
    description: "Maximum TIME_WAIT sockets; beyond it a closing socket skips TIME_WAIT (TcpExtTCPTimeWaitOverflow).",
    source: "lab: tw-buckets-overflow; inet_twsk_alloc()",
  },
  {
    name: "net.ipv4.tcp_abort_on_overflow",
    unit: "boolean",
    min: 0,
    max: 1,
    defaults: { linux: 0, "linux-pre-4.12": 0 },
    description:
      "1: a final ACK that finds the accept queue full is answered with RST and the request dropped; 0 (default): the ACK is ignored and the SYN-ACK retransmitted.",
    source: "tcp_check_req() listen_overflow",
  },
  {
    name: "net.ipv4.tcp_syn_retries",
    unit: "count",
    min: 1,
    max: 127,
    defaults: { linux: 6, "linux-pre-4.12": 6, rfc9293: 7 },
    description: "SYN retransmissions before connect() fails with ETIMEDOUT (together with tcp_syn_linear_timeouts).",
    source: "lab: syn-retries; tcp_write_timeout()",
  },
  {
    name: "net.ipv4.tcp_syn_linear_timeouts",
    unit: "count",
    min: 0,
    max: 127,
    defaults: { linux: 4 },
    description: "How many SYN timeouts stay at the initial RTO (1 s) before exponential backoff starts (6.5+).",
    source: "lab: syn-retries; tcp_retransmit_timer()",
  },
  {
    name: "net.ipv4.tcp_synack_retries",
    unit: "count",
    min: 0,
    max: 255,
    defaults: { linux: 5, "linux-pre-4.12": 5, rfc9293: 5 },
    description: "SYN-ACK retransmissions for a half-open connection before the request is dropped (≈63 s).",
    source: "lab: synack-retries; reqsk_timer_handler()",
  },
  {
    name: "net.ipv4.tcp_rto_max_ms",
    unit: "milliseconds",
    // proc_dointvec_minmax with 1000 .. TCP_RTO_MAX_MSEC: 999 and 120001 are refused (EINVAL).
    min: 1000,
    max: 120000,
    defaults: { linux: 120000 },
    description:
      "Ceiling of the retransmission timeout (6.15+); a new socket copies it (TCP_RTO_MAX_MS overrides it per socket). A lower ceiling also shortens the give-up time of tcp_retries2 and of orphaned sockets.",
    source: "tcp_rto_max() / tcp_model_timeout()",
  },
  {
    name: "net.ipv4.tcp_sack",
    unit: "boolean",
    min: 0,
    // A u8 (proc_dou8vec_minmax): 2 and 255 are accepted and act like 1 (checked on 6.18).
    max: 255,
    defaults: { linux: 1, "linux-pre-4.12": 1 },
    description:
      "Offer and accept selective acknowledgements (RFC 2018) on new connections; without SACK there is no tail loss probe.",
    source: "tcp_parse_options() / tcp_schedule_loss_probe()",
  },
  {
    name: "net.ipv4.tcp_timestamps",
    unit: "mode",
    min: 0,
    // A u8 like tcp_syncookies: 3 is accepted; any value but 1 means no per-connection offsets.
    max: 255,
    defaults: { linux: 1, "linux-pre-4.12": 1, rfc9293: 1 },
    description: "RFC 7323 timestamps.",
    values: { 0: "off", 1: "on, with random per-connection offsets", 2: "on, without offsets" },
    source: "lab: handshake-options; tcp_syn_options()",
  },
  {
    name: "net.ipv4.tcp_invalid_ratelimit",
    unit: "milliseconds",
    min: 0,
    max: INT_MAX,
    defaults: { linux: 500, "linux-pre-4.12": 500 },
    description:
      "Minimum gap between two ACKs a connection sends in reply to out-of-window or otherwise invalid segments (duplicate, challenge and TIME_WAIT ACKs); stops ACK loops.",
    source: "tcp_oow_rate_limited()",
  },
  {
    name: "net.ipv4.tcp_rfc1337",
    unit: "boolean",
    min: 0,
    max: 1,
    defaults: { linux: 0, "linux-pre-4.12": 0, rfc9293: 0 },
    description:
      "Ignore RSTs that arrive for a TIME_WAIT socket instead of letting them kill it (RFC 1337 TIME-WAIT assassination).",
    source: "tcp_timewait_state_process()",
  },
  {
    name: "net.core.somaxconn",
    unit: "count",
    min: 0,
    max: INT_MAX,
    defaults: { linux: 4096, "linux-pre-4.12": 128, rfc9293: 4096 },
    description: "Upper limit for the listen() backlog; the request and accept queues each hold backlog+1.",
    source: "lab: accept-queue; __sys_listen()",
  },
];

const BY_NAME = new Map<string, KnobDef>(KNOBS.map((k) => [k.name, k]));
const INDEX = new Map<string, number>(KNOBS.map((k, i) => [k.name, i]));

/**
 * A knob's number for SysctlTable.numAt(), resolved once (at module load by
 * the hot paths that read a knob per connection), so the read is an array
 * index instead of a string-keyed Map lookup.
 */
export function knobId(name: string): number {
  const i = INDEX.get(fullKnobName(name));
  if (i === undefined) throw new Error(`unknown sysctl ${name}`);
  return i;
}

/** "tcp_tw_reuse" → "net.ipv4.tcp_tw_reuse"; "net/ipv4/x" → "net.ipv4.x". */
export function fullKnobName(name: string): string {
  const n = name.trim().replace(/\//g, ".");
  // A dotted name is already complete (net.core.somaxconn, fs.file-max); only bare names are net.ipv4.*.
  if (n.includes(".")) return n;
  if (n === "somaxconn") return "net.core.somaxconn";
  return "net.ipv4." + n;
}

const fullNames = new Map<string, string>();
/** fullKnobName() for the simulator's hot paths, which ask the same few names again and again. */
function cachedFullName(name: string): string {
  let f = fullNames.get(name);
  if (f === undefined) {
    f = fullKnobName(name);
    if (fullNames.size < 1000) fullNames.set(name, f);
  }
  return f;
}

export function knobDef(name: string): KnobDef | undefined {
  return BY_NAME.get(fullKnobName(name));
}

/** The knobs a profile has, with that profile's defaults. */
export function knobsFor(profile: KernelProfile): readonly KnobDef[] {
  return KNOBS.filter((k) => k.defaults[profile] !== undefined);
}

export class SysctlError extends Error {
  readonly errno: "ENOENT" | "EINVAL";
  constructor(message: string, errno: "ENOENT" | "EINVAL") {
    super(message);
    this.name = "SysctlError";
    this.errno = errno;
  }
}

export type SysctlSetResult =
  | { readonly ok: true; readonly name: string; readonly value: SysctlValue; readonly warning?: string }
  | { readonly ok: false; readonly name: string; readonly errno: "ENOENT" | "EINVAL"; readonly message: string };

function noSuchFile(full: string): string {
  return `sysctl: cannot stat /proc/sys/${full.replace(/\./g, "/")}: No such file or directory`;
}

function invalid(full: string): string {
  return `sysctl: setting key "${full}": Invalid argument`;
}

/** Parse a value the way `sysctl -w` would accept it. Returns undefined when invalid. */
function parseValue(
  def: KnobDef,
  raw: string | number | readonly [number, number],
  profile: KernelProfile,
): SysctlValue | undefined {
  const isInt = (x: number) => Number.isInteger(x);
  if (def.unit === "port range") {
    let pair: number[];
    if (typeof raw === "number") return undefined;
    if (typeof raw === "string") pair = raw.trim().split(/\s+/).map(Number);
    else pair = [raw[0], raw[1]];
    if (pair.length !== 2) return undefined;
    const [lo, hi] = pair as [number, number];
    // sysctl_net_ipv4.c ipv4_local_port_range(): low <= high and low >= ip_unprivileged_port_start.
    if (!isInt(lo) || !isInt(hi) || lo > hi || lo < def.min || hi > def.max) return undefined;
    return [lo, hi];
  }
  const v = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!isInt(v) || v < def.min || v > (def.maxByProfile?.[profile] ?? def.max)) return undefined;
  return v;
}

/** One host's sysctl values. */
export class SysctlTable {
  readonly profile: KernelProfile;
  private readonly values = new Map<string, SysctlValue>();
  /** Numeric values by knobId(), NaN where the profile lacks the knob (or it is a port range). */
  private readonly nums = new Float64Array(KNOBS.length).fill(NaN);
  /** Called after every successful write (the host uses it to refresh caches). */
  onChange: ((name: string) => void) | undefined = undefined;
  /** Bumped by every successful write, so hot paths can cache a value until it changes. */
  version = 0;

  constructor(profile: KernelProfile) {
    this.profile = profile;
    for (const k of knobsFor(profile)) this.store(k.name, k.defaults[profile] as SysctlValue);
  }

  private store(full: string, v: SysctlValue): void {
    this.values.set(full, v);
    if (typeof v === "number") this.nums[INDEX.get(full) as number] = v;
  }

  has(name: string): boolean {
    return this.values.has(cachedFullName(name));
  }

  /** Like `sysctl -w name=value`. Errors are values, worded as sysctl prints them. */
  set(name: string, raw: string | number | readonly [number, number]): SysctlSetResult {
    const full = fullKnobName(name);
    const def = BY_NAME.get(full);
    if (def === undefined || !this.values.has(full)) {
      return { ok: false, name: full, errno: "ENOENT", message: noSuchFile(full) };
    }
    const v = parseValue(def, raw, this.profile);
    if (v === undefined) return { ok: false, name: full, errno: "EINVAL", message: invalid(full) };
    this.store(full, v);
    this.version++;
    this.onChange?.(full);
    if (typeof v !== "number" && v[0] % 2 === v[1] % 2) {
      // Newer kernels log this but accept the value (lab: knob-ranges).
      return {
        ok: true,
        name: full,
        value: v,
        warning: "ip_local_port_range: prefer different parity for start/end values.",
      };
    }
    return { ok: true, name: full, value: v };
  }

  /** Like set(), but throws a SysctlError. */
  setOrThrow(name: string, raw: string | number | readonly [number, number]): void {
    const r = this.set(name, raw);
    if (!r.ok) throw new SysctlError(r.message, r.errno);
  }

  /** Read a knob; throws the sysctl-style error if this profile lacks it. */
  get(name: string): SysctlValue {
    const full = fullKnobName(name);
    const v = this.values.get(full);
    if (v === undefined) throw new SysctlError(noSuchFile(full), "ENOENT");
    return v;
  }

  /** Numeric knob, or `fallback` when the profile lacks it. */
  num(name: string, fallback: number): number {
    // Hot path: callers inside the simulator pass full names, so try that first.
    const v = this.values.get(name) ?? this.values.get(cachedFullName(name));
    return typeof v === "number" ? v : fallback;
  }

  /** num() by knobId(): the knob's value, or `fallback` when the profile lacks it. */
  numAt(id: number, fallback: number): number {
    const v = this.nums[id] as number;
    return v === v ? v : fallback;
  }

  portRange(): readonly [number, number] {
    return this.get("net.ipv4.ip_local_port_range") as readonly [number, number];
  }

  /** `sysctl -a` style listing. */
  entries(): [string, SysctlValue][] {
    return [...this.values.entries()];
  }
}
