import { fig, type Experiment } from "./types.ts";
import { MS, accepted, mustListen, sent, world } from "./world.ts";

export const closeUnreadRst: Experiment = {
  id: "close-unread-rst",
  claim:
    "close() with received data still unread sends a RST instead of a FIN (RFC 9293 §3.6.1), leaves no TIME_WAIT, and the peer's next recv() fails with ECONNRESET.",
  claimZh:
    "接收缓冲区里还有未读数据时调用 close()，发出的是 RST 而不是 FIN（RFC 9293 §3.6.1），不留下 TIME_WAIT，对端下一次 recv() 以 ECONNRESET 失败。",
  note: null,
  noteZh: null,
  figures: [
    fig("clientSent", "flags", 0, "what close() sent", "close() 发出的报文"),
    fig("peerRecvError", "errno", 0, "the peer's recv() error", "对端 recv() 的错误"),
    fig("timeWaitSockets", "count", 0, "TIME_WAIT sockets", "TIME_WAIT 套接字数"),
    fig("TcpExtTCPAbortOnClose", "count", 0, "TcpExtTCPAbortOnClose", "TcpExtTCPAbortOnClose"),
  ],
  sim() {
    const w = world();
    const { c, a } = accepted(w, mustListen(w.server, 5000));
    a.send(100);
    w.sim.runFor(100 * MS);
    const t = w.sim.now;
    c.close();
    w.sim.runFor(100 * MS);
    return {
      clientSent: sent(w.sim.trace)
        .filter((s) => s.t >= t && s.host === "client" && (s.seg.ctl.fin || s.seg.ctl.rst))
        .map((s) => s.flags),
      peerRecvError: a.error ?? "no error",
      timeWaitSockets: w.client.count("TIME_WAIT") + w.server.count("TIME_WAIT"),
      TcpExtTCPAbortOnClose: w.client.counters.TcpExtTCPAbortOnClose,
    };
  },
};
