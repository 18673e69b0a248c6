import { fig, type Experiment, type FigureSpec, type FigureValue } from "./types.ts";
import { MS, mustListen, world } from "./world.ts";

const CASES = [
  { name: "cookies1", cookies: 1, maxSyn: 2048, backlog: 8, port: 5001, zh: "tcp_syncookies = 1、listen(8)" },
  { name: "cookies0", cookies: 0, maxSyn: 2048, backlog: 8, port: 5002, zh: "tcp_syncookies = 0、listen(8)" },
  {
    name: "cookies0MaxSynBacklog16",
    cookies: 0,
    maxSyn: 16,
    backlog: 4096,
    port: 5003,
    zh: "tcp_syncookies = 0、tcp_max_syn_backlog = 16、listen(4096)",
  },
] as const;

function specs(): FigureSpec[] {
  const out: FigureSpec[] = [];
  for (const c of CASES) {
    const en = `syncookies ${c.cookies}, max_syn_backlog ${c.maxSyn}, listen(${c.backlog})`;
    out.push(
      fig(`${c.name}RequestSockets`, "count", 0, `${en}: request sockets`, `${c.zh}：请求套接字数`),
      fig(`${c.name}CookiesSent`, "count", 0, `${en}: TcpExtSyncookiesSent`, `${c.zh}：TcpExtSyncookiesSent`),
      fig(`${c.name}ReqQFullDrop`, "count", 0, `${en}: TcpExtTCPReqQFullDrop`, `${c.zh}：TcpExtTCPReqQFullDrop`),
      fig(`${c.name}ListenDrops`, "count", 0, `${en}: TcpExtListenDrops`, `${c.zh}：TcpExtListenDrops`),
    );
  }
  return out;
}

export const synQueueCookies: Experiment = {
  id: "syn-queue-cookies",
  claim:
    "Against listen(8), 50 spoofed SYNs leave 9 request sockets (backlog + 1); the other 41 get SYN cookies with tcp_syncookies = 1 or are dropped with 0; with cookies off and listen(4096), tcp_max_syn_backlog = 16 stops the queue at 13, because SYNs are dropped once it passes 3/4 of 16.",
  claimZh:
    "对 listen(8) 发送 50 个伪造 SYN，只留下 9 个请求套接字（backlog + 1）；其余 41 个在 tcp_syncookies = 1 时收到 SYN cookie，为 0 时被丢弃；关闭 cookie 且 listen(4096) 时，tcp_max_syn_backlog = 16 让队列停在 13，因为队列超过 16 的 3/4 后 SYN 就被丢弃。",
  note: null,
  noteZh: null,
  figures: specs(),
  sim() {
    const w = world();
    const out: Record<string, FigureValue> = {};
    for (const c of CASES) {
      w.set("net.ipv4.tcp_syncookies", c.cookies);
      w.set("net.ipv4.tcp_max_syn_backlog", c.maxSyn);
      const l = mustListen(w.server, c.port, c.backlog);
      const before = { ...w.server.counters };
      for (let i = 0; i < 50; i++) {
        w.client.sendRaw({
          src: { ip: "10.9.0.2", port: 41000 + i },
          dst: { ip: "127.0.0.2", port: c.port },
          seq: 1000 + i,
          ctl: { syn: true },
          window: 65535,
        });
      }
      w.sim.runFor(300 * MS);
      const after = w.server.counters;
      out[`${c.name}RequestSockets`] = l.synQueueLength;
      out[`${c.name}CookiesSent`] = after.TcpExtSyncookiesSent - before.TcpExtSyncookiesSent;
      out[`${c.name}ReqQFullDrop`] = after.TcpExtTCPReqQFullDrop - before.TcpExtTCPReqQFullDrop;
      out[`${c.name}ListenDrops`] = after.TcpExtListenDrops - before.TcpExtListenDrops;
    }
    return out;
  },
};
