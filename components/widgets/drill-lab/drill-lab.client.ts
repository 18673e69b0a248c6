/**
 * Browser side of <tcp-drill-lab>: Run parses and runs the textarea's script
 * against the core, then redraws the result line, the expected-vs-actual
 * pair and the sequence diagram with the build's own functions.
 */
import { sequenceSvgs } from "../../../src/diagram/sequence.ts";
import { DEFAULT_DRILL_SCRIPT, buildDrillView, type DrillStrings } from "../../../src/lessons/drill/drill-view.ts";

class DrillLab extends HTMLElement {
  private strings!: DrillStrings;

  connectedCallback(): void {
    this.strings = JSON.parse(this.querySelector("script[data-strings]")?.textContent ?? "{}") as DrillStrings;
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    this.querySelector("[data-run]")?.addEventListener("click", () => this.run());
    this.querySelector("[data-reset]")?.addEventListener("click", () => {
      const ta = this.querySelector<HTMLTextAreaElement>("[data-script]");
      if (ta) ta.value = DEFAULT_DRILL_SCRIPT;
      this.run();
    });
    this.querySelector("[data-script]")?.addEventListener("keydown", (e) => {
      const k = e as KeyboardEvent;
      if (k.key === "Enter" && (k.ctrlKey || k.metaKey)) {
        k.preventDefault();
        this.run();
      }
    });
  }

  private run(): void {
    const script = this.querySelector<HTMLTextAreaElement>("[data-script]")?.value ?? "";
    const view = buildDrillView(script, this.strings);
    const result = this.querySelector<HTMLElement>("[data-result]");
    if (result) {
      result.textContent = view.summary;
      result.dataset["ok"] = String(view.ok);
    }
    const diff = this.querySelector<HTMLElement>("[data-diff]");
    if (diff) diff.hidden = view.expected === undefined && view.actual === undefined;
    const exp = this.querySelector("[data-expected]");
    if (exp) exp.textContent = view.expected ?? "";
    const act = this.querySelector("[data-actual]");
    if (act) act.textContent = view.actual ?? "";
    const svg = this.querySelector("[data-diagram] .seq-svg");
    if (svg) svg.innerHTML = sequenceSvgs(view.model, this.strings.diagram);
    this.querySelector("[data-diagram] .seq-text")?.replaceChildren(
      ...view.model.rows.map((row, i) => {
        const li = document.createElement("li");
        li.dataset["row"] = String(i);
        li.textContent = row.description;
        return li;
      }),
    );
    const live = this.querySelector("[data-live]");
    const tpl = this.strings["announce"];
    if (live) live.textContent = (typeof tpl === "string" ? tpl : "{summary}").replace("{summary}", view.summary);
  }
}

if (!customElements.get("tcp-drill-lab")) customElements.define("tcp-drill-lab", DrillLab);
