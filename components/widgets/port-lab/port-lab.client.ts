/**
 * <tcp-port-lab> in the browser. A slider move redraws at once from the
 * capacity model (well within one animation frame, see
 * bench/widgets/port-lab.bench.ts), writes the setup to the URL ("pl."
 * prefix), and asks a Web Worker to run the core for the exact figures,
 * which replace the estimate when they arrive.
 */
import { readParams, writeParams } from "../../shared/url-state.ts";
import { seriesSvgs, seriesTableHtml } from "../../../src/chart/series.ts";
import {
  CONTROL_NAMES,
  controlIndex,
  controlKind,
  withControl,
  type ControlName,
} from "../../../src/lessons/ports/controls.ts";
import { estimatePortExhaustion } from "../../../src/lessons/ports/model.ts";
import {
  DEFAULT_SETTINGS,
  LAB_SECONDS,
  scenarioOptions,
  settingsFromParams,
  settingsToParams,
  type PortLabSettings,
} from "../../../src/lessons/ports/settings.ts";
import {
  buildView,
  fill,
  numberFormat,
  outcomeFromCore,
  outcomeFromEstimate,
  settingTexts,
  str,
  type NumberFormat,
  type PortLabStrings,
  type PortOutcome,
} from "../../../src/lessons/ports/view.ts";
import type { PortLabReply, PortLabRequest } from "./port-lab.worker.ts";

const PREFIX = "pl.";
/** Wait this long after the last slider move before starting the (seconds-long) exact run. */
const EXACT_DELAY_MS = 250;

class PortLab extends HTMLElement {
  private strings: PortLabStrings = {};
  private fmt: NumberFormat = numberFormat("en");
  private settings: PortLabSettings = DEFAULT_SETTINGS;
  private worker: Worker | undefined;
  private busy = false;
  private requestId = 0;
  private requestKey = "";
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly exact = new Map<string, PortOutcome>();

  connectedCallback(): void {
    const data = this.querySelector<HTMLScriptElement>("script[data-strings]");
    this.strings = JSON.parse(data?.textContent ?? "{}") as PortLabStrings;
    this.fmt = numberFormat(document.documentElement.lang || "en");
    this.querySelector<HTMLElement>("[data-needs-js]")?.removeAttribute("hidden");
    for (const name of CONTROL_NAMES) {
      for (const input of this.inputs(name)) input.addEventListener("input", () => this.onInput(name));
    }
    this.querySelector("[data-reset]")?.addEventListener("click", () => this.apply(DEFAULT_SETTINGS));
    // The build rendered the exact default run; keep it for when the reader comes back to the defaults.
    const initial = this.querySelector<HTMLScriptElement>("script[data-initial]");
    if (initial !== null)
      this.exact.set(this.key(DEFAULT_SETTINGS), JSON.parse(initial.textContent ?? "") as PortOutcome);
    const { settings, rejected } = settingsFromParams(readParams(PREFIX));
    if (rejected.length > 0) {
      this.text(
        "[data-error]",
        fill(str(this.strings, "badUrl"), { names: rejected.map((r) => PREFIX + r).join(", ") }),
      );
    }
    if (this.key(settings) !== this.key(DEFAULT_SETTINGS)) this.apply(settings);
  }

