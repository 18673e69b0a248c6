/**
 * The handshake's windows follow tcp_select_initial_window(), as measured on Linux 6.18
 * (lab/results/handshake-options.json): the SYN's window is the largest multiple of the MSS within
 * 64 KiB, the SYN-ACK's uses the MSS less 12 bytes when timestamps are on, and the window field
 * afterwards is that window aligned up to 2^7 and shifted.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulation } from "../../../src/sim/simulation.ts";
import { flagString } from "../../../src/sim/segment.ts";
import { initialWindow } from "../../../src/sim/tcp/constants.ts";

function handshake(mss: number, timestamps: boolean) {
  const sim = new Simulation({ seed: 3, sysctl: { tcp_timestamps: timestamps ? 1 : 0 } });
  const c = sim.addHost("client", "10.0.0.1", { mss });
  const s = sim.addHost("server", "10.0.0.2", { mss });
  sim.link(c, s, { delay: 100 });
  const l = s.listen(80, 16);
  if (!l.ok) throw new Error("listen");
  c.connect({ ip: "10.0.0.2", port: 80 });
  sim.runFor(10_000);
  const win = (flags: string, host: string) =>
    sim.trace.find((e) => e.kind === "send" && e.host === host && flagString(e.seg) === flags);
  const syn = win("S", "client");
  const synAck = win("S.", "server");
  const ack = win(".", "client");
  if (syn?.kind !== "send" || synAck?.kind !== "send" || ack?.kind !== "send") throw new Error("no handshake");
  return { syn: syn.seg.window, synAck: synAck.seg.window, ack: ack.seg.window };
}

describe("handshake windows (tcp_select_initial_window)", () => {
  it("Ethernet MSS 1460: SYN 64240, SYN-ACK 65160 with timestamps, final ACK 502", () => {
    expect(handshake(1460, true)).toEqual({ syn: 64240, synAck: 65160, ack: 502 });
  });

  it("without timestamps the SYN-ACK keeps the full MSS: 64240", () => {
    expect(handshake(1460, false).synAck).toBe(64240);
  });

  it("loopback MSS 65495: SYN 65495, SYN-ACK 65483, final ACK 512", () => {
    expect(handshake(65495, true)).toEqual({ syn: 65495, synAck: 65483, ack: 512 });
  });

  it("the initial window is a multiple of the MSS (or the 16-bit cap), at most 64 KiB − 1, and loses less than one MSS", () => {
    // An MSS that divides 64 KiB (128, 256 … 32768) rounds to 65536, which the
    // 16-bit window field caps at 65535: the only case that is not a multiple.
    expect(initialWindow(32768)).toBe(65535);
    fc.assert(
      fc.property(fc.integer({ min: 88, max: 65495 }), (mss) => {
        const w = initialWindow(mss);
        expect(w).toBeLessThanOrEqual(65535);
        expect(w % mss === 0 || (w === 65535 && 65536 % mss === 0)).toBe(true);
        expect(65536 - w).toBeLessThan(mss + 1);
      }),
    );
  });
});
