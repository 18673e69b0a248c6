/**
 * Facts about sysctl knobs that the core's knob table (src/sim/sysctl.ts)
 * does not carry: which page explains each knob, kernel versions where a
 * knob appeared or left, and the memory-scaled defaults. Everything here
 * is measured by a lab/ experiment or read from the kernel source; prose
 * lives in the pages.
 */
import { KNOBS, fullKnobName, knobDef, type KnobDef, type SysctlValue } from "../sim/index.ts";

/** Page of the sysctl reference that explains a knob (site-relative URL). */
const PAGE_OF: Readonly<Record<string, string>> = {
  "net.ipv4.tcp_syncookies": "/sysctl/tcp_syncookies/",
  "net.ipv4.tcp_tw_reuse": "/sysctl/tcp_tw_reuse/",
  "net.ipv4.tcp_tw_reuse_delay": "/sysctl/tcp_tw_reuse/",
  "net.ipv4.tcp_timestamps": "/sysctl/tcp_tw_reuse/",
  "net.ipv4.tcp_tw_recycle": "/sysctl/tcp_tw_recycle/",
  "net.ipv4.tcp_fin_timeout": "/sysctl/tcp_fin_timeout/",
  "net.ipv4.tcp_keepalive_time": "/sysctl/tcp_keepalive_time/",
  "net.ipv4.tcp_keepalive_intvl": "/sysctl/tcp_keepalive_time/",
  "net.ipv4.tcp_keepalive_probes": "/sysctl/tcp_keepalive_time/",
  "net.ipv4.ip_local_port_range": "/sysctl/ip_local_port_range/",
  "net.ipv4.ip_local_reserved_ports": "/sysctl/ip_local_port_range/",
  "net.ipv4.tcp_max_syn_backlog": "/sysctl/tcp_max_syn_backlog/",
  "net.core.somaxconn": "/sysctl/tcp_max_syn_backlog/",
  "net.ipv4.tcp_max_tw_buckets": "/sysctl/tcp_max_tw_buckets/",
  "net.ipv4.tcp_max_orphans": "/sysctl/applying-settings/",
  "net.ipv4.tcp_mem": "/sysctl/applying-settings/",
};

export function knobPage(name: string): string | undefined {
  return PAGE_OF[fullKnobName(name)];
}

/** Knobs that no longer exist on current kernels, with the release that removed them (kernel release notes; lab: sysctl-p-blog). */
export const REMOVED_KNOBS: Readonly<Record<string, { readonly removedIn: string; readonly commit: string }>> = {
  "net.ipv4.tcp_tw_recycle": { removedIn: "4.12", commit: "4396e46187ca" },
};

/** Knobs that only exist from a given release on; older kernels answer "cannot stat" (lab: knob-defaults). */
export const ADDED_IN: Readonly<Record<string, string>> = {
  "net.ipv4.tcp_tw_reuse_delay": "6.14",
  "net.ipv4.tcp_syn_linear_timeouts": "6.5",
  "net.ipv4.tcp_rto_max_ms": "6.15",
};

/** The kernel-check experiment (published at /evidence/<id>/) that measures each knob on a real kernel. */
const EXPERIMENT_OF: Readonly<Record<string, string>> = {
  "net.ipv4.tcp_syncookies": "syn-queue-cookies",
  "net.ipv4.tcp_max_syn_backlog": "syn-queue-cookies",
  "net.core.somaxconn": "accept-queue",
  "net.ipv4.tcp_tw_reuse": "tw-reuse-modes",
  "net.ipv4.tcp_timestamps": "tw-reuse-modes",
  "net.ipv4.tcp_tw_reuse_delay": "tw-reuse-delay",
  "net.ipv4.tcp_tw_recycle": "sysctl-p-blog",
  "net.ipv4.tcp_fin_timeout": "fin-wait2-orphan",
  "net.ipv4.tcp_keepalive_time": "keepalive",
  "net.ipv4.tcp_keepalive_intvl": "keepalive",
  "net.ipv4.tcp_keepalive_probes": "keepalive",
  "net.ipv4.ip_local_port_range": "port-capacity",
  "net.ipv4.tcp_max_tw_buckets": "tw-buckets-overflow",
  "net.ipv4.tcp_syn_retries": "syn-retries",
  "net.ipv4.tcp_synack_retries": "synack-retries",
};

/** Experiment page for a knob; a refused value or a missing name falls back to the experiments that show those errors. */
export function knobExperiment(name: string, error?: "ENOENT" | "EINVAL"): string | undefined {
  if (error === "EINVAL") return "/evidence/knob-ranges/";
  const id = EXPERIMENT_OF[name] ?? (error === "ENOENT" ? "sysctl-p-blog" : undefined);
  return id === undefined ? undefined : `/evidence/${id}/`;
}

