import { describe, expect, it } from "vitest";
import { buildSequence, sequenceSvg, statesAfter, type DiagramStrings } from "../../../src/diagram/sequence.ts";
import type { Segment } from "../../../src/sim/segment.ts";
import type { TcpState, TraceEvent } from "../../../src/sim/trace.ts";

const strings: DiagramStrings = {
  title: "Handshake",
  send: "{from} sends {segment} to {to}.",
  lost: "{from} sends {segment} to {to}; it is lost.",
  state: "{host}: {from} → {to}.",
  timer: "{host}: {timer} timer fires.",
  lostMark: "lost",
};

const client = { ip: "10.0.0.1", port: 40000 };
const server = { ip: "10.0.0.2", port: 80 };
let nextId = 1;
function seg(from: "c" | "s", fields: Partial<Segment> & { syn?: boolean; fin?: boolean }): Segment {
  const { syn = false, fin = false, ...rest } = fields;
  return {
    id: nextId++,
    src: from === "c" ? client : server,
    dst: from === "c" ? server : client,
    seq: 0,
    ctl: { syn, fin, rst: false, psh: false },
    window: 64240,
    len: 0,
    options: {},
    ...rest,
  };
}
const state = (t: number, host: string, from: TcpState, to: TcpState): TraceEvent => ({
  t,
  kind: "state",
  sock: { host, local: host === "client" ? client : server },
  from,
  to,
});

/** A handshake whose first SYN is lost and resent after 1 s. */
function handshakeWithLostSyn(): TraceEvent[] {
  const syn = seg("c", { seq: 1000, syn: true });
  const synAgain = seg("c", { seq: 1000, syn: true });
  const synAck = seg("s", { seq: 5000, ack: 1001, syn: true });
  const ack = seg("c", { seq: 1001, ack: 5001 });
  return [
    state(0, "client", "CLOSED", "SYN_SENT"),
    { t: 0, kind: "send", host: "client", seg: syn },
    { t: 50, kind: "drop", host: "client", seg: syn, reason: "fault" },
    { t: 1_000_000, kind: "timer", sock: { host: "client", local: client }, timer: "retransmit", action: "fire" },
    { t: 1_000_000, kind: "send", host: "client", seg: synAgain },
    { t: 1_000_100, kind: "deliver", host: "server", seg: synAgain },
    state(1_000_100, "server", "LISTEN", "SYN_RECV"),
    { t: 1_000_100, kind: "send", host: "server", seg: synAck },
    { t: 1_000_200, kind: "deliver", host: "client", seg: synAck },
    state(1_000_200, "client", "SYN_SENT", "ESTABLISHED"),
    { t: 1_000_200, kind: "send", host: "client", seg: ack },
    { t: 1_000_300, kind: "deliver", host: "server", seg: ack },
    state(1_000_300, "server", "SYN_RECV", "ESTABLISHED"),
  ];
}

describe("sequence diagram model", () => {
  const model = buildSequence(handshakeWithLostSyn(), strings);

  it("has one lane per host and one row per segment or timer", () => {
    expect(model.lanes.map((l) => `${l.host} ${l.ip}`)).toEqual(["client 10.0.0.1", "server 10.0.0.2"]);
    expect(model.rows.map((r) => r.label)).toEqual([
      "SYN seq=0",
      "retransmit",
      "SYN seq=0",
      "SYN-ACK seq=0 ack=1",
      "ACK seq=1 ack=1",
    ]);
  });

  it("shows raw numbers when asked", () => {
    const raw = buildSequence(handshakeWithLostSyn(), strings, { relative: false });
    expect(raw.rows[3]?.label).toBe("SYN-ACK seq=5000 ack=1001");
  });

  it("marks the lost segment and describes it in words", () => {
    expect(model.rows[0]?.lost).toBe(true);
    expect(model.rows[0]?.description).toBe("client sends SYN seq=0 to server; it is lost.");
    expect(model.rows[2]?.lost).toBe(false);
  });

  it("puts each state change on the row that caused it", () => {
    expect(statesAfter(model, 0)).toEqual(["CLOSED", "CLOSED"]);
    expect(statesAfter(model, 1)).toEqual(["SYN_SENT", "CLOSED"]);
    // The SYN-ACK's arrival makes the client ESTABLISHED, before its ACK is sent.
    expect(statesAfter(model, 4)).toEqual(["ESTABLISHED", "SYN_RECV"]);
    expect(statesAfter(model)).toEqual(["ESTABLISHED", "ESTABLISHED"]);
  });
});

describe("sequence diagram SVG", () => {
  const model = buildSequence(handshakeWithLostSyn(), strings);

  it("hides rows after the current step", () => {
    const svg = sequenceSvg(model, strings, 2);
    expect(svg.match(/data-row="\d+" hidden/g)).toHaveLength(3);
    expect(svg).toContain('aria-label="Handshake"');
  });

  it("escapes text so host names cannot inject markup", () => {
    const trace = handshakeWithLostSyn().map((ev) =>
      ev.kind === "send" && ev.host === "client" ? { ...ev, host: "<b>&x" } : ev,
    );
    const svg = sequenceSvg(buildSequence(trace, strings), strings);
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&#60;b&#62;&#38;x");
  });
});

describe("lanes", () => {
  it("come from the hosts that send, not from a listener bound to 0.0.0.0 set up first", () => {
    const listen: TraceEvent = {
      t: 0,
      kind: "state",
      sock: { host: "server", local: { ip: "0.0.0.0", port: 80 } },
      from: "CLOSED",
      to: "LISTEN",
    };
    const model = buildSequence([listen, ...handshakeWithLostSyn()], strings);
    expect(model.lanes.map((l) => `${l.host} ${l.ip}`)).toEqual(["client 10.0.0.1", "server 10.0.0.2"]);
    expect(model.initialStates).toEqual(["CLOSED", "LISTEN"]);
  });
});

describe("state labels", () => {
  it("chain several changes of one lane within a row instead of overprinting them", () => {
    const trace = [
      ...handshakeWithLostSyn(),
      state(1_000_300, "server", "ESTABLISHED", "CLOSE_WAIT"),
      state(1_000_300, "server", "CLOSE_WAIT", "LAST_ACK"),
    ];
    const svg = sequenceSvg(buildSequence(trace, strings), strings);
    expect(svg).toContain(">ESTABLISHED →</text>");
    expect(svg).toContain(">CLOSE_WAIT →</text>");
    expect(svg).toContain(">LAST_ACK</text>");
  });
});
