/** What the experiment widget loads on the first change: the core and the result views. */
export { runExperiment } from "../../../src/sysctl-review/experiment/run.ts";
export { outcomeHtml, outcomeAnnouncement } from "../../../src/sysctl-review/experiment/render.ts";