/** The kernel's own documentation of a knob: ip-sysctl.rst for net.ipv4/ipv6, sysctl/net.rst for net.core. */
export function kernelDoc(name: string): string | undefined {
  if (name.startsWith("net.ipv4.") || name.startsWith("net.ipv6."))
    return "https://elixir.bootlin.com/linux/v6.18/source/Documentation/networking/ip-sysctl.rst";
  if (name.startsWith("net.core."))
    return "https://elixir.bootlin.com/linux/v6.18/source/Documentation/admin-guide/sysctl/net.rst";
  return undefined;
}

/** Ports that local services commonly listen on and that a wide ephemeral range would hand out (the article's wide range reaches them). */
export const SERVICE_PORTS: readonly number[] = [3306, 6379, 8080];

/** Default of a knob on current Linux, as sysctl prints it ("32768\t60999" is shown as "32768 60999"). */
export function defaultText(name: string, profile: "linux" | "linux-pre-4.12" | "rfc9293" = "linux"): string {
  const def = knobDef(name);
  const v = def?.defaults[profile];
  return v === undefined ? "" : valueText(v);
}

export function valueText(v: SysctlValue): string {
  return typeof v === "number" ? String(v) : `${v[0]} ${v[1]}`;
}

export function knob(name: string): KnobDef {
  const def = knobDef(name);
  if (def === undefined) throw new Error(`knob-facts: the core has no knob "${name}"`);
  return def;
}

export { KNOBS };

// --- Defaults that scale with memory (tcp_init(), inet_hashinfo2_init_mod(); lab: knob-defaults) ---

const KIB = 1024;
const GIB = 1024 * 1024 * 1024;
/** alloc_large_system_hash() caps the established hash at 512 Ki entries unless thash_entries= is set. */
const EHASH_MAX = 524_288;

function roundupPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * tcp_ehash_entries: roundup_pow_of_two(low memory / 128 KiB), at most 524288
 * (K:tcp.c:5129-5138, K:mm/mm_init.c:2385-2424). 23 GiB gives 262144, as on the test machine.
 */
export function ehashEntries(ramBytes: number): number {
  return Math.min(EHASH_MAX, roundupPowerOfTwo(Math.floor(ramBytes / (128 * KIB))));
}

/** tcp_max_syn_backlog default: max(128, ehash/128) (K:tcp_ipv4.c:3575, since 5.4). */
export function maxSynBacklogDefault(ehash: number): number {
  return Math.max(128, Math.floor(ehash / 128));
}

/** tcp_max_tw_buckets default: ehash/2 (K:tcp_ipv4.c:3574). */
export function maxTwBucketsDefault(ehash: number): number {
  return Math.floor(ehash / 2);
}

export interface MemoryDefaultsRow {
  readonly ramGiB: number;
  readonly ehash: number;
  readonly maxSynBacklog: number;
  readonly maxTwBuckets: number;
}

/** The table the backlog and TIME_WAIT pages show: RAM → ehash → both defaults. */
export function memoryDefaults(ramGiB: readonly number[] = [4, 16, 23, 64]): MemoryDefaultsRow[] {
  return ramGiB.map((g) => {
    const ehash = ehashEntries(g * GIB);
    return { ramGiB: g, ehash, maxSynBacklog: maxSynBacklogDefault(ehash), maxTwBuckets: maxTwBucketsDefault(ehash) };
  });
}

// --- Small helpers the pages quote (lab: port-capacity) ---

/** Seconds until a dead peer is noticed: time + probes × intvl (K:tcp_timer.c:791-831). */
export function keepaliveDetectionSeconds(time: number, intvl: number, probes: number): number {
  return time + probes * intvl;
}

/** Ports an ip_local_port_range hands out (inclusive). */
export function portsInRange(low: number, high: number): number {
  return high - low + 1;
}

/** Without reuse, new connections per second toward one destination: ports ÷ 60 s of TIME_WAIT. */
export function portCeilingPerSecond(low: number, high: number, timeWaitSeconds = 60): number {
  return portsInRange(low, high) / timeWaitSeconds;
}

/** Same parity at both ends: the kernel logs "prefer different parity" (K:sysctl_net_ipv4.c:62). */
export function sameParity(low: number, high: number): boolean {
  return low % 2 === high % 2;
}

/** How many ports the default ip_local_port_range of a profile hands out. */
export function defaultPortCount(profile: "linux" | "linux-pre-4.12" | "rfc9293" = "linux"): number {
  const v = knob("net.ipv4.ip_local_port_range").defaults[profile];
  return typeof v === "object" ? portsInRange(v[0], v[1]) : 0;
}
