/**
 * The heavy half of <tcp-handshake-stepper>, loaded by its element
 * (handshake-stepper.client.ts) on the reader's first intent: keeps one small
 * store (the settings and the step), runs the core for the view the steps
 * walk through, re-runs it when a setting changes and redraws with the same
 * pure functions the build used. The element forwards its events here.
 */
import { atom } from "nanostores";
import { prefersReducedMotion, readParams, writeParams } from "../../shared/url-state.ts";
import { sequenceSvgs } from "../../../src/diagram/sequence.ts";
import { traceToPcap } from "../../../src/sim/index.ts";
import {
  DROP_SYNACK_MAX,
  DROP_SYN_MAX,
  buildHandshakeView,
  fill,
  type HandshakeSettings,
  type HandshakeView,
} from "../../../src/lessons/handshake/stepper-model.ts";
import { formatIsn, parseCount, parseIsn } from "../../../src/lessons/handshake/input.ts";
import { URL_PREFIX, decodeState, encodeState, type StepperState } from "../../../src/lessons/handshake/url-state.ts";
import {
  announceStep,
  countError,
  fieldsHtml,
  isnError,
  outcomeText,
  resolveStep,
  retriesHtml,
  statesHtml,
  stepStatus,
  str,
  type StepperStrings,
} from "../../../src/lessons/handshake/panels.ts";

/** Time between steps while playing; without motion preferences only. */
const PLAY_INTERVAL_MS = 900;

export class StepperEngine {
  private readonly state = atom<StepperState>({ settings: decodeState(new Map()).state.settings, step: null });
  private view: HandshakeView | undefined;
  private playTimer: ReturnType<typeof setInterval> | undefined;

  /**
   * `fromUrl`: the URL carries a setup, so restore and draw it. Otherwise the
   * page already shows the default run (the build drew it) and the inputs may
   * hold what the reader changed while this code loaded: only the view is built.
   */
  private readonly host: HTMLElement;
  private readonly strings: StepperStrings;

  constructor(host: HTMLElement, strings: StepperStrings, fromUrl: boolean) {
    this.host = host;
    this.strings = strings;
    if (fromUrl) {
      const decoded = decodeState(readParams(URL_PREFIX));
      this.state.set(decoded.state);
      this.syncInputs(decoded.state.settings);
      if (decoded.rejected.length > 0) {
        this.showError(
          fill(str(this.strings, "urlRejected"), { keys: decoded.rejected.map((k) => URL_PREFIX + k).join(", ") }),
        );
      }
      this.rebuild();
    } else {
      this.view = buildHandshakeView(this.state.get().settings, this.s.diagram);
    }
    this.state.listen((next, prev) => {
      if (prev === undefined || next.settings !== prev.settings) this.rebuild();
      else this.redrawStep();
      writeParams(URL_PREFIX, encodeState(next));
    });
  }

  stop(): void {
    this.stopPlaying();
  }

  private querySelector<T extends Element = Element>(selector: string): T | null {
    return this.host.querySelector<T>(selector);
  }

  private get s(): StepperStrings {
    return this.strings;
  }

