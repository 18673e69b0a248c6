/**
 * What the port-exhaustion lab shows for one outcome (the model's estimate
 * or the core's exact run): two chart specs, the key figures and the
 * summary sentence. Pure; the server renders the first frame with it and
 * the browser redraws with it.
 */
import type { ChartSpec } from "../../chart/series.ts";
import type { PortEstimate } from "./model.ts";
import { ceilingPerSec, portsOf, rangeOf, POOL_SIZE, type PortLabSettings } from "./settings.ts";
import { fill } from "../../text/fill.ts";
import { steadyRate, rollingMean } from "../../sim/index.ts";
import { text, type TextKey } from "../../text/strings.ts";
import type portLabStrings from "../../../content/_strings/en/port-lab.json";

/** Every visible word of the lab, from content/_strings/en/port-lab.json. */
export type PortLabStrings = typeof portLabStrings;
export type PortLabKey = TextKey<PortLabStrings>;

/** The outcome of one run, from the model or from the core's ScenarioResult. */
export interface PortOutcome {
  readonly exact: boolean;
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly peakTimeWait: number;
  readonly peakServerTimeWait: number;
  readonly twRecycled: number;
  /** First second with an EADDRNOTAVAIL, or -1. */
  readonly firstFailureAtSec: number;
  /** Requests carried (keep-alive); equals succeeded otherwise. */
  readonly requestsServed: number;
  /** Successes per second averaged over the end of the run (see steadyRate). */
  readonly steady: number;
  readonly series: {
    readonly timeWait: readonly number[];
    readonly serverTimeWait: readonly number[];
    readonly successes: readonly number[];
    readonly failures: readonly number[];
  };
}

export { fill } from "../../text/fill.ts";

export function str(strings: PortLabStrings, key: PortLabKey): string {
  return text(strings, key, "port lab");
}

export type NumberFormat = (n: number, digits?: number) => string;

export function numberFormat(locale: string): NumberFormat {
  const cache = new Map<number, Intl.NumberFormat>();
  return (n, digits = 0) => {
    let f = cache.get(digits);
    if (f === undefined) {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
      cache.set(digits, f);
    }
    return f.format(n);
  };
}

/** The core's figures: mean success rate at the end of a run, and its rolling form for the chart. */
export { steadyRate, rollingMean };

/** Visible value of each slider. */
export function settingTexts(s: PortLabSettings, strings: PortLabStrings, fmt: NumberFormat): Record<string, string> {
  const [lo, hi] = rangeOf(s.portRange);
  return {
    rate: fill(str(strings, "rateValue"), { rate: fmt(s.rate) }),
    range: fill(str(strings, "rangeValue"), { ports: fmt(portsOf(s.portRange)), low: lo, high: hi }),
    closer: str(strings, `closer-${s.closer}`),
    // twReuse is 0, 1 or 2 (settings.ts clamps it); text() still throws on any other value.
    reuse: str(strings, `reuse-${s.twReuse}` as PortLabKey),
    ips: fmt(s.sourceIps),
    dports: fmt(s.destPorts),
    keepalive: str(strings, s.keepAlive ? "keepalive-on" : "keepalive-off"),
  };
}

export interface PortLabView {
  readonly timeWaitChart: ChartSpec;
  readonly rateChart: ChartSpec;
  /** Key figures, by name (the widget shows them in a list; tests read them). */
  readonly figures: Readonly<Record<string, string>>;
  readonly summary: string;
  /** One line under the rate chart: why the successes come in bursts, or what the average line is. */
  readonly rateCaption: string;
  readonly ceiling: number | undefined;
}

