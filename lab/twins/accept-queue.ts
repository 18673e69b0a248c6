import { fig, type Experiment } from "./types.ts";
import { MS, isError, mustListen, world } from "./world.ts";

export const acceptQueue: Experiment = {
  id: "accept-queue",
  claim:
    "net.core.somaxconn = 5 caps listen(100) at a backlog of 5; when nobody calls accept(), the accept queue holds backlog + 1 = 6 connections and the SYNs of the next 4 clients are dropped (ListenOverflows), so they stay in SYN-SENT and retry.",
  claimZh:
    "net.core.somaxconn = 5 把 listen(100) 的 backlog 限制为 5；没有人调用 accept() 时，全连接队列容纳 backlog + 1 = 6 个连接，随后 4 个客户端的 SYN 被丢弃（ListenOverflows），它们停在 SYN-SENT 并重试。",
  note: null,
  noteZh: null,
  figures: [
    fig("listenSendQ", "count", 0, "ss -lt Send-Q (effective backlog)", "ss -lt 的 Send-Q（实际 backlog）"),
    fig("acceptQueue", "count", 0, "ss -lt Recv-Q (accept queue)", "ss -lt 的 Recv-Q（全连接队列）"),
    fig("clientsEstablished", "count", 0, "clients ESTABLISHED", "ESTABLISHED 的客户端"),
    fig("clientsSynSent", "count", 0, "clients still in SYN-SENT", "仍在 SYN-SENT 的客户端"),
    fig("TcpExtListenOverflows", "count", 0, "TcpExtListenOverflows", "TcpExtListenOverflows"),
    fig("TcpExtListenDrops", "count", 0, "TcpExtListenDrops", "TcpExtListenDrops"),
  ],
  sim() {
    const w = world({ "net.core.somaxconn": 5 });
    mustListen(w.server, 5000, 100);
    for (let i = 0; i < 10; i++) {
      const c = w.client.connect({ ip: "127.0.0.2", port: 5000 });
      if (isError(c)) throw new Error(c.errno);
      w.sim.runFor(10 * MS);
    }
    w.sim.runFor(300 * MS);
    const listen = w.server.ss().find((r) => r.state === "LISTEN");
    return {
      listenSendQ: listen?.sendQ ?? null,
      acceptQueue: listen?.recvQ ?? null,
      clientsEstablished: w.client.count("ESTABLISHED"),
      clientsSynSent: w.client.count("SYN_SENT"),
      TcpExtListenOverflows: w.server.counters.TcpExtListenOverflows,
      TcpExtListenDrops: w.server.counters.TcpExtListenDrops,
    };
  },
};
