/**
 * Expected output for the closing lesson's "Try it" commands, from
 * simulating the same setup as the handshake lesson's namespace (client
 * 10.0.0.1, server 10.0.0.2:80, 500 µs each way): `python3 -m http.server`
 * speaks HTTP/1.0, so the server closes first after its response, and
 * curl closes when it has read it.
 */
import { Simulation, type Micros, type TcpSocket } from "../../sim/index.ts";
import { namespaceNstat, namespaceSs } from "../handshake/try-it.ts";

/** Sizes of curl's request and the server's reply; they change no line shown. */
const REQUEST_BYTES = 80;
const REPLY_BYTES = 1000;

export interface HttpCloseRun {
  /** `ss -tan -o` at each requested time (µs after connect()). */
  readonly ss: ReadonlyMap<Micros, string[]>;
  /** `nstat -az` of the counters asked for, at the end of the run. */
  readonly nstat: string[];
  /** When TIME_WAIT began and ended, µs. */
  readonly timeWaitFrom: Micros;
  readonly timeWaitTo: Micros;
}

export function httpClose(
  snapshots: readonly Micros[],
  counters: readonly string[],
  finTimeout?: number,
): HttpCloseRun {
  const sim = new Simulation({ seed: 1 });
  const client = sim.addHost("client", "10.0.0.1");
  const server = sim.addHost("server", "10.0.0.2");
  sim.link(client, server, { delay: 500 });
  if (finTimeout !== undefined) for (const h of [client, server]) h.setSysctl("net.ipv4.tcp_fin_timeout", finTimeout);
  const l = server.listen(80, 128);
  if (!l.ok) throw new Error("try-it: listen failed");
  l.onConnection = () => {
    const a = l.accept();
    if (!a.ok) return;
    // HTTP/1.0: read the request, send the reply, close.
    a.onData = (x: TcpSocket) => {
      x.read();
      x.send(REPLY_BYTES);
      x.close();
    };
  };
  const c = client.connect({ ip: "10.0.0.2", port: 80 });
  if (!c.ok) throw new Error(`try-it: connect failed with ${c.errno}`);
  c.onEstablished = () => void c.send(REQUEST_BYTES);
  c.onData = (x) => void x.read();
  c.onPeerClose = (x) => {
    x.read();
    x.close();
  };
  const ss = new Map<Micros, string[]>();
  for (const t of [...snapshots].sort((a, b) => a - b)) {
    sim.runUntil(t);
    ss.set(t, namespaceSs([...client.ss(), ...server.ss()]));
  }
  sim.runFor(120_000_000);
  let timeWaitFrom = -1;
  let timeWaitTo = -1;
  for (const e of sim.trace) {
    if (e.kind !== "state") continue;
    if (e.to === "TIME_WAIT" && timeWaitFrom < 0) timeWaitFrom = e.t;
    if (e.from === "TIME_WAIT" && timeWaitTo < 0) timeWaitTo = e.t;
  }
  const result = {
    counters: Object.fromEntries([...sim.hosts.values()].map((h) => [h.name, h.counterSet.snapshot()])),
  };
  return { ss, nstat: namespaceNstat(result, counters), timeWaitFrom, timeWaitTo };
}
