/**
 * A hand-made trace: handshake, one request, client-first close, plus a
 * dropped SYN retransmission and a RST from a closed port. Written by hand so
 * the exporters can be tested without the simulation core.
 */
import type { Segment, TcpOptions } from "../../../src/sim/segment.ts";
import type { TraceEvent } from "../../../src/sim/trace.ts";

export const CLIENT = { ip: "10.0.0.1", port: 40000 };
export const SERVER = { ip: "10.0.0.2", port: 80 };
export const ISN_C = 4294967000; // close to 2^32 so relative numbers must wrap
export const ISN_S = 1234567;

let nextId = 1;
function seg(
  from: typeof CLIENT,
  to: typeof CLIENT,
  seq: number,
  ack: number | undefined,
  flags: string,
  len = 0,
  options: TcpOptions = {},
  window = 502,
): Segment {
  return {
    id: nextId++,
    src: from,
    dst: to,
    seq,
    ...(ack === undefined ? {} : { ack }),
    ctl: { syn: flags.includes("S"), fin: flags.includes("F"), rst: flags.includes("R"), psh: flags.includes("P") },
    window,
    len,
    options,
  };
}

const wrap = (n: number): number => n % 2 ** 32;

export const synOpts: TcpOptions = { mss: 1460, sackPermitted: true, timestamp: { val: 1000, ecr: 0 }, windowScale: 7 };
export const synAckOpts: TcpOptions = {
  mss: 1460,
  sackPermitted: true,
  timestamp: { val: 5000, ecr: 1000 },
  windowScale: 7,
};

export const syn = seg(CLIENT, SERVER, ISN_C, undefined, "S", 0, synOpts, 64240);
export const synRetrans = seg(CLIENT, SERVER, ISN_C, undefined, "S", 0, synOpts, 64240);
export const synAck = seg(SERVER, CLIENT, ISN_S, wrap(ISN_C + 1), "S", 0, synAckOpts, 65160);
export const ack = seg(CLIENT, SERVER, wrap(ISN_C + 1), ISN_S + 1, "", 0, { timestamp: { val: 1001, ecr: 5000 } });
export const req = seg(CLIENT, SERVER, wrap(ISN_C + 1), ISN_S + 1, "P", 100, { timestamp: { val: 1001, ecr: 5000 } });
export const resp = seg(
  SERVER,
  CLIENT,
  ISN_S + 1,
  wrap(ISN_C + 101),
  "P",
  301,
  { timestamp: { val: 5001, ecr: 1001 } },
  509,
);
export const fin = seg(CLIENT, SERVER, wrap(ISN_C + 101), ISN_S + 302, "F", 0, { timestamp: { val: 1002, ecr: 5001 } });
export const finAck = seg(
  SERVER,
  CLIENT,
  ISN_S + 302,
  wrap(ISN_C + 102),
  "F",
  0,
  { timestamp: { val: 5002, ecr: 1002 } },
  509,
);
export const lastAck = seg(CLIENT, SERVER, wrap(ISN_C + 102), ISN_S + 303, "", 0, {
  timestamp: { val: 1003, ecr: 5002 },
});
export const rst = seg({ ip: "10.0.0.2", port: 81 }, { ip: "10.0.0.1", port: 40002 }, 0, 777, "R", 0, {}, 0);

const sockC = { host: "client", local: CLIENT, remote: SERVER };

export const trace: TraceEvent[] = [
  { t: 0, kind: "call", host: "client", call: "connect", result: "ok", sock: sockC },
  { t: 0, kind: "state", sock: sockC, from: "CLOSED", to: "SYN_SENT" },
  { t: 0, kind: "send", host: "client", seg: syn },
  { t: 0, kind: "timer", sock: sockC, timer: "retransmit", action: "arm", at: 1_000_000 },
  { t: 50, kind: "drop", host: "server", seg: syn, reason: "fault" },
  { t: 1_000_000, kind: "send", host: "client", seg: synRetrans },
  { t: 1_000_050, kind: "deliver", host: "server", seg: synRetrans },
  { t: 1_000_050, kind: "send", host: "server", seg: synAck },
  { t: 1_000_100, kind: "deliver", host: "client", seg: synAck },
  { t: 1_000_100, kind: "state", sock: sockC, from: "SYN_SENT", to: "ESTABLISHED" },
  { t: 1_000_100, kind: "send", host: "client", seg: ack },
  { t: 1_000_100, kind: "send", host: "client", seg: req },
  { t: 1_000_150, kind: "deliver", host: "server", seg: ack },
  { t: 1_000_150, kind: "deliver", host: "server", seg: req },
  { t: 1_000_200, kind: "send", host: "server", seg: resp },
  { t: 1_000_250, kind: "deliver", host: "client", seg: resp },
  { t: 1_000_250, kind: "send", host: "client", seg: fin },
  { t: 1_000_300, kind: "deliver", host: "server", seg: fin },
  { t: 1_000_300, kind: "send", host: "server", seg: finAck },
  { t: 1_000_350, kind: "deliver", host: "client", seg: finAck },
  { t: 1_000_350, kind: "send", host: "client", seg: lastAck },
  { t: 1_000_350, kind: "state", sock: sockC, from: "FIN_WAIT2", to: "TIME_WAIT" },
  { t: 1_000_400, kind: "deliver", host: "server", seg: lastAck },
  { t: 2_500_000, kind: "send", host: "server", seg: rst },
  { t: 2_500_000, kind: "counter", host: "client", name: "TcpExtTCPTimeWaitOverflow", value: 0 },
  { t: 2_500_000, kind: "note", text: "done" },
];
