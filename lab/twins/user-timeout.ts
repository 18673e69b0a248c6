import type { TraceEvent } from "../../src/sim/index.ts";
import { fig, type Experiment } from "./types.ts";
import { MS, SEC, mustListen, sent, world, connectTo, silencePeer } from "./world.ts";

export const userTimeout: Experiment = {
  id: "user-timeout",
  claim:
    "With TCP_USER_TIMEOUT = 3000 ms and a peer gone silent, unacknowledged data gets a loss probe and RTOs, the last RTO cut short, and the socket fails with ETIMEDOUT 3 s after the first retransmission, without a RST; with keepalive (idle 2 s, interval 1 s, 9 probes) one probe goes out and at 3 s of silence the kernel sends a RST and fails with ETIMEDOUT, long before the ninth probe.",
  claimZh:
    "设置 TCP_USER_TIMEOUT = 3000 毫秒且对端已沉默时，未被确认的数据先有一次丢失探测，再按 RTO 重传，最后一个 RTO 被截短；套接字在第一次重传 3 秒后以 ETIMEDOUT 失败，不发送 RST。启用保活（空闲 2 秒、间隔 1 秒、9 个探测）时，只发出一个探测，沉默满 3 秒时内核发送 RST 并以 ETIMEDOUT 失败，远早于第九个探测。",
  note: "The RTO is kept in jiffies (204 ms at HZ = 250 on a veth) and each timer fires up to one timer-wheel slot late (4 ms below 256 ms, 32 ms up to 2 s); the delays add up along the doubling series, so the retransmission times get a tolerance of 0.1 s. The failure time does not drift: TCP_USER_TIMEOUT counts from the first retransmission and the last timer is cut to end there.",
  noteZh:
    "RTO 以 jiffy 为单位保存（HZ = 250 时 veth 上为 204 毫秒），每个定时器最多晚一个时间轮槽位触发（256 毫秒以下为 4 毫秒，2 秒以内为 32 毫秒）；这些延迟沿翻倍序列累加，因此重传时刻的容差为 0.1 秒。失败时刻不会漂移：TCP_USER_TIMEOUT 从第一次重传开始计时，最后一个定时器被截短到恰好在那时结束。",
  figures: [
    fig("dataSentAtS", "s", 0.1, "data: sent at", "数据：发送时刻"),
    fig("dataErrno", "errno", 0, "data: socket error", "数据：套接字错误"),
    fig("dataErrorAtS", "s", 0.1, "data: error after", "数据：出错时刻"),
    fig("dataRst", "value", 0, "data: a RST was sent", "数据：是否发送了 RST"),
    fig("keepaliveProbesAtS", "s", 0.25, "keepalive: probes at", "保活：探测时刻"),
    fig("keepaliveRstAtS", "s", 0.25, "keepalive: RST at", "保活：RST 时刻"),
    fig("keepaliveErrno", "errno", 0, "keepalive: socket error", "保活：套接字错误"),
    fig("TcpExtTCPAbortOnTimeout", "count", 0, "TcpExtTCPAbortOnTimeout", "TcpExtTCPAbortOnTimeout"),
  ],
  sim() {
    const w = world();
    mustListen(w.server, 5000);
    mustListen(w.server, 5001);
    const data = connectTo(w, 5000, { userTimeout: 3000 });
    const ka = connectTo(w, 5001, { keepAlive: true, keepIdle: 2, keepIntvl: 1, keepCnt: 9, userTimeout: 3000 });
    w.sim.runFor(200 * MS);
    silencePeer(w);
    const t0 = w.sim.now;
    data.send(100);
    w.sim.runFor(10 * SEC);
    const segs = sent(w.sim.trace).filter((s) => s.host === "client");
    const toData = segs.filter((s) => s.seg.dst.port === 5000);
    const withData = toData.filter((s) => s.seg.len > 0);
    const first = (withData[0] as { t: number }).t;
    const closedAt = w.sim.trace.find(
      (e): e is Extract<TraceEvent, { kind: "state" }> =>
        e.kind === "state" && e.to === "CLOSED" && e.sock.host === "client" && e.sock.remote?.port === 5000,
    )?.t;
    const toKa = segs.filter((s) => s.seg.dst.port === 5001);
    const kaStart = (toKa.find((s) => s.flags === ".") as { t: number }).t;
    const kaRst = toKa.find((s) => s.seg.ctl.rst);
    const r2 = (us: number) => Math.round(us / 10_000) / 100;
    const r1 = (us: number) => Math.round(us / 100_000) / 10;
    return {
      dataSentAtS: withData.map((s) => r2(s.t - first)),
      dataErrno: data.error ?? "no error",
      dataErrorAtS: closedAt === undefined ? null : r2(closedAt - t0),
      dataRst: toData.some((s) => s.seg.ctl.rst),
      keepaliveProbesAtS: toKa.filter((s) => s.flags === "." && s.t > kaStart).map((s) => r1(s.t - kaStart)),
      keepaliveRstAtS: kaRst === undefined ? null : r1(kaRst.t - kaStart),
      keepaliveErrno: ka.error ?? "no error",
      TcpExtTCPAbortOnTimeout: w.client.counters.TcpExtTCPAbortOnTimeout,
    };
  },
};
