import { fig, type Experiment } from "./types.ts";
import { SEC, isError, secs, sent, world } from "./world.ts";

export const synRetries: Experiment = {
  id: "syn-retries",
  claim:
    "With tcp_syn_retries = 3 and tcp_syn_linear_timeouts = 4, an unanswered SYN is resent after five 1 s gaps, then after 2 s and 4 s, and connect() fails with ETIMEDOUT about 19.5 s after the first SYN (3 + 4 retransmissions).",
  claimZh:
    "tcp_syn_retries = 3、tcp_syn_linear_timeouts = 4 时，得不到应答的 SYN 先以五个 1 秒的间隔重传，然后间隔 2 秒、4 秒，connect() 在第一个 SYN 之后约 19.5 秒以 ETIMEDOUT 失败（3 + 4 次重传）。",
  note: "The kernel's timers are never early but can be late by the granularity of the timer wheel level they land in: 4 ms below 252 ms, 32 ms below 2 s, 256 ms up to 16 s (HZ = 250). Late steps add up, hence the tolerances: 0.3 s per gap, 0.7 s per send time, 1 s for the failure.",
  noteZh:
    "内核定时器从不提前，但可能晚于预定时间，晚多少取决于它落在定时器轮的哪一级：252 毫秒以内 4 毫秒，2 秒以内 32 毫秒，16 秒以内 256 毫秒（HZ = 250）。每一步的延迟会累加，所以容差是：每个间隔 0.3 秒，每个发送时刻 0.7 秒，失败时刻 1 秒。",
  figures: [
    fig("synSentAtS", "s", 0.7, "SYNs sent at", "SYN 发送时刻"),
    fig("gapsS", "s", 0.3, "gaps between SYNs", "SYN 之间的间隔"),
    fig("errno", "errno", 0, "connect() error", "connect() 的错误"),
    fig("failedAfterS", "s", 1, "connect() failed after", "connect() 失败于"),
  ],
  sim() {
    const w = world({ "net.ipv4.tcp_syn_retries": 3 });
    w.sim.addFault({ from: "client", match: (s) => s.ctl.syn, count: Infinity, action: "drop", label: "silent peer" });
    const c = w.client.connect({ ip: "127.0.0.2", port: 5000 });
    if (isError(c)) throw new Error(c.errno);
    w.sim.runFor(60 * SEC);
    const syns = sent(w.sim.trace)
      .filter((s) => s.host === "client" && s.flags === "S")
      .map((s) => s.t);
    const t0 = syns[0] ?? 0;
    const closed = w.sim.trace.find((e) => e.kind === "state" && e.sock.host === "client" && e.to === "CLOSED");
    return {
      synSentAtS: syns.map((t) => secs(t - t0)),
      gapsS: syns.slice(1).map((t, i) => secs(t - (syns[i] as number))),
      errno: c.error ?? "connected",
      failedAfterS: closed !== undefined ? secs(closed.t - t0) : null,
    };
  },
};
