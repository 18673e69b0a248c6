/**
 * The heavy half of <tcp-close-lab>, loaded by its element
 * (close-lab.client.ts) on the reader's first intent: the settings live in
 * one small store; each change re-runs the chosen core scenario and redraws
 * the outcome, the timeline and the sequence diagram with the build's own
 * functions. The element forwards its change events here.
 */
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

export class CloseLabEngine {
  private readonly settings = atom<LabSettings>(DEFAULT_LAB);

  /**
   * `fromUrl`: the URL carries a setup, so restore and draw it. Otherwise the
   * page already shows the default experiment (the build drew it), and the
   * radio buttons may hold the reader's choice made while this code loaded.
   */
  private readonly host: HTMLElement;
  private readonly strings: LabStrings;

  constructor(host: HTMLElement, strings: LabStrings, fromUrl: boolean) {
    this.host = host;
    this.strings = strings;
    if (fromUrl) {
      const decoded = decodeLab(readParams(LAB_PREFIX));
      if (decoded.rejected.length > 0) {
        this.setText(
          "[data-error]",
          fill(labStr(this.strings, "urlRejected"), { keys: decoded.rejected.map((k) => LAB_PREFIX + k).join(", ") }),
        );
      }
      this.settings.set(decoded.settings);
      this.redraw(decoded.settings, false);
    }
    this.settings.listen((next) => {
      this.redraw(next, true);
      writeParams(LAB_PREFIX, encodeLab(next));
    });
  }

  private querySelector<T extends Element = Element>(selector: string): T | null {
    return this.host.querySelector<T>(selector);
  }

  private querySelectorAll<T extends Element = Element>(selector: string): NodeListOf<T> {
    return this.host.querySelectorAll<T>(selector);
  }

  private setText(selector: string, value: string): void {
    const el = this.querySelector(selector);
    if (el !== null && el.textContent !== value) el.textContent = value;
  }

  private setHtml(selector: string, html: string): void {
    const el = this.querySelector(selector);
    if (el !== null) el.innerHTML = html;
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

  onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.type !== "radio" || !input.checked) return;
    const cur = this.settings.get();
    this.setText("[data-error]", "");
    if (input.name === "fault") this.settings.set({ ...cur, fault: input.value as Fault });
    else if (input.name === "closer") this.settings.set({ ...cur, closer: input.value as Closer });
    else if (input.name === "tw") this.settings.set({ ...cur, timeWait: input.value === "60" });
  }
}
