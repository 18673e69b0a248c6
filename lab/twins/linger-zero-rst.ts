import { fig, type Experiment } from "./types.ts";
import { MS, mustListen, sent, world, accepted } from "./world.ts";

export const lingerZeroRst: Experiment = {
  id: "linger-zero-rst",
  claim:
    "With SO_LINGER {on, 0}, close() sends a RST at once instead of a FIN, no TIME_WAIT is left, and the peer sees ECONNRESET; it is not counted as TcpExtTCPAbortOnClose.",
  claimZh:
    "设置 SO_LINGER {on, 0} 后，close() 立即发送 RST 而不是 FIN，不留下 TIME_WAIT，对端得到 ECONNRESET；它不计入 TcpExtTCPAbortOnClose。",
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
    const { c, a } = accepted(w, mustListen(w.server, 5000), { linger0: true });
    c.send(10);
    w.sim.runFor(MS);
    a.read();
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
