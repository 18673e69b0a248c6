/**
 * Runs the core's proxy-backend load off the main thread (tens of thousands
 * of connections take the core seconds) and replies with what the lab shows.
 */
import { runScenario, type ScenarioOptions } from "../../../src/sim/index.ts";
import { runFromResult, type ProxyRun } from "../../../src/lessons/proxy/view.ts";

export interface ProxyLabRequest {
  readonly id: number;
  readonly options: ScenarioOptions;
}
export type ProxyLabReply =
  { readonly id: number; readonly run: ProxyRun } | { readonly id: number; readonly error: string };

self.onmessage = (e: MessageEvent<ProxyLabRequest>) => {
  const { id, options } = e.data;
  let reply: ProxyLabReply;
  try {
    const r = runScenario("proxy-backend", options);
    reply = { id, run: runFromResult(r.summary, r.ss) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
