import { fig, type Experiment } from "./types.ts";
import { MS, SEC, mustListen, shortConnection, world } from "./world.ts";

export const portCapacity: Experiment = {
  id: "port-capacity",
  claim:
    "With 10 local ports and tcp_tw_reuse = 0, a client that closes first gets 10 connections to one destination and then EADDRNOTAVAIL at once; another destination port still gets 10; a port comes back only when its TIME_WAIT ends, so the capacity is ports ÷ 60 s per destination.",
  claimZh:
    "本地只有 10 个端口且 tcp_tw_reuse = 0 时，先关闭的客户端对同一目的地只能建立 10 个连接，随后 connect() 立即返回 EADDRNOTAVAIL；换一个目的端口仍能再建 10 个；端口要等 TIME_WAIT 结束才回来，所以每个目的地的容量是 端口数 ÷ 60 秒。",
  note: null,
  noteZh: null,
  figures: [
    fig("connectsBeforeFailure", "count", 0, "connections before the failure", "失败前的连接数"),
    fig("errno", "errno", 0, "connect() error", "connect() 的错误"),
    fig("timeWaitSockets", "count", 0, "TIME_WAIT sockets at that moment", "此时的 TIME_WAIT 套接字数"),
    fig("otherPortConnects", "count", 0, "connections to a second server port", "到第二个服务器端口的连接数"),
    fig("portBackAfterS", "s", 2.5, "a port was free again after", "端口重新可用的时间"),
  ],
  sim() {
    const w = world({ "net.ipv4.ip_local_port_range": "40000 40009", "net.ipv4.tcp_tw_reuse": 0 });
    const l0 = mustListen(w.server, 5000);
    const l1 = mustListen(w.server, 5001);
    const first = Array.from({ length: 10 }, () => shortConnection(w, l0, 5000));
    const tFull = w.sim.now;
    w.sim.runFor(200 * MS);
    const failed = shortConnection(w, l0, 5000);
    const timeWait = w.client.count("TIME_WAIT");
    const other = Array.from({ length: 10 }, () => shortConnection(w, l1, 5001));
    let back: number | null = null;
    while (w.sim.now - tFull < 75 * SEC) {
      if (typeof shortConnection(w, l0, 5000) === "number") {
        back = Math.round((w.sim.now - tFull) / 100_000) / 10;
        break;
      }
      w.sim.runFor(250 * MS);
    }
    return {
      connectsBeforeFailure: first.filter((p) => typeof p === "number").length,
      errno: failed,
      timeWaitSockets: timeWait,
      otherPortConnects: other.filter((p) => typeof p === "number").length,
      portBackAfterS: back,
    };
  },
};
