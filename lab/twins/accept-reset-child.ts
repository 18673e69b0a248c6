import { SocketApi } from "../../src/sim/index.ts";
import { fig, type Experiment } from "./types.ts";
import { MS, isError, world } from "./world.ts";

export const acceptResetChild: Experiment = {
  id: "accept-reset-child",
  claim:
    "A connection reset by the peer while it waits in the accept queue is still returned by accept(); recv() then gives the data that arrived before the reset, then ECONNRESET once, then end of file (0), and SO_ERROR reads 0 afterwards.",
  claimZh:
    "在全连接队列中等待时被对端重置的连接，accept() 仍会返回它；随后 recv() 先返回重置之前到达的数据，再返回一次 ECONNRESET，之后返回文件结束（0），此后读取 SO_ERROR 得到 0。",
  note: null,
  noteZh: null,
  figures: [
    fig("acceptReturned", "value", 0, "accept() returned the reset connection", "accept() 返回了被重置的连接"),
    fig("recvResults", "value", 0, "three recv() calls returned", "三次 recv() 的返回"),
    fig("soErrorAfter", "value", 0, "SO_ERROR afterwards", "之后的 SO_ERROR"),
  ],
  sim() {
    const w = world();
    const api = new SocketApi(w.server);
    const lfd = api.socket().ret;
    api.bind(lfd, undefined, 5000);
    api.listen(lfd, 128);
    const c = w.client.connect({ ip: "127.0.0.2", port: 5000 });
    if (isError(c)) throw new Error(c.errno);
    w.sim.runFor(MS);
    c.send(10);
    w.sim.runFor(100 * MS);
    c.setsockopt("SO_LINGER", 0);
    c.close();
    w.sim.runFor(100 * MS);
    const acc = SocketApi.wait(w.sim, api.accept(lfd), 2_000_000);
    const accepted = acc !== undefined && acc.ret >= 0;
    const reads: (number | string)[] = [];
    if (acc !== undefined && accepted) {
      for (let i = 0; i < 3; i++) {
        const r = SocketApi.wait(w.sim, api.read(acc.ret, 100), 2_000_000);
        reads.push(r === undefined ? "blocked" : r.ret >= 0 ? r.ret : (r.errno ?? "?"));
      }
    }
    const soError = accepted && acc !== undefined ? api.getsockopt(acc.ret, "SO_ERROR").out : -1;
    return { acceptReturned: accepted, recvResults: reads, soErrorAfter: typeof soError === "number" ? soError : -1 };
  },
};
