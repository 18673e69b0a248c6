import { fig, type Experiment } from "./types.ts";
import { SEC, mustListen, secs, sent, world } from "./world.ts";

export const synackRetries: Experiment = {
  id: "synack-retries",
  claim:
    "With tcp_synack_retries = 2, a half-open connection's SYN-ACK is sent at 0, 1 and 3 s (the timeout doubles from 1 s), and the request socket (ss: SYN-RECV) is dropped about 7 s after the SYN.",
  claimZh:
    "tcp_synack_retries = 2 时，半开连接的 SYN-ACK 在 0、1、3 秒发送（超时从 1 秒起翻倍），请求套接字（ss 显示 SYN-RECV）在 SYN 到达约 7 秒后被丢弃。",
  note: null,
  noteZh: null,
  figures: [
    fig("requestSockets", "count", 0, "request sockets after the SYN", "SYN 之后的请求套接字数"),
    fig("synAckSentAtS", "s", 0.3, "SYN-ACKs sent at", "SYN-ACK 发送时刻"),
    fig("requestDroppedAfterS", "s", 0.5, "request socket dropped after", "请求套接字被丢弃于"),
  ],
  sim() {
    const w = world({ "net.ipv4.tcp_synack_retries": 2 });
    mustListen(w.server, 5000);
    // One SYN from an address the server has no route back to: its SYN-ACKs go nowhere.
    w.client.sendRaw({
      src: { ip: "10.9.0.2", port: 40000 },
      dst: { ip: "127.0.0.2", port: 5000 },
      seq: 1000,
      ctl: { syn: true },
      window: 65535,
    });
    w.sim.runFor(100_000);
    const half = w.server.count("SYN_RECV");
    w.sim.runFor(20 * SEC);
    const sa = sent(w.sim.trace)
      .filter((s) => s.host === "server" && s.flags === "S.")
      .map((s) => s.t);
    const t0 = sa[0] ?? 0;
    const gone = w.sim.trace.find((e) => e.kind === "state" && e.sock.host === "server" && e.from === "SYN_RECV");
    return {
      requestSockets: half,
      synAckSentAtS: sa.map((t) => secs(t - t0)),
      requestDroppedAfterS: gone !== undefined ? secs(gone.t - t0) : null,
    };
  },
};
