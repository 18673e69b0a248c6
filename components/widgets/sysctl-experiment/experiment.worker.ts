/**
 * Runs experiments off the main thread: some scenarios (thousands of
 * connections) take a second or two, and the page must stay responsive.
 * Message in: { id, spec, values, locale }; out: { id, html, announcement }.
 */
import { runExperiment } from "../../../src/sysctl-review/experiment/run.ts";
import { outcomeAnnouncement, outcomeHtml } from "../../../src/sysctl-review/experiment/render.ts";
import type { ControlValues, ExperimentSpec } from "../../../src/sysctl-review/experiment/spec.ts";

export interface RunRequest {
  readonly id: number;
  readonly spec: ExperimentSpec;
  readonly values: ControlValues;
  readonly locale: string;
}

export interface RunReply {
  readonly id: number;
  readonly html: string;
  readonly announcement: string;
}

export function render(req: RunRequest): RunReply {
  const outcome = runExperiment(req.spec, req.values, req.locale);
  return {
    id: req.id,
    html: outcomeHtml(req.spec, outcome, req.locale),
    announcement: outcomeAnnouncement(req.spec, outcome),
  };
}

// In a worker, answer messages; imported on the main thread (fallback), do nothing.
if ("WorkerGlobalScope" in globalThis) {
  self.addEventListener("message", (e: MessageEvent<RunRequest>) => {
    self.postMessage(render(e.data));
  });
}
