/**
 * Browser side of <tcp-close-lab>, the part every visit loads: it shows the
 * controls and forwards the reader's choices to the lab's engine
 * (close-lab.engine.ts: the core, the timeline and diagram renderers), which
 * it loads on the reader's first intent, or at once when the URL carries a
 * setup. Until then the build's first frame (the default experiment) is what
 * the page shows.
 */
import { readStrings } from "../kit.ts";
import { startLazy, type LazyEngine } from "../lazy.ts";
import type { LAB_PREFIX } from "../../../src/lessons/closing/url-state.ts";
import type { LabStrings } from "../../../src/lessons/closing/panels.ts";
import type { CloseLabEngine } from "./close-lab.engine.ts";

const PREFIX: typeof LAB_PREFIX = "cl.";

class CloseLab extends HTMLElement {
  connectedCallback(): void {
    const strings = readStrings<LabStrings>(this);
    const engine: LazyEngine<CloseLabEngine> = startLazy(
      this,
      PREFIX,
      async (fromUrl) => new (await import("./close-lab.engine.ts")).CloseLabEngine(this, strings, fromUrl),
      { selector: "[data-error]", text: strings["loadFailed"] },
    );
    this.addEventListener("change", (e) => engine.use((en) => en.onChange(e)));
  }
}

if (!customElements.get("tcp-close-lab")) customElements.define("tcp-close-lab", CloseLab);
