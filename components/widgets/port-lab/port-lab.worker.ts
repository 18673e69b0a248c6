/**
 * Runs the core's port-exhaustion scenario off the main thread: two
 * simulated minutes at hundreds of connections per second take the core
 * a noticeable time, which would freeze the page. Replies with the summary
 * and per-second series only (the rest of the result is not needed).
 */
import { serveScenarioRuns, type ScenarioReply, type ScenarioRequest } from "../scenario-worker.ts";

export type PortLabRequest = ScenarioRequest;
export type PortLabReply = ScenarioReply<{
  readonly summary: Readonly<Record<string, number | string | boolean>>;
  readonly series?: Readonly<Record<string, readonly number[]>> | undefined;
}>;

serveScenarioRuns("port-exhaustion", (r) => ({ summary: r.summary, series: r.series }));
