/**
 * Runs the core's proxy-backend load off the main thread (tens of thousands
 * of connections take the core seconds) and replies with what the lab shows.
 */
import { runFromResult, type ProxyRun } from "../../../src/lessons/proxy/view.ts";
import { serveScenarioRuns, type ScenarioReply, type ScenarioRequest } from "../scenario-worker.ts";

export type ProxyLabRequest = ScenarioRequest;
export type ProxyLabReply = ScenarioReply<{ readonly run: ProxyRun }>;

serveScenarioRuns("proxy-backend", (r) => ({ run: runFromResult(r.summary, r.ss) }));
