/**
 * The heavy half of <tcp-port-lab>, loaded by its element
 * (port-lab.client.ts) on the reader's first intent. A slider move redraws at once from the
 * capacity model (well within one animation frame, see
 * bench/widgets/port-lab.bench.ts), writes the setup to the URL ("pl."
 * prefix), and asks a Web Worker to run the core for the exact figures,
 * which replace the estimate when they arrive.
 */
import { readData } from "../kit.ts";
import { LatestWins } from "../latest-wins.ts";
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

export const PREFIX = "pl.";
/** Wait this long after the last slider move before starting the exact run. */
const EXACT_DELAY_MS = 250;
/**
 * Simulated seconds of the warm-up run the worker makes as soon as the lab's code has loaded (the
 * reader's first pointer over it), so that the first exact run is not also the JIT's first.
 */
const WARM_UP_SECONDS = 10;

export class PortLabEngine {
  private readonly host: HTMLElement;
  private readonly strings: PortLabStrings;
  private fmt: NumberFormat = numberFormat("en");
  private settings: PortLabSettings = DEFAULT_SETTINGS;
  private readonly exactRuns = new LatestWins<PortLabRequest, PortLabReply>(
    () => new Worker(new URL("./port-lab.worker.ts", import.meta.url), { type: "module" }),
    EXACT_DELAY_MS,
    (reply, key) => this.onExact(reply, key),
  );
  private readonly exact = new Map<string, PortOutcome>();

  /**
   * `fromUrl`: the URL may carry a setup, so restore and draw it. Otherwise the
   * page already shows the default run (the build drew it), and the controls
   * may hold the reader's move made while this code loaded.
   */
  constructor(host: HTMLElement, strings: PortLabStrings, fromUrl: boolean) {
    this.host = host;
    this.strings = strings;
    this.fmt = numberFormat(document.documentElement.lang || "en");
    // The build rendered the exact default run; keep it for when the reader comes back to the defaults.
    const initial = readData<PortOutcome>(this.host, "initial");
    if (initial !== undefined) this.exact.set(this.key(DEFAULT_SETTINGS), initial);
    this.exactRuns.warm({ id: 0, options: scenarioOptions(DEFAULT_SETTINGS, WARM_UP_SECONDS) });
    if (!fromUrl) return;
    const { settings, rejected } = settingsFromParams(readParams(PREFIX));
    if (rejected.length > 0) {
      this.text(
        "[data-error]",
        fill(str(this.strings, "badUrl"), { names: rejected.map((r) => PREFIX + r).join(", ") }),
      );
    }
    if (this.key(settings) !== this.key(DEFAULT_SETTINGS)) this.apply(settings, true);
  }

  stop(): void {
    this.exactRuns.stop();
  }

  /** The reader moved a control (a slider, a radio button). */
  onInput(e: Event): void {
    const name = (e.target as HTMLInputElement).name;
    if ((CONTROL_NAMES as readonly string[]).includes(name)) this.onControl(name as ControlName);
  }

  reset(): void {
    this.apply(DEFAULT_SETTINGS);
  }

  private querySelector<T extends Element = Element>(selector: string): T | null {
    return this.host.querySelector<T>(selector);
  }

  private querySelectorAll<T extends Element = Element>(selector: string): NodeListOf<T> {
    return this.host.querySelectorAll<T>(selector);
  }

  private setHtml(selector: string, html: string): void {
    const el = this.querySelector(selector);
    if (el !== null) el.innerHTML = html;
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

  private onControl(name: ControlName): void {
    // A choice is made in one click: its exact run starts at once. A slider waits until it is still.
    this.apply(withControl(this.settings, name, this.position(name)), controlKind(name) === "choice");
  }

  /** Show a setup: estimate now (or the cached exact run), exact later (`now`: without waiting for the controls to be still). */
  apply(s: PortLabSettings, now = false): void {
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
      const make = (id: number): PortLabRequest => ({ id, options: scenarioOptions(s) });
      if (now) this.exactRuns.run(this.key(s), make);
      else this.exactRuns.schedule(this.key(s), make);
    }
    // Read by bench/widgets and the browser test that reports the redraw time.
    this.host.dataset["redrawMs"] = (performance.now() - start).toFixed(2);
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
    this.host.setAttribute("aria-busy", o.exact ? "false" : "true");
    this.host.dataset["exact"] = String(o.exact);
  }

  private onExact(reply: PortLabReply, key: string): void {
    if ("error" in reply) {
      this.text("[data-status]", fill(str(this.strings, "statusError"), { message: reply.error }));
      this.host.setAttribute("aria-busy", "false");
      return;
    }
    const outcome = outcomeFromCore(reply.summary, reply.series, LAB_SECONDS);
    this.exact.set(key, outcome);
    if (key === this.key(this.settings)) this.draw(outcome);
  }
}
