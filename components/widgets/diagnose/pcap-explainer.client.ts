/**
 * Browser side of <tcp-pcap-explainer>: reads the opened file in the page
 * (never uploaded), lists its connections and draws the chosen one.
 */
import { explainCapture, type CaptureReport } from "../../../src/diagnose/capture.ts";
import { captureHtml, connectionDiagramHtml } from "../../../src/diagnose/view.ts";

class PcapExplainer extends HTMLElement {
  private s: Record<string, string> = {};
  private base = "";
  private report: CaptureReport | undefined;

  connectedCallback(): void {
    const p = JSON.parse(this.querySelector("script[data-strings]")?.textContent ?? "{}") as {
      s: Record<string, string>;
      base: string;
    };
    this.s = p.s;
    this.base = p.base;
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    const file = this.querySelector<HTMLInputElement>("[data-file]");
    file?.addEventListener("change", () => {
      const f = file.files?.[0];
      if (f) void this.open(f);
    });
    this.querySelector("[data-conn]")?.addEventListener("change", () => this.draw());
    this.querySelector("[data-relative]")?.addEventListener("change", () => this.draw());
  }

  private async open(f: File): Promise<void> {
    const status = this.querySelector<HTMLElement>("[data-status]");
    if (status) status.hidden = false;
    const bytes = new Uint8Array(await f.arrayBuffer());
    this.report = explainCapture(bytes);
    const results = this.querySelector("[data-results]");
    if (results) results.innerHTML = captureHtml(this.report, this.s, this.base);
    const hint = this.querySelector<HTMLElement>("[data-hint]");
    if (hint) hint.hidden = true;
    const conn = this.querySelector<HTMLInputElement>("[data-conn]");
    if (conn) {
      conn.max = String(Math.max(1, this.report.connections.length));
      conn.value = "1";
    }
    this.draw();
    if (status) status.hidden = true;
  }

  private draw(): void {
    const target = this.querySelector("[data-diagram]");
    if (!target || !this.report) return;
    const n = Number(this.querySelector<HTMLInputElement>("[data-conn]")?.value);
    const relative = this.querySelector<HTMLInputElement>("[data-relative]")?.checked ?? true;
    const conn = this.report.connections[n - 1];
    target.innerHTML = conn ? connectionDiagramHtml(conn, this.s, relative) : "";
  }
}

if (!customElements.get("tcp-pcap-explainer")) customElements.define("tcp-pcap-explainer", PcapExplainer);
