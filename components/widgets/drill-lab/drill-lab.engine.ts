/**
 * The heavy half of <tcp-drill-lab>, loaded by its element
 * (drill-lab.client.ts) on the reader's first intent: parses and runs the
 * textarea's script against the core, then redraws the result line, the
 * expected-vs-actual pair and the sequence diagram with the build's own
 * functions.
 */
import { sequenceSvgs } from "../../../src/diagram/sequence.ts";
import { buildDrillView, type DrillStrings } from "../../../src/lessons/drill/drill-view.ts";

export function runDrillLab(host: HTMLElement, strings: DrillStrings): void {
  const script = host.querySelector<HTMLTextAreaElement>("[data-script]")?.value ?? "";
  const view = buildDrillView(script, strings);
  const result = host.querySelector<HTMLElement>("[data-result]");
  if (result) {
    result.textContent = view.summary;
    result.dataset["ok"] = String(view.ok);
  }
  const diff = host.querySelector<HTMLElement>("[data-diff]");
  if (diff) diff.hidden = view.expected === undefined && view.actual === undefined;
  const exp = host.querySelector("[data-expected]");
  if (exp) exp.textContent = view.expected ?? "";
  const act = host.querySelector("[data-actual]");
  if (act) act.textContent = view.actual ?? "";
  const svg = host.querySelector("[data-diagram] .seq-svg");
  if (svg) svg.innerHTML = sequenceSvgs(view.model, strings.diagram);
  host.querySelector("[data-diagram] .seq-text")?.replaceChildren(
    ...view.model.rows.map((row, i) => {
      const li = document.createElement("li");
      li.dataset["row"] = String(i);
      li.textContent = row.description;
      return li;
    }),
  );
  const live = host.querySelector("[data-live]");
  const tpl = strings["announce"];
  if (live) live.textContent = (typeof tpl === "string" ? tpl : "{summary}").replace("{summary}", view.summary);
}
