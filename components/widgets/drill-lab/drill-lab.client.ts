/**
 * Browser side of <tcp-drill-lab>, the part every visit loads: it shows the
 * editor and wires Run, Reset and Ctrl+Enter. The packetdrill parser, the
 * core and the diagram renderer (drill-lab.engine.ts) load on the reader's
 * first intent; until a run, the build's first frame (the default script's
 * result) is what the page shows.
 */
import { readStrings } from "../kit.ts";
import { startLazy } from "../lazy.ts";
import type { DrillStrings } from "../../../src/lessons/drill/drill-view.ts";

class DrillLab extends HTMLElement {
  connectedCallback(): void {
    const strings = readStrings<DrillStrings>(this);
    // No URL setup: the script is the reader's to type.
    const engine = startLazy(this, undefined, async () => (await import("./drill-lab.engine.ts")).runDrillLab, {
      selector: "[data-result]",
      text: strings["loadFailed"],
    });
    const run = (): void => engine.use((runDrillLab) => runDrillLab(this, strings));
    const script = this.querySelector<HTMLTextAreaElement>("[data-script]");
    this.querySelector("[data-run]")?.addEventListener("click", run);
    this.querySelector("[data-reset]")?.addEventListener("click", () => {
      // The build wrote the default script into the textarea: that is its default value.
      if (script) script.value = script.defaultValue;
      run();
    });
    script?.addEventListener("keydown", (e) => {
      const k = e as KeyboardEvent;
      if (k.key === "Enter" && (k.ctrlKey || k.metaKey)) {
        k.preventDefault();
        run();
      }
    });
  }
}

if (!customElements.get("tcp-drill-lab")) customElements.define("tcp-drill-lab", DrillLab);
