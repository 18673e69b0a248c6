import { fig, type Experiment, type FigureSpec, type FigureValue } from "./types.ts";
import { mustListen, sent, world, accepted } from "./world.ts";
import type { TcpOptions } from "../../src/sim/index.ts";

const LINKS = [
  { prefix: "lo", mss: 65495, en: "loopback (MTU 65536)", zh: "环回（MTU 65536）" },
  { prefix: "eth", mss: 1460, en: "veth (MTU 1500)", zh: "veth（MTU 1500）" },
] as const;

const FIGS: readonly (readonly [string, string, string, string])[] = [
  ["SynOptions", "options", "SYN options, in order", "SYN 选项（按顺序）"],
  ["SynMss", "bytes", "SYN MSS", "SYN 的 MSS"],
  ["SynWindow", "bytes", "SYN window", "SYN 的窗口"],
  ["SynWscale", "value", "SYN window scale", "SYN 的窗口扩大因子"],
  ["SynAckMss", "bytes", "SYN-ACK MSS", "SYN-ACK 的 MSS"],
  ["SynAckWindow", "bytes", "SYN-ACK window", "SYN-ACK 的窗口"],
  ["SynAckWscale", "value", "SYN-ACK window scale", "SYN-ACK 的窗口扩大因子"],
  ["AckWindow", "value", "final ACK window field (scaled)", "最后一个 ACK 的窗口字段（已缩放）"],
];

function specs(): FigureSpec[] {
  return LINKS.flatMap((l) =>
    FIGS.map(([n, unit, en, zh]) => fig(l.prefix + n, unit, 0, `${l.en}: ${en}`, `${l.zh}：${zh}`)),
  );
}

/** Option names in the order tcpdump prints them for a Linux SYN. */
function optionNames(o: TcpOptions): string[] {
  const out: string[] = [];
  if (o.mss !== undefined) out.push("mss");
  if (o.sackPermitted === true) out.push("sackOK");
  if (o.timestamp !== undefined) out.push("TS");
  if (o.windowScale !== undefined) out.push("nop", "wscale");
  return out;
}

export const handshakeOptions: Experiment = {
  id: "handshake-options",
  claim:
    "The SYN offers MSS (MTU − 40), SACK, timestamps and window scale 7, with a window of the largest multiple of that MSS within 64 KiB (64240 on Ethernet); the SYN-ACK's window uses the MSS less the 12 bytes of timestamps (65160); afterwards the window field is that window divided by 128, rounded up (502).",
  claimZh:
    "SYN 提供 MSS（MTU − 40）、SACK、时间戳和窗口扩大因子 7，窗口取 64 KiB 以内该 MSS 的最大整数倍（以太网上为 64240）；SYN-ACK 的窗口按扣除 12 字节时间戳后的 MSS 计算（65160）；之后窗口字段为该窗口除以 128 向上取整（502）。",
  note: "The window scale comes from the largest receive buffer, max(tcp_rmem[2], net.core.rmem_max): 6 MiB by default gives 7. A new namespace copies tcp_rmem from the host, so the experiment sets the kernel's default first; a host tuned to 32 MiB shows 10. Later windows grow with receive-buffer autotuning, which the simulator does not model.",
  noteZh:
    "窗口扩大因子由最大接收缓冲区 max(tcp_rmem[2], net.core.rmem_max) 决定：默认 6 MiB 对应 7。新命名空间会从宿主机复制 tcp_rmem，所以实验先设回内核默认值；调到 32 MiB 的宿主机会显示 10。之后的窗口会随接收缓冲区自动调整而增大，模拟器不模拟这一点。",
  figures: specs(),
  sim() {
    const out: Record<string, FigureValue> = {};
    for (const link of LINKS) {
      const w = world({}, { mss: link.mss });
      accepted(w, mustListen(w.server, 5000));
      const segs = sent(w.sim.trace);
      const syn = segs.find((s) => s.flags === "S");
      const synAck = segs.find((s) => s.flags === "S.");
      const ack = segs.find((s) => s.flags === "." && s.host === "client");
      if (syn === undefined || synAck === undefined || ack === undefined) throw new Error("no handshake");
      const v: Record<string, FigureValue> = {
        SynOptions: optionNames(syn.seg.options),
        SynMss: syn.seg.options.mss ?? null,
        SynWindow: syn.seg.window,
        SynWscale: syn.seg.options.windowScale ?? null,
        SynAckMss: synAck.seg.options.mss ?? null,
        SynAckWindow: synAck.seg.window,
        SynAckWscale: synAck.seg.options.windowScale ?? null,
        AckWindow: ack.seg.window,
      };
      for (const [k, x] of Object.entries(v)) out[link.prefix + k] = x;
    }
    return out;
  },
};
