import { describe, expect, it } from "vitest";
import type { DiagramStrings } from "../../../../src/diagram/sequence.ts";
import { runScenario } from "../../../../src/sim/scenarios/index.ts";
import {
  DEFAULT_SETTINGS,
  buildHandshakeView,
  formatSeconds,
  scenarioParams,
  sideStates,
  type HandshakeSettings,
} from "../../../../src/lessons/handshake/stepper-model.ts";

const strings: DiagramStrings = {
  title: "t",
  send: "{from} sends {segment} to {to}.",
  lost: "{from} sends {segment} to {to}; lost.",
  state: "{host}: {from} → {to}.",
  timer: "{host}: {timer} fires.",
  lostMark: "lost",
};
const view = (s: Partial<HandshakeSettings> = {}) => buildHandshakeView({ ...DEFAULT_SETTINGS, ...s }, strings);

describe("handshake view", () => {
  it("draws client left and server right under their connection addresses", () => {
    expect(view().model.lanes).toEqual([
      { host: "client", ip: "10.0.0.1" },
      { host: "server", ip: "10.0.0.2" },
    ]);
  });

  it("gives each segment row the fields of the segment it draws", () => {
    const v = view({ dropSyn: 2, dropSynAck: 1 });
    const withSegments = v.steps.filter((s) => s.segment !== undefined);
    // Two lost SYNs, one lost SYN-ACK: 3 SYNs, 2 SYN-ACKs (each answer to a SYN plus a resend), then the ACK.
    expect(withSegments.length).toBeGreaterThanOrEqual(6);
    expect(withSegments.length).toBe(v.result.trace.filter((e) => e.kind === "send").length);
    expect(withSegments.filter((s) => s.segment?.lost)).toHaveLength(3);
    for (const { row, segment } of withSegments) {
      expect(row.label.startsWith(`${segment?.name} seq=${segment?.seq}`)).toBe(true);
      expect(row.lost).toBe(segment?.lost);
    }
  });

  it("shows relative numbers, or the raw ones equal to the core's ISNs", () => {
    const rel = view();
    expect(rel.steps.map((s) => [s.segment?.name, s.segment?.seq, s.segment?.ack])).toEqual([
      ["SYN", 0, undefined],
      ["SYN-ACK", 0, 1],
      ["ACK", 1, 1],
    ]);
    const raw = view({ relative: false });
    const summary = raw.result.summary;
    const [syn, synAck, ack] = raw.steps.map((s) => s.segment);
    expect(syn?.seq).toBe(summary["clientIsn"]);
    expect(synAck?.seq).toBe(summary["serverIsn"]);
    expect(synAck?.ack).toBe(((summary["clientIsn"] as number) + 1) % 2 ** 32);
    expect(ack?.ack).toBe(summary["clientAckOfSynAck"]);
  });

  it("uses the ISNs typed in, wrapping at 2^32", () => {
    const v = view({ relative: false, clientIsn: 0xffffffff, serverIsn: 7 });
    expect(v.steps.map((s) => [s.segment?.seq, s.segment?.ack])).toEqual([
      [0xffffffff, undefined],
      [7, 0],
      [0, 8],
    ]);
  });

  it("reports SYN and SYN-ACK options only where Linux sends them", () => {
    const [syn, , ack] = view().steps.map((s) => s.segment);
    expect(syn?.mss).toBeGreaterThan(0);
    expect(syn?.sackPermitted).toBe(true);
    expect(syn?.windowScale).toBeDefined();
    expect(syn?.tsEcr).toBe(0);
    expect(ack?.mss).toBeUndefined();
    expect(ack?.tsVal).toBeDefined();
    // The shown option values are the ones on the wire, read from an independent run's sends.
    const sends = runScenario("handshake", { params: scenarioParams(DEFAULT_SETTINGS) }).trace.flatMap((e) =>
      e.kind === "send" ? [e.seg] : [],
    );
    expect(sends).toHaveLength(3);
    const wireSyn = sends[0];
    const wireAck = sends[2];
    // RFC 7323 §2.3: a shift count is 0..14.
    expect(wireSyn?.options.windowScale).toBeGreaterThanOrEqual(0);
    expect(wireSyn?.options.windowScale).toBeLessThanOrEqual(14);
    expect(syn?.windowScale).toBe(wireSyn?.options.windowScale);
    expect(syn?.tsVal).toBe(wireSyn?.options.timestamp?.val);
    expect(wireAck?.options.timestamp?.val).toEqual(expect.any(Number));
    expect(ack?.tsVal).toBe(wireAck?.options.timestamp?.val);
    expect(ack?.tsEcr).toBe(wireAck?.options.timestamp?.ecr);
    expect(view({ timestamps: false }).steps[0]?.segment?.tsVal).toBeUndefined();
  });

  it("gives each side's state after every step, the server listening before the SYN", () => {
    const v = view();
    const states = [0, 1, 2, 3].map((step) => sideStates(v, step).map((x) => x.state));
    expect(states).toEqual([
      ["CLOSED", "LISTEN"],
      ["SYN_SENT", "SYN_RECV"],
      ["ESTABLISHED", "SYN_RECV"],
      ["ESTABLISHED", "ESTABLISHED"],
    ]);
  });

  it("lists retransmissions with the core's times and the same outcome as runScenario", () => {
    const settings = { ...DEFAULT_SETTINGS, dropSyn: 3 };
    const v = buildHandshakeView(settings, strings);
    const independent = runScenario("handshake", { params: scenarioParams(settings) });
    const synSends = independent.trace.filter((e) => e.kind === "send" && e.seg.ctl.syn && e.seg.ack === undefined);
    expect(v.syns.map((a) => a.t)).toEqual(synSends.map((e) => e.t));
    expect(v.syns.map((a) => a.lost)).toEqual([true, true, true, false]);
    expect(formatSeconds(v.establishedAt)).toBe(String(independent.summary["clientEstablishedAtSec"]));
    const failed = view({ dropSyn: 20 });
    expect(failed.establishedAt).toBe(-1);
    expect(failed.clientError).toBe("ETIMEDOUT");
    expect(failed.failedAt).toBeGreaterThan(failed.syns.at(-1)?.t ?? Infinity);
  });
});

describe("formatSeconds", () => {
  it("prints whole seconds bare and others without trailing zeros", () => {
    expect(formatSeconds(67_000_000)).toBe("67");
    expect(formatSeconds(500)).toBe("0.0005");
    expect(formatSeconds(3_001_000)).toBe("3.001");
  });
});
