/**
 * How long the port lab takes to redraw for one slider position, outside the
 * browser: capacity model + view + both chart SVGs + data tables, for every
 * rate at the heaviest other settings; then the exact run the lab's Web Worker
 * makes for the default setup (the core's port-exhaustion scenario, two
 * simulated minutes at 600 connections/s), first run (cold, as in a fresh
 * worker) and the median of the next ones.
 * Run: npx node bench/widgets/port-lab.bench.ts
 * (The browser figure, with style and layout, is printed by tests/e2e/ports.e2e.ts.)
 */
import { estimatePortExhaustion } from "../../src/lessons/ports/model.ts";
import { DEFAULT_SETTINGS, LAB_SECONDS, RATES, type PortLabSettings } from "../../src/lessons/ports/settings.ts";
import { buildView, numberFormat, outcomeFromEstimate, type PortLabStrings } from "../../src/lessons/ports/view.ts";
import { seriesSvgs, seriesTableHtml } from "../../src/chart/series.ts";
import { readFileSync } from "node:fs";
import { runScenario } from "../../src/sim/index.ts";
import { scenarioOptions } from "../../src/lessons/ports/settings.ts";

const strings = JSON.parse(
  readFileSync(new URL("../../content/_strings/en/port-lab.json", import.meta.url), "utf8"),
) as PortLabStrings;
const fmt = numberFormat("en");

function redraw(s: PortLabSettings): number {
  const view = buildView(s, outcomeFromEstimate(estimatePortExhaustion(s, LAB_SECONDS), s, LAB_SECONDS), strings, fmt);
  const html =
    seriesSvgs(view.timeWaitChart, "a") +
    seriesSvgs(view.rateChart, "b") +
    seriesTableHtml(view.timeWaitChart, { caption: "", xHeader: "" }, 10) +
    seriesTableHtml(view.rateChart, { caption: "", xHeader: "" }, 10);
  return html.length;
}

const setups: [string, Partial<PortLabSettings>][] = [
  ["defaults", {}],
  ["tcp_tw_reuse=1", { twReuse: 1 }],
  ["8 source IPs × 8 ports", { sourceIps: 8, destPorts: 8 }],
  ["server closes", { closer: "server" }],
];
for (const [name, over] of setups) {
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const rate of RATES) {
      const t0 = performance.now();
      redraw({ ...DEFAULT_SETTINGS, ...over, rate });
      if (round > 0) times.push(performance.now() - t0); // round 0 warms the JIT
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] as number).toFixed(2);
  console.log(`${name.padEnd(24)} median ${q(0.5)} ms  p90 ${q(0.9)} ms  max ${q(1)} ms  (${times.length} redraws)`);
}

// The exact run, as port-lab.worker.ts makes it (summary and series only; the worker never reads ss).
const exact: number[] = [];
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  const r = runScenario("port-exhaustion", scenarioOptions(DEFAULT_SETTINGS));
  if (r.series === undefined) throw new Error("no series");
  exact.push(performance.now() - t0);
}
const rest = exact.slice(1).sort((a, b) => a - b);
console.log(
  `exact run, defaults      first ${(exact[0] as number).toFixed(0)} ms  then median ${(rest[3] as number).toFixed(0)} ms  (${rest.length} runs)`,
);
