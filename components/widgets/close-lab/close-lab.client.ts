/**
 * Browser side of <tcp-close-lab>: the settings live in one small store;
 * each change re-runs the chosen core scenario and redraws the outcome,
 * the timeline and the sequence diagram with the build's own functions.
 */
import { WidgetElement } from "../kit.ts";
import { atom } from "nanostores";
import { readParams, writeParams } from "../../shared/url-state.ts";
import { sequenceSvgs } from "../../../src/diagram/sequence.ts";
import {
  DEFAULT_LAB,
  buildLabView,
  type Closer,
  type Fault,
  type LabSettings,
} from "../../../src/lessons/closing/lab-model.ts";
import { LAB_PREFIX, decodeLab, encodeLab } from "../../../src/lessons/closing/url-state.ts";
import {
  eventsHtml,
  labStr,
  labTimeline,
  resultText,
  timelineHtml,
  timelineTextHtml,
  type LabStrings,
} from "../../../src/lessons/closing/panels.ts";
import { fill } from "../../../src/lessons/handshake/stepper-model.ts";

class CloseLab extends WidgetElement<LabStrings> {
  private readonly settings = atom<LabSettings>(DEFAULT_LAB);

  protected start(): void {
    const decoded = decodeLab(readParams(LAB_PREFIX));
    if (decoded.rejected.length > 0) {
      this.setText(
        "[data-error]",
        fill(labStr(this.strings, "urlRejected"), { keys: decoded.rejected.map((k) => LAB_PREFIX + k).join(", ") }),
      );
    }
    this.settings.set(decoded.settings);
    this.redraw(decoded.settings, false);
    this.settings.listen((next) => {
      this.redraw(next, true);
      writeParams(LAB_PREFIX, encodeLab(next));
    });
    this.addEventListener("change", (e) => this.onChange(e));
  }

  private syncInputs(s: LabSettings): void {
    const fixedCloser = s.fault !== "none";
    for (const input of this.querySelectorAll<HTMLInputElement>("input[type=radio]")) {
      if (input.name === "fault") input.checked = input.value === s.fault;
      if (input.name === "tw") input.checked = input.value === (s.timeWait ? "60" : "0");
      if (input.name === "closer") {
        // The fault experiments are scripted with the client closing first.
        input.checked = fixedCloser ? input.value === "client" : input.value === s.closer;
        input.disabled = fixedCloser;
      }
    }
    const note = this.querySelector<HTMLElement>("[data-closer-note]");
    if (note) note.hidden = !fixedCloser;
  }

  private redraw(s: LabSettings, announce: boolean): void {
    this.syncInputs(s);
    const str = this.strings;
    const view = buildLabView(s, str.diagram);
    const tl = labTimeline(view);
    const result = resultText(view, str);
    this.setText("[data-result]", result);
    this.setHtml("[data-timeline]", timelineHtml(tl, str));
    this.setHtml("[data-events]", eventsHtml(tl, str));
    const details = this.querySelector<HTMLDetailsElement>("[data-timeline-text] details");
    const wasOpen = details?.open === true;
    this.setHtml("[data-timeline-text]", timelineTextHtml(tl, str));
    const again = this.querySelector<HTMLDetailsElement>("[data-timeline-text] details");
    if (again) again.open = wasOpen;
    this.setHtml("[data-diagram] .seq-svg", sequenceSvgs(view.model, str.diagram));
    const list = this.querySelector("[data-diagram] .seq-text");
    list?.replaceChildren(
      ...view.model.rows.map((row, i) => {
        const li = document.createElement("li");
        li.dataset["row"] = String(i);
        li.textContent = row.description;
        return li;
      }),
    );
    if (announce) this.setText("[data-live]", fill(labStr(str, "announce"), { result }));
  }

  private onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.type !== "radio" || !input.checked) return;
    const cur = this.settings.get();
    this.setText("[data-error]", "");
    if (input.name === "fault") this.settings.set({ ...cur, fault: input.value as Fault });
    else if (input.name === "closer") this.settings.set({ ...cur, closer: input.value as Closer });
    else if (input.name === "tw") this.settings.set({ ...cur, timeWait: input.value === "60" });
  }
}

if (!customElements.get("tcp-close-lab")) customElements.define("tcp-close-lab", CloseLab);
