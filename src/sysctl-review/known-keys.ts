/**
 * Which sysctl names exist under net.ipv4., net.ipv6. and net.core. on
 * current Linux: the list lab/sysctl-syntax/keys.py read from `sysctl -a`
 * in a fresh network namespace and in the initial one (mainline-keys.json,
 * with the kernel version). A name under those prefixes that is not in the
 * list makes `sysctl -p` print "cannot stat" and exit 1.
 */
import keys from "./mainline-keys.json" with { type: "json" };

export const KEYS_KERNEL: string = keys.kernel;
/** The subtrees the list covers completely. */
export const CHECKED_PREFIXES: readonly string[] = ["net.ipv4.", "net.ipv6.", "net.core."];

const PER_NS = new Set<string>(keys.perNamespace);
const GLOBAL = new Set<string>(keys.initNamespaceOnly);
export const ALL_KEYS: readonly string[] = [...keys.perNamespace, ...keys.initNamespaceOnly];

/** "net.ipv4.conf.eth0.rp_filter" → "net.ipv4.conf.*.rp_filter", as the list stores interface keys. */
function listForm(name: string): string {
  return name.replace(/^(net\.ipv[46]\.(?:conf|neigh))\.[^.]+\./, "$1.*.");
}

export type KeyStatus = "per-namespace" | "global" | "missing" | "outside";

export function keyStatus(name: string): KeyStatus {
  const n = listForm(name);
  if (PER_NS.has(n)) return "per-namespace";
  if (GLOBAL.has(n)) return "global";
  return CHECKED_PREFIXES.some((p) => name.startsWith(p)) ? "missing" : "outside";
}
