/**
 * Browser side of <tcp-port-lab>, the part every visit loads: it shows the
 * controls and forwards the reader's moves to the lab's engine
 * (port-lab.engine.ts: the capacity model, the chart renderer, the worker
 * that runs the core), which it loads on the reader's first intent, or at
 * once when the URL carries a setup. Until then the build's first frame (the
 * exact default run) is what the page shows.
 */
import { readStrings } from "../kit.ts";
import { startLazy, type LazyEngine } from "../lazy.ts";
import type { PortLabStrings } from "../../../src/lessons/ports/view.ts";
import type { PREFIX, PortLabEngine } from "./port-lab.engine.ts";

const URL_PREFIX: typeof PREFIX = "pl.";

class PortLab extends HTMLElement {
  private engine: LazyEngine<PortLabEngine> | undefined;

  connectedCallback(): void {
    const strings = readStrings<PortLabStrings>(this);
    const engine = startLazy(
      this,
      URL_PREFIX,
      async (fromUrl) => new (await import("./port-lab.engine.ts")).PortLabEngine(this, strings, fromUrl),
      { selector: "[data-error]", text: strings["loadFailed"] },
    );
    this.engine = engine;
    this.addEventListener("input", (e) => engine.use((en) => en.onInput(e)));
    this.querySelector("[data-reset]")?.addEventListener("click", () => engine.use((en) => en.reset()));
  }

  disconnectedCallback(): void {
    this.engine?.value?.stop();
  }
}

if (!customElements.get("tcp-port-lab")) customElements.define("tcp-port-lab", PortLab);
