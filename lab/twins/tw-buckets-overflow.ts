import { fig, type Experiment } from "./types.ts";
import { MS, mustListen, shortConnection, world } from "./world.ts";

export const twBucketsOverflow: Experiment = {
  id: "tw-buckets-overflow",
  claim:
    "With tcp_max_tw_buckets = 5, 12 client-first closes leave 5 sockets in TIME_WAIT; the other 7 skip it and are counted in TcpExtTCPTimeWaitOverflow, with no log message.",
  claimZh:
    "tcp_max_tw_buckets = 5 时，客户端先关闭的 12 个连接只留下 5 个 TIME_WAIT 套接字；其余 7 个直接跳过 TIME_WAIT，计入 TcpExtTCPTimeWaitOverflow，不打印日志。",
  note: null,
  noteZh: null,
  figures: [
    fig("timeWaitSockets", "count", 0, "TIME_WAIT sockets", "TIME_WAIT 套接字数"),
    fig("TcpExtTCPTimeWaitOverflow", "count", 0, "TcpExtTCPTimeWaitOverflow", "TcpExtTCPTimeWaitOverflow"),
    fig("TcpExtTW", "count", 0, "TcpExtTW (entered TIME_WAIT)", "TcpExtTW（进入 TIME_WAIT）"),
  ],
  sim() {
    const w = world({ "net.ipv4.tcp_max_tw_buckets": 5 });
    const l = mustListen(w.server, 5000);
    for (let i = 0; i < 12; i++) shortConnection(w, l, 5000);
    w.sim.runFor(300 * MS);
    const n = (k: "TcpExtTCPTimeWaitOverflow" | "TcpExtTW") => w.client.counters[k] + w.server.counters[k];
    return {
      timeWaitSockets: w.client.count("TIME_WAIT") + w.server.count("TIME_WAIT"),
      TcpExtTCPTimeWaitOverflow: n("TcpExtTCPTimeWaitOverflow"),
      TcpExtTW: n("TcpExtTW"),
    };
  },
};
