import { SysctlTable } from "../../src/sim/index.ts";
import { fig, type Experiment, type FigureValue } from "./types.ts";

const WRITES: readonly (readonly [string, string])[] = [
  ["net.ipv4.tcp_syncookies", "3"],
  ["net.ipv4.tcp_syncookies", "200"],
  ["net.ipv4.tcp_max_syn_backlog", "0"],
  ["net.ipv4.tcp_fin_timeout", "0"],
  ["net.ipv4.tcp_fin_timeout", "-1"],
  ["net.ipv4.tcp_tw_reuse", "3"],
  ["net.ipv4.tcp_timestamps", "3"],
  ["net.ipv4.tcp_syn_retries", "0"],
  ["net.ipv4.tcp_syn_retries", "128"],
  ["net.ipv4.ip_local_port_range", "1000 65000"],
  ["net.ipv4.ip_local_port_range", "1024 65000"],
  ["net.ipv4.ip_local_port_range", "40000 30000"],
  ["net.ipv4.tcp_rto_max_ms", "999"],
  ["net.ipv4.tcp_rto_max_ms", "1000"],
  ["net.ipv4.tcp_rto_max_ms", "120001"],
  ["net.ipv4.tcp_sack", "2"],
];

export const knobRanges: Experiment = {
  id: "knob-ranges",
  claim:
    "The kernel accepts tcp_syncookies 3 and 200, tcp_max_syn_backlog 0 and tcp_fin_timeout 0 or −1, but refuses tcp_tw_reuse 3, tcp_syn_retries 0 or 128, and a port range that starts below 1024 or ends below its start (EINVAL); tcp_rto_max_ms takes 1000 to 120000 only, and tcp_sack, a byte, takes 2.",
  claimZh:
    "内核接受 tcp_syncookies 取 3 和 200、tcp_max_syn_backlog 取 0、tcp_fin_timeout 取 0 或 −1，但拒绝 tcp_tw_reuse 取 3、tcp_syn_retries 取 0 或 128，以及起点低于 1024 或终点小于起点的端口范围（EINVAL）；tcp_rto_max_ms 只接受 1000 到 120000，而 tcp_sack 作为一个字节可以取 2。",
  note: "Accepted is not meaningful: tcp_syncookies above 2 acts like 1, and a tcp_fin_timeout of 0 or less falls back to the floor of 3.5 × RTO.",
  noteZh:
    "被接受不代表有意义：tcp_syncookies 大于 2 时等同于 1，tcp_fin_timeout 小于等于 0 时退回到 3.5 × RTO 的下限。",
  figures: WRITES.map(([k, v]) => fig(`${k}=${v}`, "outcome", 0, `write ${k} = ${v}`, `写入 ${k} = ${v}`)),
  sim() {
    const out: Record<string, FigureValue> = {};
    for (const [k, v] of WRITES) {
      const r = new SysctlTable("linux").set(k, v);
      out[`${k}=${v}`] = r.ok ? "accepted" : r.errno;
    }
    return out;
  },
};
