/**
 * Browser side of <tcp-handshake-stepper>, the part every visit loads: it
 * shows the controls and forwards the reader's clicks, changes and keys to
 * the stepper's engine (handshake-stepper.engine.ts: the core, the diagram
 * renderer, the panels), which it loads on the reader's first intent, or at
 * once when the URL carries a setup. Until then the build's first frame
 * (the finished default run) is what the page shows.
 */
import { readStrings } from "../kit.ts";
import { startLazy, type LazyEngine } from "../lazy.ts";
import type { URL_PREFIX } from "../../../src/lessons/handshake/url-state.ts";
import type { StepperStrings } from "../../../src/lessons/handshake/panels.ts";
import type { StepperEngine } from "./handshake-stepper.engine.ts";

const PREFIX: typeof URL_PREFIX = "hs.";
/** Keys the diagram answers; the page must not scroll on them. */
const STEP_KEYS = new Set(["ArrowLeft", "ArrowRight", "Home", "End"]);

class HandshakeStepper extends HTMLElement {
  private engine: LazyEngine<StepperEngine> | undefined;

  connectedCallback(): void {
    const strings = readStrings<StepperStrings>(this);
    const engine = startLazy(
      this,
      PREFIX,
      async (fromUrl) => new (await import("./handshake-stepper.engine.ts")).StepperEngine(this, strings, fromUrl),
      { selector: "[data-error]", text: strings["loadFailed"] },
    );
    this.engine = engine;
    this.addEventListener("click", (e) => {
      if ((e.target as Element).closest("button[data-action]")) engine.use((en) => en.onClick(e));
    });
    this.addEventListener("change", (e) => engine.use((en) => en.onChange(e)));
    this.querySelector("[data-diagram]")?.addEventListener("keydown", (e) => {
      const key = e as KeyboardEvent;
      if (!STEP_KEYS.has(key.key)) return;
      key.preventDefault();
      engine.use((en) => en.onKey(key));
    });
  }

  disconnectedCallback(): void {
    this.engine?.value?.stop();
  }
}

if (!customElements.get("tcp-handshake-stepper")) customElements.define("tcp-handshake-stepper", HandshakeStepper);
