import { SysctlTable } from "../../src/sim/index.ts";
import { fig, type Experiment, type FigureValue } from "./types.ts";

export const KNOBS = [
  "net.ipv4.tcp_syncookies",
  "net.ipv4.tcp_tw_reuse",
  "net.ipv4.tcp_tw_reuse_delay",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_max_syn_backlog",
  "net.ipv4.tcp_max_tw_buckets",
  "net.ipv4.tcp_syn_retries",
  "net.ipv4.tcp_syn_linear_timeouts",
  "net.ipv4.tcp_synack_retries",
  "net.ipv4.tcp_timestamps",
  "net.ipv4.tcp_invalid_ratelimit",
  "net.ipv4.tcp_rfc1337",
  "net.core.somaxconn",
  "net.ipv4.tcp_tw_recycle",
  "net.ipv4.tcp_sack",
  "net.ipv4.tcp_rto_max_ms",
  "net.ipv4.tcp_abort_on_overflow",
] as const;

export const knobDefaults: Experiment = {
  id: "knob-defaults",
  claim:
    "A fresh network namespace starts from the kernel's compiled-in defaults: syncookies 1, tw_reuse 2, fin_timeout 60 s, ports 32768–60999, somaxconn 4096, and no tcp_tw_recycle.",
  claimZh:
    "新建的网络命名空间从内核编译时的默认值开始：syncookies 为 1，tw_reuse 为 2，fin_timeout 为 60 秒，端口 32768–60999，somaxconn 为 4096，并且没有 tcp_tw_recycle。",
  note: "tcp_max_syn_backlog and tcp_max_tw_buckets are derived from the size of the connection hash table, which depends on the machine's memory; the figures are those of the machine that ran the check.",
  noteZh:
    "tcp_max_syn_backlog 和 tcp_max_tw_buckets 由连接哈希表的大小推算而来，而哈希表大小取决于机器内存；这里的数字是运行检查的那台机器上的值。",
  figures: KNOBS.map((k) => fig(k, "value", 0, k, k)),
  sim() {
    const t = new SysctlTable("linux");
    const out: Record<string, FigureValue> = {};
    for (const k of KNOBS) {
      if (!t.has(k)) {
        out[k] = "absent";
        continue;
      }
      const v = t.get(k);
      out[k] = typeof v === "number" ? String(v) : `${v[0]} ${v[1]}`;
    }
    return out;
  },
};