export function buildView(s: PortLabSettings, o: PortOutcome, strings: PortLabStrings, fmt: NumberFormat): PortLabView {
  const ceiling = ceilingPerSec(s);
  const ports = portsOf(s.portRange) * s.sourceIps * s.destPorts;
  const clientHolds = s.closer === "client";
  const steady = o.steady;
  const timeWaitChart: ChartSpec = {
    title: str(strings, "twChartTitle"),
    description: fill(str(strings, "twChartDesc"), {
      client: fmt(o.peakTimeWait),
      server: fmt(o.peakServerTimeWait),
    }),
    xLabel: str(strings, "xLabel"),
    yLabel: str(strings, "twAxis"),
    series: [
      { label: str(strings, "seriesClientTw"), values: o.series.timeWait },
      { label: str(strings, "seriesServerTw"), values: o.series.serverTimeWait, style: 3 },
    ],
    reference:
      clientHolds && !s.keepAlive
        ? { value: ports, label: fill(str(strings, "portsLine"), { ports: fmt(ports) }) }
        : undefined,
    format: (n) => fmt(n),
  };
  const rateChart: ChartSpec = {
    title: str(strings, "rateChartTitle"),
    description: fill(str(strings, "rateChartDesc"), {
      steady: fmt(steady, 1),
      failed: fmt(o.failed),
    }),
    xLabel: str(strings, "xLabel"),
    yLabel: str(strings, "rateAxis"),
    series: [
      { label: str(strings, "seriesOk"), values: o.series.successes, style: 1 },
      { label: str(strings, "seriesFailed"), values: o.series.failures, style: 2 },
      { label: str(strings, "seriesAvg"), values: rollingMean(o.series.successes), style: 0 },
    ],
    reference:
      ceiling === undefined
        ? undefined
        : { value: ceiling, label: fill(str(strings, "ceilingLine"), { ceiling: fmt(ceiling, 1) }) },
    format: (n) => fmt(n),
  };
  const figures: Record<string, string> = {
    attempted: fmt(o.attempted),
    succeeded: fmt(o.succeeded),
    failed: fmt(o.failed),
    peakTimeWait: fmt(o.peakTimeWait),
    peakServerTimeWait: fmt(o.peakServerTimeWait),
    twRecycled: fmt(o.twRecycled),
    steady: fmt(steady, 1),
    ceiling: ceiling === undefined ? str(strings, "noCeiling") : fmt(ceiling, 1),
  };
  let summary: string;
  if (s.keepAlive) {
    summary = fill(str(strings, "summaryKeepAlive"), { pool: fmt(POOL_SIZE), served: fmt(o.requestsServed) });
  } else if (o.failed > 0) {
    summary = fill(str(strings, "summaryFail"), {
      rate: fmt(s.rate),
      first: fmt(o.firstFailureAtSec),
      steady: fmt(steady, 1),
      ceiling: ceiling === undefined ? str(strings, "noCeiling") : fmt(ceiling, 1),
      failed: fmt(o.failed),
    });
  } else if (clientHolds) {
    summary = fill(str(strings, o.twRecycled > 0 ? "summaryReuse" : "summaryOk"), {
      attempted: fmt(o.attempted),
      peak: fmt(o.peakTimeWait),
      recycled: fmt(o.twRecycled),
    });
  } else {
    summary = fill(str(strings, "summaryServer"), { attempted: fmt(o.attempted), peak: fmt(o.peakServerTimeWait) });
  }
  const rateCaption = fill(str(strings, o.failed > 0 && !s.keepAlive ? "rateCaptionBursts" : "rateCaptionSteady"), {
    steady: fmt(steady, 1),
  });
  return { timeWaitChart, rateChart, figures, summary, rateCaption, ceiling };
}

/** The core's ScenarioResult as an outcome (keep-alive runs carry no series: the pool opens once). */
export function outcomeFromCore(
  summary: Readonly<Record<string, number | string | boolean>>,
  series: Readonly<Record<string, readonly number[]>> | undefined,
  seconds: number,
): PortOutcome {
  const n = (k: string): number => {
    const v = summary[k];
    return typeof v === "number" ? v : 0;
  };
  const zeros = new Array<number>(seconds).fill(0);
  const opened = zeros.slice();
  opened[0] = n("succeeded");
  return {
    exact: true,
    attempted: n("attempted"),
    succeeded: n("succeeded"),
    failed: n("failedEaddrnotavail"),
    peakTimeWait: n("peakTimeWait"),
    peakServerTimeWait: n("peakServerTimeWait"),
    twRecycled: n("twRecycled"),
    firstFailureAtSec: summary["firstFailureAtSec"] === undefined ? -1 : n("firstFailureAtSec"),
    requestsServed: summary["requestsServed"] === undefined ? n("succeeded") : n("requestsServed"),
    steady: series?.["successes"] === undefined ? 0 : n("steadySuccessRatePerSec"),
    series: {
      timeWait: series?.["timeWait"] ?? zeros,
      serverTimeWait: series?.["serverTimeWait"] ?? zeros,
      successes: series?.["successes"] ?? opened,
      failures: series?.["failures"] ?? zeros,
    },
  };
}

/** The model's estimate as an outcome; with keep-alive the pool opens once and carries every request. */
export function outcomeFromEstimate(e: PortEstimate, s: PortLabSettings, seconds: number): PortOutcome {
  if (s.keepAlive) {
    return {
      ...outcomeFromCore(
        { attempted: POOL_SIZE, succeeded: POOL_SIZE, requestsServed: s.rate * seconds },
        undefined,
        seconds,
      ),
      exact: false,
    };
  }
  return {
    exact: false,
    attempted: e.attempted,
    succeeded: e.succeeded,
    failed: e.failed,
    peakTimeWait: e.peakTimeWait,
    peakServerTimeWait: Math.max(0, ...e.serverTimeWait),
    twRecycled: e.twRecycled,
    firstFailureAtSec: e.firstFailureAtSec,
    requestsServed: e.succeeded,
    steady: steadyRate(e.successes),
    series: e,
  };
}
