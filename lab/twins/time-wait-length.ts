import { fig, type Experiment } from "./types.ts";
import { MS, SEC, mustListen, secs, sent, world, accepted } from "./world.ts";

export const timeWaitLength: Experiment = {
  id: "time-wait-length",
  claim:
    "The side that closes first holds TIME_WAIT for 60 s (the kernel's timer fires up to a few percent late); when the peer closes at once, the close is three segments: FIN, FIN-ACK, ACK.",
  claimZh:
    "先关闭的一方保持 TIME_WAIT 60 秒（内核定时器最多晚几个百分点触发）；若对端立即关闭，关闭过程只有三个报文段：FIN、FIN-ACK、ACK。",
  note: null,
  noteZh: null,
  figures: [
    fig("timeWaitSeconds", "s", 2.5, "TIME_WAIT lasted", "TIME_WAIT 持续"),
    fig("enteredTimeWait", "state", 0, "the active closer entered TIME_WAIT", "主动关闭方进入了 TIME_WAIT"),
    fig("closeSegments", "count", 0, "segments from the first FIN on", "从第一个 FIN 起的报文段数"),
    fig("closeFlags", "flags", 0, "their flags", "它们的标志位"),
  ],
  sim() {
    const w = world();
    const { c, a } = accepted(w, mustListen(w.server, 5000));
    c.send(100);
    a.send(200);
    w.sim.runFor(MS);
    a.read();
    c.read();
    a.onPeerClose = (s) => void s.close();
    c.close();
    w.sim.runFor(75 * SEC);
    let start = -1;
    let end = -1;
    for (const e of w.sim.trace) {
      if (e.kind !== "state" || e.sock.host !== "client") continue;
      if (e.to === "TIME_WAIT") start = e.t;
      if (e.from === "TIME_WAIT") end = e.t;
    }
    const segs = sent(w.sim.trace);
    const fin = segs.findIndex((s) => s.seg.ctl.fin);
    const close = segs.slice(fin);
    return {
      timeWaitSeconds: start >= 0 && end >= 0 ? secs(end - start) : null,
      enteredTimeWait: start >= 0,
      closeSegments: close.length,
      closeFlags: close.map((s) => s.flags),
    };
  },
};
