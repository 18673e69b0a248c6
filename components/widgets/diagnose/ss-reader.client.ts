/**
 * Browser side of <tcp-ss-reader>: re-reads the text a moment after the
 * reader stops typing, or when a file is opened or the port range changes.
 * Everything stays in the page.
 */
import { analyzeText } from "../../../src/diagnose/ss-analyze.ts";
import { textReportHtml } from "../../../src/diagnose/view.ts";

const DEBOUNCE_MS = 250;

class SsReader extends HTMLElement {
  private s: Record<string, string> = {};
  private base = "";
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Until the reader sets the range, the default is assumed (and the result says so). */
  private rangeGiven = false;

  connectedCallback(): void {
    const p = JSON.parse(this.querySelector("script[data-strings]")?.textContent ?? "{}") as {
      s: Record<string, string>;
      base: string;
    };
    this.s = p.s;
    this.base = p.base;
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    const input = this.querySelector("textarea") as HTMLTextAreaElement;
    const later = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update(), DEBOUNCE_MS);
    };
    input.addEventListener("input", later);
    for (const el of this.querySelectorAll("[data-low], [data-high]")) {
      el.addEventListener("input", () => {
        this.rangeGiven = true;
        later();
      });
    }
    const file = this.querySelector<HTMLInputElement>("[data-file]");
    file?.addEventListener("change", () => {
      const f = file.files?.[0];
      if (!f) return;
      void f.text().then((text) => {
        input.value = text;
        this.update();
      });
    });
  }

  private update(): void {
    const text = (this.querySelector("textarea") as HTMLTextAreaElement).value;
    const low = Number(this.querySelector<HTMLInputElement>("[data-low]")?.value);
    const high = Number(this.querySelector<HTMLInputElement>("[data-high]")?.value);
    const ok = Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high <= 65535 && low <= high;
    const report = analyzeText(text, ok && this.rangeGiven ? { portRange: [low, high] } : {});
    const results = this.querySelector("[data-results]");
    if (results) results.innerHTML = textReportHtml(report, this.s, this.base);
  }
}

if (!customElements.get("tcp-ss-reader")) customElements.define("tcp-ss-reader", SsReader);
