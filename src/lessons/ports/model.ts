/**
 * A fast estimate of the port-exhaustion scenario, for redrawing the lab
 * while a slider moves. The simulation core takes seconds for two minutes
 * of traffic at hundreds of connections per second; the core's capacity
 * estimator (src/sim/capacity.ts, estimatePortCapacity) takes well under a
 * millisecond. The lab shows it at once and replaces it with the core's
 * exact run when that arrives (a Web Worker runs it).
 *
 * This file only maps the lab's settings onto the estimator: the rules and
 * every constant (TCP_TIMEWAIT_LEN, tcp_tw_reuse_delay, tcp_max_tw_buckets,
 * the scenario's link delay) live in the core.
 */
import {
  estimatePortCapacity,
  ARRIVAL_BUDGET,
  PORT_EXHAUSTION_DELAY,
  type CapacityEstimate,
  type CapacitySeries,
} from "../../sim/index.ts";
import type { PortLabSettings } from "./settings.ts";
import { portsOf } from "./settings.ts";

export { ARRIVAL_BUDGET };
export type PortSeries = CapacitySeries;
export type PortEstimate = CapacityEstimate;

/** Estimate the per-second series for the settings over `seconds` simulated seconds. */
export function estimatePortExhaustion(s: PortLabSettings, seconds: number): PortEstimate {
  return estimatePortCapacity({
    rate: s.rate,
    seconds,
    ports: portsOf(s.portRange),
    sourceIps: s.sourceIps,
    destPorts: s.destPorts,
    closer: s.closer,
    // The lab's addresses are not loopback, so tcp_tw_reuse=2 acts like 0 (tcp_twsk_unique()).
    reuse: s.twReuse === 1,
    keepAlive: s.keepAlive,
    oneWayDelayUs: PORT_EXHAUSTION_DELAY,
  });
}
