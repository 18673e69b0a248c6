import { fig, type Experiment } from "./types.ts";
import { MS, SEC, isError, mustListen, secs, world } from "./world.ts";

export const finWait2Orphan: Experiment = {
  id: "fin-wait2-orphan",
  claim:
    "An orphaned FIN_WAIT2 (the application called close() and the peer never closes) lasts tcp_fin_timeout, here 3 s, under a timewait timer; after shutdown(SHUT_WR) with the socket still open it has no timer and stays.",
  claimZh:
    "孤儿 FIN_WAIT2（应用已调用 close()，而对端一直不关闭）在 timewait 定时器下持续 tcp_fin_timeout，这里是 3 秒；若只调用 shutdown(SHUT_WR) 而套接字仍打开，则没有定时器，一直停留。",
  note: "The kernel side polls /proc/net/tcp every 10 ms. A 3 s timer (750 jiffies at HZ = 250) lands in the timer-wheel level whose granularity is 256 ms, so it can fire up to 0.26 s late; the tolerance is 0.4 s.",
  noteZh:
    "内核一侧每 10 毫秒读取一次 /proc/net/tcp。3 秒的定时器（HZ = 250 时为 750 个 jiffy）落在粒度为 256 毫秒的定时器轮级别，最多可能晚 0.26 秒触发；容差为 0.4 秒。",
  figures: [
    fig("orphanFinWait2Seconds", "s", 0.4, "orphaned FIN_WAIT2 lasted", "孤儿 FIN_WAIT2 持续"),
    fig("orphanTimer", "timer", 0, "its ss timer", "它的 ss 定时器"),
    fig("shutdownTimer", "timer", 0, "timer after shutdown()", "shutdown() 后的定时器"),
    fig(
      "shutdownStillFinWait2At6s",
      "state",
      0,
      "still FIN_WAIT2 6 s after shutdown()",
      "shutdown() 后 6 秒仍是 FIN_WAIT2",
    ),
  ],
  sim() {
    const w = world({ "net.ipv4.tcp_fin_timeout": 3 });
    const l = mustListen(w.server, 5000);
    const orphan = w.client.connect({ ip: "127.0.0.2", port: 5000 });
    const held = w.client.connect({ ip: "127.0.0.2", port: 5000 });
    if (isError(orphan) || isError(held)) throw new Error("connect failed");
    w.sim.runFor(MS);
    l.accept();
    l.accept();
    const t0 = w.sim.now;
    const po = orphan.ref.local.port;
    const ph = held.ref.local.port;
    orphan.close();
    held.shutdown("SHUT_WR");
    w.sim.runFor(200 * MS);
    const row = (port: number) => w.client.ss().find((r) => r.local.endsWith(`:${port}`) && r.state === "FIN-WAIT-2");
    const timerName = (port: number) => row(port)?.timer?.split(",")[0] ?? "none";
    const orphanTimer = timerName(po);
    const shutdownTimer = timerName(ph);
    let gone = -1;
    for (const e of w.sim.trace) {
      if (e.kind === "state" && e.sock.host === "client" && e.sock.local.port === po && e.from === "FIN_WAIT2")
        gone = e.t;
    }
    w.sim.runUntil(t0 + 6 * SEC);
    for (const e of w.sim.trace) {
      if (e.kind === "state" && e.sock.host === "client" && e.sock.local.port === po && e.from === "FIN_WAIT2")
        gone = e.t;
    }
    return {
      orphanFinWait2Seconds: gone >= 0 ? secs(gone - t0) : null,
      orphanTimer,
      shutdownTimer,
      shutdownStillFinWait2At6s: held.state === "FIN_WAIT2",
    };
  },
};
