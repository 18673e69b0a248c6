import { fig, type Experiment } from "./types.ts";
import { MS, SEC, isError, mustListen, shortConnection, world, type World } from "./world.ts";

function fillAndWait(w: World, port: number): number | null {
  const l = mustListen(w.server, port);
  let firstTw = -1;
  for (let i = 0; i < 4; i++) {
    shortConnection(w, l, port);
    if (firstTw < 0) firstTw = w.sim.now;
  }
  while (w.sim.now - firstTw < 5 * SEC) {
    const c = w.client.connect({ ip: "127.0.0.2", port });
    if (!isError(c)) return Math.round((w.sim.now - firstTw) / MS);
    if (c.errno !== "EADDRNOTAVAIL") throw new Error(c.errno);
    w.sim.runFor(5 * MS);
  }
  return null;
}

export const twReuseDelay: Experiment = {
  id: "tw-reuse-delay",
  claim:
    "With tcp_tw_reuse = 2 on loopback, a TIME_WAIT port can be taken over once it is tcp_tw_reuse_delay old: 1000 ms by default, 300 ms when set so; so the ceiling is ports ÷ that delay, not ports ÷ 60 s.",
  claimZh:
    "在环回地址上 tcp_tw_reuse = 2 时，TIME_WAIT 端口在存在满 tcp_tw_reuse_delay 后即可被接管：默认 1000 毫秒，设为 300 时为 300 毫秒；因此上限是 端口数 ÷ 该延迟，而不是 端口数 ÷ 60 秒。",
  note: "The kernel side finds the moment by trying connect() every 5 ms from Python; on a loaded machine a try can come tens of milliseconds late, so the tolerance is 100 ms. The kernel never allowed a reuse early.",
  noteZh:
    "内核一侧每 5 毫秒用 Python 尝试一次 connect() 来找到这个时刻；机器繁忙时一次尝试可能晚几十毫秒，所以容差为 100 毫秒。内核从未提前允许重用。",
  figures: [
    fig("reusableAfterMsDefault", "ms", 100, "reusable after (default delay)", "可重用前等待（默认延迟）"),
    fig(
      "reusableAfterMsDelay300",
      "ms",
      40,
      "reusable after (tcp_tw_reuse_delay = 300)",
      "可重用前等待（tcp_tw_reuse_delay = 300）",
    ),
  ],
  sim() {
    const w = world({ "net.ipv4.ip_local_port_range": "40000 40003" });
    const byDefault = fillAndWait(w, 5000);
    w.set("net.ipv4.tcp_tw_reuse_delay", 300);
    return { reusableAfterMsDefault: byDefault, reusableAfterMsDelay300: fillAndWait(w, 5001) };
  },
};
