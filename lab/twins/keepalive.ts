import { fig, type Experiment } from "./types.ts";
import { MS, SEC, isError, mustListen, sent, world, silencePeer } from "./world.ts";

export const keepalive: Experiment = {
  id: "keepalive",
  claim:
    "With TCP_KEEPIDLE = 2, TCP_KEEPINTVL = 1 and TCP_KEEPCNT = 3, a peer that answers is probed every 2 s (each answer restarts the idle time), while a peer that went silent is probed at 2, 3 and 4 s; at 5 s the kernel sends a RST and the socket fails with ETIMEDOUT.",
  claimZh:
    "TCP_KEEPIDLE = 2、TCP_KEEPINTVL = 1、TCP_KEEPCNT = 3 时，有应答的对端每 2 秒被探测一次（每次应答都让空闲计时重新开始）；已沉默的对端在 2、3、4 秒被探测，第 5 秒内核发送 RST，套接字以 ETIMEDOUT 失败。",
  note: "On the kernel side the silent peer is a second network namespace behind a veth pair whose address is removed 0.5 s in. Each 1–2 s keepalive timer can fire up to 32 ms late (timer-wheel granularity at HZ = 250) plus softirq delay on a loaded machine, and the delays add up over four timers: the tolerance is 0.25 s.",
  noteZh:
    "内核一侧的沉默对端是 veth 对另一端的第二个网络命名空间，0.5 秒时删除了它的地址。每个 1–2 秒的保活定时器最多可能晚 32 毫秒（HZ = 250 时的定时器轮粒度），繁忙机器上还有软中断延迟，四个定时器的延迟会累加：容差为 0.25 秒。",
  figures: [
    fig("deadProbesAtS", "s", 0.25, "silent peer: probes at", "沉默对端：探测时刻"),
    fig("deadRstAtS", "s", 0.25, "silent peer: RST at", "沉默对端：RST 时刻"),
    fig("deadErrno", "errno", 0, "silent peer: socket error", "沉默对端：套接字错误"),
    fig("aliveProbesAtS", "s", 0.25, "answering peer: probes at", "有应答的对端：探测时刻"),
  ],
  sim() {
    const w = world();
    const alive = w.sim.addHost("alive", "127.0.0.3", { mss: 65495 });
    w.sim.link(w.client, alive, { delay: 10 });
    mustListen(w.server, 5000);
    mustListen(alive, 5001);
    const opts = { keepAlive: true, keepIdle: 2, keepIntvl: 1, keepCnt: 3 } as const;
    const a = w.client.connect({ ip: "127.0.0.3", port: 5001 }, opts);
    const d = w.client.connect({ ip: "127.0.0.2", port: 5000 }, opts);
    if (isError(a) || isError(d)) throw new Error("connect failed");
    w.sim.runFor(MS);
    const start = w.sim.now;
    w.sim.at(start + 500 * MS, () => silencePeer(w));
    w.sim.runFor(6600 * MS);
    const segs = sent(w.sim.trace).filter((s) => s.t > start && s.host === "client");
    const at = (t: number) => Math.round((t - start) / 100_000) / 10;
    const dead = segs.filter((s) => s.seg.dst.port === 5000);
    return {
      deadProbesAtS: dead.filter((s) => s.flags === ".").map((s) => at(s.t)),
      deadRstAtS:
        dead.find((s) => s.seg.ctl.rst) !== undefined ? at((dead.find((s) => s.seg.ctl.rst) as { t: number }).t) : null,
      deadErrno: d.error ?? "no error",
      aliveProbesAtS: segs
        .filter((s) => s.seg.dst.port === 5001 && s.flags === "." && s.t > start + SEC)
        .map((s) => at(s.t)),
    };
  },
};
