/**
 * The labs' scenario worker: a Web Worker that runs one of the core's named
 * scenarios for each request `{ id, options }` and replies with the request's
 * id and what the lab shows of the result (`project`), or with the error the
 * core threw, so a bad setup is reported on the page instead of killing the
 * worker. The port and proxy labs' workers are this with their own scenario
 * and projection.
 */
import { runScenario, type ScenarioOptions, type ScenarioResult } from "../../src/sim/index.ts";

export interface ScenarioRequest {
  readonly id: number;
  readonly options: ScenarioOptions;
}

export type ScenarioReply<R> = ({ readonly id: number } & R) | { readonly id: number; readonly error: string };

export function serveScenarioRuns<R extends object>(scenario: string, project: (r: ScenarioResult) => R): void {
  self.onmessage = (e: MessageEvent<ScenarioRequest>) => {
    const { id, options } = e.data;
    let reply: ScenarioReply<R>;
    try {
      reply = { id, ...project(runScenario(scenario, options)) };
    } catch (err) {
      reply = { id, error: err instanceof Error ? err.message : String(err) };
    }
    self.postMessage(reply);
  };
}
