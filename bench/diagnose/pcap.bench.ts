/**
 * How long the pcap explainer takes on a capture of 100,000 packets (goal:
 * under 2 s). The capture is built from the real-kernel fixture
 * tests/fixtures/diagnose/lo-ether.pcap: its 35 frames repeated with a new
 * client port and a later timestamp each time, so it holds about 14,000
 * connections. Run: npx node bench/diagnose/pcap.bench.ts
 */
import { readFileSync } from "node:fs";
import { explainCapture } from "../../src/diagnose/capture.ts";

const src = new Uint8Array(readFileSync(new URL("../../tests/fixtures/diagnose/lo-ether.pcap", import.meta.url)));
const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
const frames: Uint8Array[] = [];
for (let o = 24; o + 16 <= src.length;) {
  const incl = view.getUint32(o + 8, true);
  frames.push(src.slice(o, o + 16 + incl));
  o += 16 + incl;
}
const TARGET = 100_000;
const out = new Uint8Array(24 + Math.ceil(TARGET / frames.length) * frames.reduce((n, f) => n + f.length, 0));
out.set(src.slice(0, 24));
let o = 24;
let count = 0;
for (let round = 0; count < TARGET; round++) {
  for (const f of frames) {
    if (count >= TARGET) break;
    const copy = f.slice();
    const v = new DataView(copy.buffer);
    v.setUint32(0, v.getUint32(0, true) + round * 40, true); // 40 s later per round
    // Client ports (10000 + round) on both directions: a new 4-tuple per round.
    const tcp = 16 + 14 + 20;
    const sport = v.getUint16(tcp);
    const dport = v.getUint16(tcp + 2);
    if (sport !== 7000 && sport !== 7001) v.setUint16(tcp, 10000 + (round % 50000));
    if (dport !== 7000 && dport !== 7001) v.setUint16(tcp + 2, 10000 + (round % 50000));
    out.set(copy, o);
    o += copy.length;
    count++;
  }
}
const capture = out.slice(0, o);

const runs: number[] = [];
let connections = 0;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  const r = explainCapture(capture);
  runs.push(performance.now() - start);
  connections = r.connections.length;
  if (r.capture.packets.length !== TARGET) throw new Error(`read ${r.capture.packets.length} packets`);
}
runs.sort((a, b) => a - b);
console.log(
  `pcap explainer: ${TARGET} packets (${(capture.length / 1e6).toFixed(1)} MB, ${connections} connections): ` +
    `median ${runs[2]?.toFixed(0)} ms, best ${runs[0]?.toFixed(0)} ms (goal < 2000 ms)`,
);
