/**
 * Runs the core's port-exhaustion scenario off the main thread: two
 * simulated minutes at hundreds of connections per second take the core
 * seconds, which would freeze the page. Replies with the summary and
 * per-second series only (the rest of the result is not needed).
 */
import { runScenario, type ScenarioOptions } from "../../../src/sim/index.ts";

export interface PortLabRequest {
  readonly id: number;
  readonly options: ScenarioOptions;
}
export type PortLabReply =
  | {
      readonly id: number;
      readonly summary: Readonly<Record<string, number | string | boolean>>;
      readonly series?: Readonly<Record<string, readonly number[]>> | undefined;
    }
  | { readonly id: number; readonly error: string };

self.onmessage = (e: MessageEvent<PortLabRequest>) => {
  const { id, options } = e.data;
  let reply: PortLabReply;
  try {
    const r = runScenario("port-exhaustion", options);
    reply = { id, summary: r.summary, series: r.series };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