  private input(name: string): HTMLInputElement {
    const el = this.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!el) throw new Error(`handshake stepper: no input ${name}`);
    return el;
  }

  private syncInputs(s: HandshakeSettings): void {
    this.input("clientIsn").value = formatIsn(s.clientIsn);
    this.input("serverIsn").value = formatIsn(s.serverIsn);
    this.input("dropSyn").value = String(s.dropSyn);
    this.input("dropSynAck").value = String(s.dropSynAck);
    this.input("timestamps").checked = s.timestamps;
    this.input("relative").checked = s.relative;
  }

  private showError(message: string): void {
    const el = this.querySelector("[data-error]");
    if (el) el.textContent = message;
  }

  private announce(message: string): void {
    const el = this.querySelector("[data-live]");
    if (el) el.textContent = message;
  }

  private get step(): number {
    return this.view ? resolveStep(this.view, this.state.get().step) : 0;
  }

  private setStep(step: number): void {
    if (!this.view) return;
    const total = this.view.steps.length;
    const clamped = Math.max(0, Math.min(total, step));
    this.state.set({ ...this.state.get(), step: clamped === total ? null : clamped });
  }

  /** New settings: run the core again, redraw everything. */
  private rebuild(): void {
    const { settings } = this.state.get();
    this.view = buildHandshakeView(settings, this.s.diagram);
    const retries = this.querySelector("[data-retries]");
    if (retries) retries.innerHTML = retriesHtml(this.view, this.s);
    this.redrawStep(false);
    this.announce(fill(str(this.s, "announceRun"), { outcome: outcomeText(this.view, this.s) }));
  }

  /** Same run, another step: the diagram, the fields, the states. */
  private redrawStep(announce = true): void {
    const view = this.view;
    if (!view) return;
    const step = this.step;
    const svg = this.querySelector(".seq-svg");
    if (svg) svg.innerHTML = sequenceSvgs(view.model, this.s.diagram, step);
    const list = this.querySelector(".seq-text");
    if (list) {
      list.replaceChildren(
        ...view.model.rows.map((row, i) => {
          const li = document.createElement("li");
          li.dataset["row"] = String(i);
          li.hidden = i >= step;
          li.textContent = row.description;
          return li;
        }),
      );
    }
    const fields = this.querySelector("[data-fields]");
    if (fields) fields.innerHTML = fieldsHtml(view, step, this.s);
    const states = this.querySelector("[data-states]");
    if (states) states.innerHTML = statesHtml(view, step, this.s);
    const status = this.querySelector("[data-step-status]");
    if (status) status.textContent = stepStatus(view, step, this.s);
    const total = view.steps.length;
    for (const [action, disabled] of [
      ["first", step === 0],
      ["back", step === 0],
      ["forward", step === total],
    ] as const) {
      const b = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
      if (b) b.disabled = disabled;
    }
    if (announce) this.announce(announceStep(view, step, this.s));
  }

  onClick(e: Event): void {
    const button = (e.target as Element).closest<HTMLButtonElement>("button[data-action]");
    if (!button) return;
    const action = button.dataset["action"];
    if (action !== "play") this.stopPlaying();
    if (action === "first") this.setStep(0);
    else if (action === "back") this.setStep(this.step - 1);
    else if (action === "forward") this.setStep(this.step + 1);
    else if (action === "play") this.togglePlay();
    else if (action === "download") this.download();
  }

  onKey(e: KeyboardEvent): void {
    const moves: Record<string, () => number> = {
      ArrowLeft: () => this.step - 1,
      ArrowRight: () => this.step + 1,
      Home: () => 0,
      End: () => this.view?.steps.length ?? 0,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.stopPlaying();
    this.setStep(move());
  }

  private togglePlay(): void {
    if (this.playTimer !== undefined) {
      this.stopPlaying();
      return;
    }
    const total = this.view?.steps.length ?? 0;
    // Reduced motion: no animation — show the finished run at once.
    if (prefersReducedMotion()) {
      this.setStep(total);
      return;
    }
    if (this.step >= total) this.setStep(0);
    this.setPlayButton(true);
    this.playTimer = setInterval(() => {
      if (this.step >= (this.view?.steps.length ?? 0)) this.stopPlaying();
      else this.setStep(this.step + 1);
    }, PLAY_INTERVAL_MS);
  }

  private stopPlaying(): void {
    if (this.playTimer !== undefined) clearInterval(this.playTimer);
    this.playTimer = undefined;
    this.setPlayButton(false);
  }

  private setPlayButton(playing: boolean): void {
    const b = this.querySelector<HTMLButtonElement>('button[data-action="play"]');
    if (!b) return;
    b.setAttribute("aria-pressed", String(playing));
    b.textContent = str(this.s, playing ? "pause" : "play");
  }

  onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    const current = this.state.get().settings;
    let next: HandshakeSettings | undefined;
    let error = "";
    switch (input.name) {
      case "clientIsn":
      case "serverIsn": {
        const key = input.name;
        const parsed = parseIsn(input.value);
        if (parsed.ok) next = { ...current, [key]: parsed.value };
        else {
          error = isnError(parsed.reason, input.value.trim(), current[key], this.s);
          input.value = formatIsn(current[key]);
        }
        break;
      }
      case "dropSyn":
      case "dropSynAck": {
        const key = input.name;
        const max = key === "dropSyn" ? DROP_SYN_MAX : DROP_SYNACK_MAX;
        const parsed = parseCount(input.value, 0, max);
        if (parsed.ok) next = { ...current, [key]: parsed.value };
        else {
          error = countError(parsed.reason, input.value.trim(), current[key], max, this.s);
          input.value = String(current[key]);
        }
        break;
      }
      case "timestamps":
      case "relative":
        next = { ...current, [input.name]: input.checked };
        break;
      default:
        return;
    }
    this.showError(error);
    if (error !== "") {
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    if (next) {
      this.stopPlaying();
      // A new run keeps the reader's place only if they had stepped; otherwise it shows the whole run.
      this.state.set({ settings: next, step: this.state.get().step });
    }
  }

  /** The capture of exactly the run on screen, from the same trace. */
  private download(): void {
    if (!this.view) return;
    const bytes = traceToPcap(this.view.trace);
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/vnd.tcpdump.pcap" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = str(this.s, "downloadName");
    a.hidden = true;
    this.host.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this.announce(fill(str(this.s, "downloaded"), { name: a.download }));
  }
}
