import { fig, type Experiment, type FigureSpec, type FigureValue } from "./types.ts";
import { MS, mustListen, shortConnection, world } from "./world.ts";

const CASES: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, 1],
  [1, 2],
  [0, 0],
  [0, 1],
  [0, 2],
];

function specs(): FigureSpec[] {
  const out: FigureSpec[] = [];
  for (const [ts, reuse] of CASES) {
    const what = `tcp_tw_reuse = ${reuse}, tcp_timestamps = ${ts}`;
    out.push(
      fig(`reuse${reuse}ts${ts}Immediately`, "outcome", 0, `${what}: connect() at once`, `${what}：立即 connect()`),
      fig(
        `reuse${reuse}ts${ts}After1100ms`,
        "outcome",
        0,
        `${what}: connect() 1.1 s later`,
        `${what}：1.1 秒后 connect()`,
      ),
    );
  }
  out.push(
    fig(
      "TcpExtTWRecycled",
      "count",
      0,
      "TIME_WAIT sockets taken over (TcpExtTWRecycled)",
      "被接管的 TIME_WAIT 套接字（TcpExtTWRecycled）",
    ),
  );
  return out;
}

export const twReuseModes: Experiment = {
  id: "tw-reuse-modes",
  claim:
    "With every local port in TIME_WAIT, connect() fails with EADDRNOTAVAIL at once in every mode; 1.1 s later tcp_tw_reuse = 1, and 2 on loopback, take a TIME_WAIT port over when timestamps are on, and never when they are off or reuse is 0.",
  claimZh:
    "当所有本地端口都处于 TIME_WAIT 时，任何模式下 connect() 都会立即以 EADDRNOTAVAIL 失败；1.1 秒后，在开启时间戳的前提下，tcp_tw_reuse = 1（以及环回地址上的 2）会接管一个 TIME_WAIT 端口；关闭时间戳或 reuse = 0 时则从不接管。",
  note: null,
  noteZh: null,
  figures: specs(),
  sim() {
    const w = world({ "net.ipv4.ip_local_port_range": "40000 40003" });
    const out: Record<string, FigureValue> = {};
    let port = 5000;
    for (const [ts, reuse] of CASES) {
      w.set("net.ipv4.tcp_timestamps", ts);
      w.set("net.ipv4.tcp_tw_reuse", reuse);
      const l = mustListen(w.server, port);
      for (let i = 0; i < 4; i++) {
        if (typeof shortConnection(w, l, port) !== "number") throw new Error("fill failed");
      }
      const now = shortConnection(w, l, port);
      w.sim.runFor(1100 * MS);
      const later = shortConnection(w, l, port);
      out[`reuse${reuse}ts${ts}Immediately`] = typeof now === "number" ? "ok" : now;
      out[`reuse${reuse}ts${ts}After1100ms`] = typeof later === "number" ? "ok" : later;
      l.close();
      port++;
    }
    out["TcpExtTWRecycled"] = w.client.counters.TcpExtTWRecycled;
    return out;
  },
};
