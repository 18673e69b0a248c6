import { fig, type Experiment } from "./types.ts";
import { MS, isError, mustListen, sent, world } from "./world.ts";

export const tailLossProbe: Experiment = {
  id: "tail-loss-probe",
  claim:
    "An orphaned FIN_WAIT1 whose FIN is never acknowledged: with SACK the FIN is sent again once about one RTO (204 ms) after it went out — a tail loss probe — and the retransmission timer then restarts from the probe and doubles; with tcp_sack = 0 there is no probe, so the FIN goes out one time fewer.",
  claimZh:
    "孤儿 FIN_WAIT1 的 FIN 始终得不到确认：启用 SACK 时，FIN 在发出约一个 RTO（204 毫秒）后会再发一次，这就是尾部丢失探测（tail loss probe），之后重传定时器从探测时刻重新开始并逐次翻倍；tcp_sack = 0 时没有探测，FIN 少发一次。",
  note: "The kernel keeps the RTO in jiffies (HZ = 250 here): srtt + 200 ms on a veth becomes 204 ms. Its timers also fire late by up to one slot of the timer wheel, which is 4 ms below 256 ms and 32 ms up to 2 s, and the delays add up along the doubling series: the tolerance is 0.08 s.",
  noteZh:
    "内核以 jiffy 为单位保存 RTO（这里 HZ = 250）：veth 上的 srtt + 200 毫秒变成 204 毫秒。它的定时器还会晚触发，最多晚一个时间轮槽位：256 毫秒以下为 4 毫秒，2 秒以内为 32 毫秒；这些延迟沿着翻倍序列累加，因此容差为 0.08 秒。",
  figures: [
    fig("sackFinAtS", "s", 0.08, "with SACK: FIN sent at", "启用 SACK：FIN 发送时刻"),
    fig("noSackFinAtS", "s", 0.08, "tcp_sack = 0: FIN sent at", "tcp_sack = 0：FIN 发送时刻"),
    fig("TcpExtTCPLossProbes", "count", 0, "TcpExtTCPLossProbes", "TcpExtTCPLossProbes"),
    fig("TcpExtTCPTimeouts", "count", 0, "TcpExtTCPTimeouts", "TcpExtTCPTimeouts"),
    fig("TcpRetransSegs", "count", 0, "TcpRetransSegs", "TcpRetransSegs"),
  ],
  sim() {
    const w = world();
    mustListen(w.server, 5000);
    mustListen(w.server, 5001);
    const sack = w.client.connect({ ip: "127.0.0.2", port: 5000 });
    w.client.setSysctl("net.ipv4.tcp_sack", 0);
    const nosack = w.client.connect({ ip: "127.0.0.2", port: 5001 });
    if (isError(sack) || isError(nosack)) throw new Error("connect failed");
    w.sim.runFor(200 * MS);
    w.sim.addFault({ to: "server", count: Infinity, action: "drop", label: "the peer goes silent" });
    sack.close();
    nosack.close();
    w.sim.runFor(2500 * MS);
    const fins = (port: number): number[] => {
      const t = sent(w.sim.trace)
        .filter((s) => s.host === "client" && s.seg.dst.port === port && s.seg.ctl.fin)
        .map((s) => s.t);
      return t.map((x) => Math.round((x - (t[0] as number)) / 10_000) / 100);
    };
    const c = w.client.counters;
    return {
      sackFinAtS: fins(5000),
      noSackFinAtS: fins(5001),
      TcpExtTCPLossProbes: c.TcpExtTCPLossProbes,
      TcpExtTCPTimeouts: c.TcpExtTCPTimeouts,
      TcpRetransSegs: c.TcpRetransSegs,
    };
  },
};
