import { runScenario } from "../../src/sim/index.ts";
import { fig, type Experiment, type FigureValue } from "./types.ts";
import { sent } from "./world.ts";

function belowRcvNxt(trace: Parameters<typeof sent>[0], at: number): boolean | null {
  const segs = sent(trace);
  const fin = segs.find((s) => s.host === "client" && s.seg.ctl.fin && s.t < at);
  const syn = segs.find((s) => s.host === "client" && s.flags === "S" && s.t >= at);
  if (fin === undefined || syn === undefined) return null;
  return (syn.seg.seq - (fin.seg.seq + 1)) >>> 0 >= 2 ** 31;
}

/** The reconnect as the twin scenario plays it: what the server answered and what followed. */
function reconnect(timestamps: boolean, oldSeq: boolean): Record<string, FigureValue> {
  const r = runScenario("syn-to-timewait", { seed: 1, params: { timestamps, oldSeq, reconnectAfterMs: 300 } });
  const at = 500_000; // 200 ms of first connection + reconnectAfterMs
  const segs = sent(r.trace).filter((s) => s.t >= at);
  const reply = segs.find((s) => s.host === "server");
  const syns = segs.filter((s) => s.host === "client" && s.flags === "S");
  const then = segs.find((s) => s.host === "client" && reply !== undefined && s.t >= reply.t && s !== syns[0]);
  const s0 = syns[0];
  const s1 = syns[1];
  return {
    reply: reply?.flags ?? null,
    clientThen: then?.flags ?? null,
    synsSent: syns.length,
    resendAfterMs: s0 !== undefined && s1 !== undefined ? Math.round((s1.t - s0.t) / 100) / 10 : null,
    isnOffset: r.summary["isnIsOldSndNxtPlus65537"] === true ? 65537 : null,
    connectMs: r.summary["reconnectMs"] ?? null,
    // The reconnect's SYN against the first connection's final rcv_nxt at the server.
    belowRcvNxt: oldSeq ? belowRcvNxt(r.trace, at) : null,
  };
}

export const synToTimewait: Experiment = {
  id: "syn-to-timewait",
  claim:
    "A SYN that meets the server's TIME_WAIT is accepted at once when timestamps show it is new (the SYN-ACK's ISN is the old snd_nxt + 65537); without timestamps and with a sequence number below the old rcv_nxt, the TIME_WAIT socket answers with its plain ACK, not a RST and not a challenge ACK; the client resets it and resends its SYN about 2 jiffies later, and that SYN is accepted.",
  claimZh:
    "SYN 碰到服务器的 TIME_WAIT 时，若时间戳表明它是新的，会被立即接受（SYN-ACK 的 ISN 为旧 snd_nxt + 65537）；若没有时间戳且序号低于旧的 rcv_nxt，TIME_WAIT 套接字回一个普通 ACK，而不是 RST，也不是挑战 ACK；客户端随即发 RST 清掉它，约 2 个 jiffy 后重发 SYN，这次被接受。",
  note: "The kernel side makes its sequence number old by sending 64 MB first, so the 64 ns ISN clock cannot catch up; the twin reuses the first connection's ISN. A jiffy is 4 ms at HZ = 250, so the resend is due 8 ms later; on a loaded machine it came up to 16 ms later, hence a tolerance of 20 ms, which still tells it apart from the 1 s of kernels before 5.6.",
  noteZh:
    "内核一侧先发送 64 MB 数据，让新序号落在旧 rcv_nxt 之后（64 纳秒的 ISN 时钟追不上）；模拟器一侧直接复用第一个连接的 ISN。HZ = 250 时一个 jiffy 为 4 毫秒，所以重发应在 8 毫秒后；在繁忙机器上实测最晚 16 毫秒，因此容差为 20 毫秒，仍能与 5.6 之前内核的 1 秒明确区分。",
  figures: [
    fig("tsReply", "flags", 0, "with timestamps: the server's answer", "有时间戳：服务器的回应"),
    fig("tsIsnOffset", "count", 0, "with timestamps: new ISN − old snd_nxt", "有时间戳：新 ISN − 旧 snd_nxt"),
    fig("tsSynsSent", "count", 0, "with timestamps: SYNs sent", "有时间戳：发送的 SYN 数"),
    fig(
      "oldSeqBelowRcvNxt",
      "state",
      0,
      "old sequence: the SYN is below the TIME_WAIT's rcv_nxt (setup check)",
      "旧序号：SYN 低于 TIME_WAIT 的 rcv_nxt（前提检查）",
    ),
    fig("oldSeqReply", "flags", 0, "old sequence, no timestamps: the answer", "旧序号、无时间戳：服务器的回应"),
    fig("oldSeqClientThen", "flags", 0, "old sequence: what the client sent next", "旧序号：客户端接着发送"),
    fig("oldSeqSynsSent", "count", 0, "old sequence: SYNs sent", "旧序号：发送的 SYN 数"),
    fig("oldSeqResendAfterMs", "ms", 20, "old sequence: SYN resent after", "旧序号：SYN 重发间隔"),
  ],
  sim() {
    const a = reconnect(true, false);
    const b = reconnect(false, true);
    return {
      tsReply: a["reply"] ?? null,
      tsIsnOffset: a["isnOffset"] ?? null,
      tsSynsSent: a["synsSent"] ?? null,
      oldSeqBelowRcvNxt: b["belowRcvNxt"] ?? null,
      oldSeqReply: b["reply"] ?? null,
      oldSeqClientThen: b["clientThen"] ?? null,
      oldSeqSynsSent: b["synsSent"] ?? null,
      oldSeqResendAfterMs: b["resendAfterMs"] ?? null,
    };
  },
};
