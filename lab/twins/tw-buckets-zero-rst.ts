import { fig, type Experiment } from "./types.ts";
import { MS, isError, mustListen, sent, world } from "./world.ts";
import type { TcpSocket } from "../../src/sim/index.ts";

export const twBucketsZeroRst: Experiment = {
  id: "tw-buckets-zero-rst",
  claim:
    "With tcp_max_tw_buckets = 0 a closing client skips not only TIME_WAIT but the orphaned FIN_WAIT2 too: when the server closes later, its FIN finds no socket and gets a RST (15 closes, 15 overflows, 15 RSTs).",
  claimZh:
    "tcp_max_tw_buckets = 0 时，关闭的客户端不仅跳过 TIME_WAIT，也跳过孤儿 FIN_WAIT2：服务器稍后关闭时，它的 FIN 找不到套接字，收到 RST（15 次关闭、15 次溢出、15 个 RST）。",
  note: null,
  noteZh: null,
  figures: [
    fig(
      "finWait2Sockets",
      "count",
      0,
      "client sockets in FIN_WAIT2 after close()",
      "close() 后处于 FIN_WAIT2 的客户端套接字",
    ),
    fig("TcpExtTCPTimeWaitOverflow", "count", 0, "TcpExtTCPTimeWaitOverflow", "TcpExtTCPTimeWaitOverflow"),
    fig("rstsToServerFin", "count", 0, "RSTs answering the server's FIN", "回应服务器 FIN 的 RST 数"),
    fig("timeWaitSockets", "count", 0, "TIME_WAIT sockets at the end", "最后的 TIME_WAIT 套接字数"),
  ],
  sim() {
    const w = world({ "net.ipv4.tcp_max_tw_buckets": 0 });
    const l = mustListen(w.server, 5000);
    const accepted: TcpSocket[] = [];
    for (let i = 0; i < 15; i++) {
      const c = w.client.connect({ ip: "127.0.0.2", port: 5000 });
      if (isError(c)) throw new Error(c.errno);
      w.sim.runFor(MS);
      const a = l.accept();
      if (isError(a)) throw new Error(a.errno);
      accepted.push(a);
      c.close();
      w.sim.runFor(MS);
    }
    w.sim.runFor(300 * MS);
    const finWait2 = w.client.count("FIN_WAIT2");
    const t = w.sim.now;
    for (const a of accepted) a.close();
    w.sim.runFor(300 * MS);
    const rsts = sent(w.sim.trace).filter((s) => s.t >= t && s.host === "client" && s.seg.ctl.rst).length;
    return {
      finWait2Sockets: finWait2,
      TcpExtTCPTimeWaitOverflow:
        w.client.counters.TcpExtTCPTimeWaitOverflow + w.server.counters.TcpExtTCPTimeWaitOverflow,
      rstsToServerFin: rsts,
      timeWaitSockets: w.client.count("TIME_WAIT") + w.server.count("TIME_WAIT"),
    };
  },
};