  disconnectedCallback(): void {
    this.worker?.terminate();
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** A slider, or the radio buttons of a choice. */
  private inputs(name: ControlName): HTMLInputElement[] {
    const els = [...this.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
    if (els.length === 0) throw new Error(`port lab: no control ${name}`);
    return els;
  }

  /** The control's position: the slider's value, or the checked radio button's. */
  private position(name: ControlName): number {
    const els = this.inputs(name);
    const el = controlKind(name) === "slider" ? els[0] : els.find((e) => e.checked);
    return Number(el?.value ?? 0);
  }

  private text(selector: string, value: string): void {
    const el = this.querySelector(selector);
    if (el !== null && el.textContent !== value) el.textContent = value;
  }

  private key(s: PortLabSettings): string {
    return JSON.stringify(settingsToParams(s));
  }

  private onInput(name: ControlName): void {
    this.apply(withControl(this.settings, name, this.position(name)));
  }

  /** Show a setup: estimate now (or the cached exact run), exact later. */
  apply(s: PortLabSettings): void {
    const start = performance.now();
    this.settings = s;
    const texts = settingTexts(s, this.strings, this.fmt);
    for (const name of CONTROL_NAMES) {
      const i = String(controlIndex(s, name));
      if (controlKind(name) === "choice") {
        for (const radio of this.inputs(name)) radio.checked = radio.value === i;
        continue;
      }
      const [input] = this.inputs(name);
      if (input === undefined) continue;
      if (input.value !== i) input.value = i;
      input.setAttribute("aria-valuetext", texts[name] ?? "");
      this.text(`[data-value="${name}"]`, texts[name] ?? "");
    }
    // Beside tcp_tw_reuse: it changes nothing while the server holds the TIME_WAIT sockets.
    const none = this.querySelector<HTMLElement>('[data-no-effect="reuse"]');
    if (none !== null) none.hidden = s.closer !== "server";
    writeParams(PREFIX, this.key(s) === this.key(DEFAULT_SETTINGS) ? {} : settingsToParams(s));
    const cached = this.exact.get(this.key(s));
    if (cached !== undefined) {
      this.draw(cached);
    } else {
      this.draw(outcomeFromEstimate(estimatePortExhaustion(s, LAB_SECONDS), s, LAB_SECONDS));
      this.scheduleExact(s);
    }
    // Read by bench/widgets and the browser test that reports the redraw time.
    this.dataset["redrawMs"] = (performance.now() - start).toFixed(2);
  }

  private draw(o: PortOutcome): void {
    const s = this.strings;
    const view = buildView(this.settings, o, s, this.fmt);
    this.setHtml('[data-chart="tw"]', seriesSvgs(view.timeWaitChart, "pl-tw"));
    this.setHtml('[data-chart="rate"]', seriesSvgs(view.rateChart, "pl-rate"));
    this.text("[data-rate-caption]", view.rateCaption);
    this.text('[data-headline="steady"]', view.figures["steady"] ?? "");
    this.text('[data-headline="ceiling"]', view.figures["ceiling"] ?? "");
    this.setHtml(
      '[data-table="tw"]',
      seriesTableHtml(view.timeWaitChart, { caption: str(s, "tableCaptionTw"), xHeader: str(s, "xHeader") }, 10),
    );
    this.setHtml(
      '[data-table="rate"]',
      seriesTableHtml(view.rateChart, { caption: str(s, "tableCaptionRate"), xHeader: str(s, "xHeader") }, 10),
    );
    for (const [name, value] of Object.entries(view.figures)) this.text(`[data-fig="${name}"]`, value);
    this.text("[data-summary]", view.summary);
    this.text("[data-status]", str(s, o.exact ? "statusExact" : "statusEstimate"));
    this.setAttribute("aria-busy", o.exact ? "false" : "true");
    this.dataset["exact"] = String(o.exact);
  }

  private setHtml(selector: string, html: string): void {
    const el = this.querySelector(selector);
    if (el !== null) el.innerHTML = html;
  }

  private scheduleExact(s: PortLabSettings): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runExact(s), EXACT_DELAY_MS);
  }

  private runExact(s: PortLabSettings): void {
    // A run still in progress is for an older setup: stop it rather than wait.
    if (this.busy) {
      this.worker?.terminate();
      this.worker = undefined;
    }
    const worker = (this.worker ??= this.startWorker());
    const request: PortLabRequest = { id: ++this.requestId, options: scenarioOptions(s) };
    this.requestKey = this.key(s);
    this.busy = true;
    worker.postMessage(request);
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL("./port-lab.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<PortLabReply>) => {
      const reply = e.data;
      if (reply.id !== this.requestId) return;
      this.busy = false;
      if ("error" in reply) {
        this.text("[data-status]", fill(str(this.strings, "statusError"), { message: reply.error }));
        this.setAttribute("aria-busy", "false");
        return;
      }
      const outcome = outcomeFromCore(reply.summary, reply.series, LAB_SECONDS);
      this.exact.set(this.requestKey, outcome);
      if (this.requestKey === this.key(this.settings)) this.draw(outcome);
    };
    return worker;
  }
}

customElements.define("tcp-port-lab", PortLab);
