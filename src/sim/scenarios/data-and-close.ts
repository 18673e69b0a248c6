/** Data both ways, then a close by the client, the server, or both at once (CLOSING). */
import type { ScenarioDef, ScenarioOptions } from "./types.ts";
import { makeSim, num, readParams, result, secs, str, ISN_PARAMS, fixedIsn } from "./common.ts";
import type { TcpSocket } from "../tcp/socket.ts";

const params = [
  { name: "clientBytes", description: "Bytes the client sends", default: 1000, min: 0, max: 100_000_000 },
  { name: "serverBytes", description: "Bytes the server sends back", default: 2000, min: 0, max: 100_000_000 },
  {
    name: "closer",
    description: "Who calls close() first",
    default: "client",
    choices: ["client", "server", "simultaneous"],
  },
  { name: "delayUs", description: "One-way link delay in µs", default: 500, min: 0, max: 10_000_000 },
  ...ISN_PARAMS,
  {
    name: "passiveCloseDelayMs",
    description: "How long the side that did not close first stays in CLOSE_WAIT before its own close() (ms)",
    default: 0,
    min: 0,
    max: 120_000,
  },
] as const;

export const dataAndClose: ScenarioDef = {
  name: "data-and-close",
  description:
    "Exchange data, then close: the side that closes first ends in TIME_WAIT (60 s on Linux); both at once go through CLOSING.",
  params,
  run(options: ScenarioOptions = {}) {
    const p = readParams("data-and-close", params, options.params);
    const sim = makeSim("data-and-close", options);
    const client = sim.addHost("client", "10.0.0.1");
    const server = sim.addHost("server", "10.0.0.2");
    sim.link(client, server, { delay: num(p, "delayUs") });
    const closer = str(p, "closer");
    const passiveDelay = num(p, "passiveCloseDelayMs") * 1000;
    const l = server.listen(80, 128, fixedIsn(p, "serverIsn"));
    if (!l.ok) throw new Error("data-and-close: listen failed");
    let srv: TcpSocket | undefined;
    const c = client.connect({ ip: "10.0.0.2", port: 80 }, fixedIsn(p, "clientIsn"));
    if (!c.ok) throw new Error(`data-and-close: connect failed with ${c.errno}`);
    // Apps read what arrives and answer the peer's close with their own close().
    const app = (s: TcpSocket) => {
      s.onData = (x) => void x.read();
      s.onPeerClose = (x) => {
        x.read();
        if (closer === "simultaneous") return;
        // The passive side sits in CLOSE_WAIT until its application calls close().
        if (passiveDelay > 0) sim.after(passiveDelay, () => void x.close());
        else x.close();
      };
    };
    app(c);
    c.onEstablished = () => void c.send(num(p, "clientBytes"));
    l.onConnection = () => {
      const a = l.accept();
      if (!a.ok) return;
      srv = a;
      app(a);
      a.read();
      a.send(num(p, "serverBytes"));
    };
    const closeAt = 1_000_000;
    sim.at(closeAt, () => {
      if (closer === "client" || closer === "simultaneous") c.close();
      if ((closer === "server" || closer === "simultaneous") && srv !== undefined) srv.close();
    });
    sim.runFor(closeAt + 500_000);
    const ssDuring = [...client.ss(), ...server.ss()]
      .filter((r) => r.state !== "LISTEN")
      .map((r) => `${r.host}:${r.state}`)
      .join(" ");
    sim.runFor(300_000_000);
    let twStart = -1;
    let twEnd = -1;
    const twHosts = new Set<string>();
    let closing = false;
    let closeWaitStart = -1;
    let closeWaitEnd = -1;
    for (const e of sim.trace) {
      if (e.kind !== "state") continue;
      if (e.to === "TIME_WAIT") {
        twHosts.add(e.sock.host);
        if (twStart < 0) twStart = e.t;
      }
      if (e.from === "TIME_WAIT" && e.to === "CLOSED" && twEnd < 0) twEnd = e.t;
      if (e.to === "CLOSING") closing = true;
      if (e.to === "CLOSE_WAIT" && closeWaitStart < 0) closeWaitStart = e.t;
      if (e.from === "CLOSE_WAIT" && closeWaitEnd < 0) closeWaitEnd = e.t;
    }
    return result("data-and-close", options, sim, {
      bytesClientToServer: srv?.bytesReceived ?? 0,
      bytesServerToClient: c.bytesReceived,
      closer,
      timeWaitOn: [...twHosts].sort().join("+") || "none",
      timeWaitSeconds: twStart >= 0 && twEnd >= 0 ? secs(twEnd - twStart) : -1,
      wentThroughClosing: closing,
      closeWaitSeconds: closeWaitStart >= 0 && closeWaitEnd >= 0 ? secs(closeWaitEnd - closeWaitStart) : -1,
      clientIsn: c.iss,
      serverIsn: srv?.iss ?? -1,
      statesHalfASecondAfterClose: ssDuring,
      clientFinalState: c.state,
      serverFinalState: srv?.state ?? "CLOSED",
    });
  },
};
