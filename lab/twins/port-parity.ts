import { fig, type Experiment } from "./types.ts";
import { isError, mustListen, world, MS } from "./world.ts";

function parity(ports: readonly number[]): string {
  const kinds = new Set(ports.map((p) => p % 2));
  return kinds.size === 1 ? (kinds.has(0) ? "even" : "odd") : "mixed";
}

export const portParity: Experiment = {
  id: "port-parity",
  claim:
    "With ip_local_port_range = 1024 65000 (the same parity at both ends), connect() still takes even ports and bind(0) odd ones, so the two do not compete for the same ports.",
  claimZh:
    "即使 ip_local_port_range = 1024 65000（两端奇偶相同），connect() 仍取偶数端口、bind(0) 取奇数端口，两者不会争抢同一批端口。",
  note: null,
  noteZh: null,
  figures: [
    fig("connectParity", "parity", 0, "ports connect() chose (8)", "connect() 选择的端口（8 个）"),
    fig("bindParity", "parity", 0, "ports bind(0) chose (8)", "bind(0) 选择的端口（8 个）"),
  ],
  sim() {
    const w = world({ "net.ipv4.ip_local_port_range": "1024 65000" });
    mustListen(w.server, 5000);
    const bound: number[] = [];
    for (let i = 0; i < 8; i++) {
      const s = w.client.socket();
      const r = s.bind({ ip: "127.0.0.1", port: 0 });
      if (!r.ok) throw new Error("bind(0) failed: " + r.errno);
      bound.push(s.ref.local.port);
    }
    const connected: number[] = [];
    for (let i = 0; i < 8; i++) {
      const c = w.client.connect({ ip: "127.0.0.2", port: 5000 });
      if (isError(c)) throw new Error(c.errno);
      w.sim.runFor(MS);
      connected.push(c.ref.local.port);
    }
    return { connectParity: parity(connected), bindParity: parity(bound) };
  },
};
