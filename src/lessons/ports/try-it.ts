/**
 * The "Try it on a Linux machine" runs: the same setup as the commands in
 * the lesson (a 10-port range, a loop of 20 connections per second on
 * loopback, the client closing first), simulated so the page can print the
 * output a reader should expect.
 */
import { runScenario, type ScenarioResult } from "../../sim/index.ts";

export const TRY_RANGE = [40000, 40009] as const;
/** The loop sleeps 1 / TRY_RATE s between connects. */
export const TRY_RATE = 20;

export interface TryRun {
  readonly seconds: number;
  readonly attempted: number;
  readonly ok: number;
  readonly failed: number;
  /** `ss -Htan state time-wait | wc -l` right after the loop. */
  readonly timeWaitAfter: number;
  /** `nstat -az TcpExtTWRecycled` on the client. */
  readonly twRecycled: number;
  /** Successes per second. */
  readonly perSecond: readonly number[];
}

export function tryRun(twReuse: number, seconds: number): TryRun {
  const r: ScenarioResult = runScenario("port-exhaustion", {
    params: {
      rate: TRY_RATE,
      durationSec: seconds,
      portLow: TRY_RANGE[0],
      portHigh: TRY_RANGE[1],
      loopback: true,
      twReuse,
      trace: "none",
    },
  });
  const n = (k: string): number => Number(r.summary[k] ?? 0);
  const tw = r.series?.["timeWait"] ?? [];
  return {
    seconds,
    attempted: n("attempted"),
    ok: n("succeeded"),
    failed: n("failedEaddrnotavail"),
    timeWaitAfter: tw[tw.length - 1] ?? 0,
    twRecycled: r.counters["client"]?.["TcpExtTWRecycled"] ?? 0,
    perSecond: r.series?.["successes"] ?? [],
  };
}
