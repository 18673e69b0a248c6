import { SocketApi } from "../../src/sim/index.ts";
import { fig, type Experiment } from "./types.ts";
import { MS, mustListen, sent, world, connectTo, silencePeer } from "./world.ts";

export const rtoMax: Experiment = {
  id: "rto-max",
  claim:
    "tcp_rto_max_ms (Linux 6.15+) caps the retransmission timeout and is copied by each new socket; TCP_RTO_MAX_MS sets it per socket. Under a 1 s cap an orphaned FIN_WAIT1 retransmits at 0.2, 0.4, 0.8 s and, once its RTO has reached the cap, is dropped at the next timeout instead of retransmitting again; data retransmissions come 1 s apart.",
  claimZh:
    "tcp_rto_max_ms（Linux 6.15 起）为重传超时设上限，每个新套接字创建时复制它；TCP_RTO_MAX_MS 可按套接字设置。上限为 1 秒时，孤儿 FIN_WAIT1 在 0.2、0.4、0.8 秒重传，RTO 一旦到达上限，下一次超时就直接丢弃连接，不再重传；数据重传间隔为 1 秒。",
  note: "An orphan whose RTO has reached the cap counts as no longer alive, so tcp_orphan_retries falls from 8 to 0 (tcp_orphan_retries()). The RTO is kept in jiffies (204 ms at HZ = 250) and timers fire up to a timer-wheel slot late (32 ms for 0.25–2 s), hence 0.08 s and 0.05 s tolerances.",
  noteZh:
    "RTO 到达上限的孤儿连接被视为不再存活，tcp_orphan_retries 因此从 8 降为 0（见 tcp_orphan_retries()）。RTO 以 jiffy 为单位保存（HZ = 250 时为 204 毫秒），定时器最多晚一个时间轮槽位触发（0.25–2 秒之间为 32 毫秒），因此容差为 0.08 秒和 0.05 秒。",
  figures: [
    fig(
      "socketCopiesSysctlMs",
      "ms",
      0,
      "TCP_RTO_MAX_MS of a socket made under 1000",
      "在 1000 下创建的套接字的 TCP_RTO_MAX_MS",
    ),
    fig("orphanFinAtS", "s", 0.08, "orphan, 1 s cap: FIN sent at", "孤儿连接、上限 1 秒：FIN 发送时刻"),
    fig("orphanDropped", "value", 0, "orphan dropped within 4.5 s", "孤儿连接在 4.5 秒内被丢弃"),
    fig("TcpExtTCPAbortOnTimeout", "count", 0, "TcpExtTCPAbortOnTimeout", "TcpExtTCPAbortOnTimeout"),
    fig(
      "dataGapsS",
      "s",
      0.05,
      "TCP_RTO_MAX_MS = 1000: gaps between data sends",
      "TCP_RTO_MAX_MS = 1000：数据发送间隔",
    ),
  ],
  sim() {
    const w = world();
    mustListen(w.server, 5000);
    mustListen(w.server, 5001);
    w.set("net.ipv4.tcp_rto_max_ms", 1000);
    const orphan = connectTo(w, 5000);
    const api = new SocketApi(w.client);
    const fd = api.socket().ret;
    const inherited = api.getsockopt(fd, "TCP_RTO_MAX_MS").out;
    api.close(fd);
    w.set("net.ipv4.tcp_rto_max_ms", 120000);
    const data = connectTo(w, 5001, { rtoMaxMs: 1000 });
    w.sim.runFor(200 * MS);
    silencePeer(w);
    orphan.close();
    data.send(100);
    w.sim.runFor(4500 * MS);
    const segs = sent(w.sim.trace).filter((s) => s.host === "client");
    const fins = segs.filter((s) => s.seg.dst.port === 5000 && s.seg.ctl.fin).map((s) => s.t);
    const sends = segs.filter((s) => s.seg.dst.port === 5001 && s.seg.len > 0).map((s) => s.t);
    const r2 = (us: number) => Math.round(us / 10_000) / 100;
    return {
      socketCopiesSysctlMs: typeof inherited === "number" ? inherited : null,
      orphanFinAtS: fins.map((t) => r2(t - (fins[0] as number))),
      orphanDropped: orphan.state === "CLOSED",
      TcpExtTCPAbortOnTimeout: w.client.counters.TcpExtTCPAbortOnTimeout,
      dataGapsS: sends.slice(1).map((t, i) => r2(t - (sends[i] as number))),
    };
  },
};
