/**
 * The lab's text parts as HTML strings (outcome sentence, numbered events,
 * the timeline's text description), shared by the build and the browser.
 */
import type closeLabStrings from "../../../content/_strings/en/close-lab.json";
import { text, type TextKey } from "../../text/strings.ts";
import { fill } from "../handshake/stepper-model.ts";
import { escapeHtml } from "../handshake/panels.ts";
import { resultKey, resultValues, type LabView } from "./lab-model.ts";
import { buildTimeline, intervalText, markerText, timelineSvg, type TimelineModel } from "./timeline.ts";

/** The dictionary in content/_strings/en/close-lab.json (a key it lacks is a type error). */
export type LabStrings = typeof closeLabStrings;
export type LabKey = TextKey<LabStrings>;

export function labStr(strings: LabStrings, key: LabKey): string {
  return text(strings, key, "close lab");
}

export function labTimeline(view: LabView): TimelineModel {
  return buildTimeline(view.result.trace, ["client", "server"], view.result.endTime);
}

/** The outcome sentence, filled with the scenario's summary values. */
export function resultText(view: LabView, s: LabStrings): string {
  const values = resultValues(view);
  const closed = labStr(s, `closed-${view.settings.closer}`);
  const timeWaitOn = (values["timeWaitOn"] ?? "").split("+").join(labStr(s, "and"));
  return fill(labStr(s, resultKey(view)), { ...values, closed, timeWaitOn });
}

export function timelineHtml(tl: TimelineModel, s: LabStrings): string {
  return `<div class="cl-svg">${timelineSvg(tl, s.timeline)}${timelineSvg(tl, s.timeline, "narrow")}</div>`;
}

export function eventsHtml(tl: TimelineModel, s: LabStrings): string {
  if (tl.markers.length === 0) return `<p>${escapeHtml(labStr(s, "noEvents"))}</p>`;
  return `<ol class="cl-events">${tl.markers
    .map((m) => `<li data-marker="${m.kind}">${escapeHtml(markerText(m, s.timeline))}</li>`)
    .join("")}</ol>`;
}

export function timelineTextHtml(tl: TimelineModel, s: LabStrings): string {
  const items = tl.hosts.flatMap((host, lane) =>
    (tl.intervals[lane] ?? []).map((i) => `<li>${escapeHtml(intervalText(host, i, s.timeline))}</li>`),
  );
  return `<details class="cl-describe"><summary>${escapeHtml(labStr(s, "describeTimeline"))}</summary><ul>${items.join("")}</ul></details>`;
}
