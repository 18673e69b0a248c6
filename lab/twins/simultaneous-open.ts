import { RawPeer, Simulation, SocketApi, flagString, type Segment } from "../../src/sim/index.ts";
import { fig, type Experiment } from "./types.ts";
import { MS } from "./world.ts";

export const simultaneousOpen: Experiment = {
  id: "simultaneous-open",
  claim:
    "In a simultaneous open the host answers the peer's crossing SYN with a SYN-ACK (SYN_RECV, where write() fails with EAGAIN); the peer's SYN-ACK, whose SYN repeats its first one, completes the handshake: the host sends an ACK, becomes writable, and its data goes out.",
  claimZh:
    "同时打开时，主机用 SYN-ACK 回应对端交叉而来的 SYN（进入 SYN_RECV，此时 write() 以 EAGAIN 失败）；对端的 SYN-ACK 重复了它第一个 SYN 的序号，它完成了握手：主机发出 ACK，变为可写，数据随即发出。",
  note: "The kernel side uses a scripted peer on a veth pair (raw frames, no TCP stack of its own); the twin uses the core's RawPeer. Sequence numbers are relative to each side's first SYN.",
  noteZh:
    "内核一侧用 veth 对端上的脚本化对端（原始帧，自身没有 TCP 协议栈）；模拟一侧用核心的 RawPeer。序号相对于各自的第一个 SYN。",
  figures: [fig("exchange", "value", 0, "what the host sent and its calls returned", "主机发出的报文段与调用结果")],
  sim() {
    const sim = new Simulation({ seed: 1, sysctl: { tcp_timestamps: 0 } });
    const host = sim.addHost("host", "10.9.0.1");
    const peer = new RawPeer(sim, "peer", "10.9.0.2", 8080);
    sim.link(host, peer, { delay: 20 });
    const api = new SocketApi(host);
    const fd = api.socket().ret;
    api.fcntl(fd, "F_SETFL", 0x800);
    api.connect(fd, "10.9.0.2", 8080);
    const log: string[] = [];
    let seen = 0;
    const next = (): Segment | undefined => {
      sim.runFor(MS);
      return peer.received[seen++]?.seg;
    };
    const syn = next();
    if (syn === undefined) throw new Error("no SYN");
    const isn = syn.seq;
    const show = (s: Segment): string =>
      `${flagString(s)} ${(s.seq - isn) >>> 0}` +
      (s.ack !== undefined ? ` ack ${s.ack - 1000}` : "") +
      (s.len > 0 ? ` len ${s.len}` : "");
    log.push(show(syn));
    const mss = { mss: 1460 };
    peer.inject({ dst: syn.src, flags: { syn: true }, seq: 1000, options: mss });
    const sa = next();
    if (sa !== undefined) log.push(show(sa));
    const w = api.write(fd, 10);
    log.push("ret" in w && w.ret < 0 ? `write ${w.errno ?? ""}` : "write ok");
    peer.inject({ dst: syn.src, flags: { syn: true }, seq: 1000, ack: 1, ackRelative: true, options: mss });
    const ack = next();
    if (ack !== undefined) log.push(show(ack));
    const state = host.sockets()[0]?.state;
    log.push(state === "ESTABLISHED" ? "writable" : "not writable");
    const w2 = api.write(fd, 10);
    if ("ret" in w2 && w2.ret < 0) log.push(`send: ${w2.errno ?? ""}`);
    const data = next();
    if (data !== undefined) log.push(show(data));
    return { exchange: log };
  },
};
