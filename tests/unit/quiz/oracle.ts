/**
 * An independent reading of the core for the quiz tests: its own driver of
 * `Simulation` (not src/quiz/runs.ts) and its own trace walking, so a bug in
 * the generators' trace readers cannot hide behind itself.
 */
import { Simulation } from "../../../src/sim/simulation.ts";
import type { Segment } from "../../../src/sim/segment.ts";
import type { TraceEvent } from "../../../src/sim/trace.ts";
import type { ConversationSpec } from "../../../src/quiz/runs.ts";

export function independentRun(spec: ConversationSpec): { segments: Segment[]; trace: readonly TraceEvent[] } {
  const sim = new Simulation({ seed: spec.seed, profile: spec.profile ?? "linux" });
  const a = sim.addHost("client", "10.0.0.1");
  const b = sim.addHost("server", "10.0.0.2");
  sim.link(a, b, { delay: 500 });
  const l = b.listen(80, 128, { isn: spec.serverIsn });
  if (!l.ok) throw new Error("listen");
  const c = a.connect({ ip: "10.0.0.2", port: 80 }, { isn: spec.clientIsn });
  if (!c.ok) throw new Error("connect");
  let child: import("../../../src/sim/tcp/socket.ts").TcpSocket | undefined;
  const onEof = (s: import("../../../src/sim/tcp/socket.ts").TcpSocket): void => {
    s.read();
    if (spec.closer !== "simultaneous") sim.after(200_000, () => void s.close());
  };
  c.onData = (s) => void s.read();
  c.onPeerClose = onEof;
  c.onEstablished = () => void (spec.clientBytes > 0 && c.send(spec.clientBytes));
  l.onConnection = () => {
    const x = l.accept();
    if (!x.ok) return;
    child = x;
    x.onData = (s) => void s.read();
    x.onPeerClose = onEof;
    if (spec.serverBytes > 0) x.send(spec.serverBytes);
  };
  sim.at(1_000_000, () => {
    if (spec.closer === "client" || spec.closer === "simultaneous") c.close();
    if (spec.closer === "server" || spec.closer === "simultaneous") child?.close();
  });
  sim.runFor(300_000_000);
  const segments = sim.trace.flatMap((e) => (e.kind === "send" ? [e.seg] : []));
  return { segments, trace: sim.trace };
}
