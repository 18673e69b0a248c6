/**
 * <tcp-proxy-lab> in the browser. The single-SYN switches show one of the
 * eight diagrams the build rendered (instant); the load setup is written to
 * the URL ("px." prefix) and run by the core in a Web Worker, whose figures
 * replace the placeholders when they arrive.
 */
import { WidgetElement, readData } from "../kit.ts";
import { LatestWins } from "../latest-wins.ts";
import { readParams, writeParams } from "../../shared/url-state.ts";
import {
  DEFAULT_PROXY,
  PROXY_IPS,
  PROXY_RATES,
  proxyFromParams,
  proxyOptions,
  proxyToParams,
  synCaseKey,
  type ProxyCloser,
  type ProxyLabSettings,
} from "../../../src/lessons/proxy/settings.ts";
import {
  fill,
  proxyFigures,
  proxySummary,
  pstr,
  topologySvg,
  type ProxyLabStrings,
  type ProxyRun,
} from "../../../src/lessons/proxy/view.ts";
import type { ProxyLabReply, ProxyLabRequest } from "./proxy-lab.worker.ts";

const PREFIX = "px.";
const RUN_DELAY_MS = 250;

class ProxyLab extends WidgetElement<ProxyLabStrings> {
  private settings: ProxyLabSettings = DEFAULT_PROXY;
  private nf = new Intl.NumberFormat("en");
  private readonly runs = new Map<string, ProxyRun>();
  private readonly loadRuns = new LatestWins<ProxyLabRequest, ProxyLabReply>(
    () => new Worker(new URL("./proxy-lab.worker.ts", import.meta.url), { type: "module" }),
    RUN_DELAY_MS,
    (reply, key) => this.onRun(reply, key),
  );

  protected start(): void {
    const lang = document.documentElement.lang || "en";
    this.nf = new Intl.NumberFormat(lang);
    const initial = readData<ProxyRun>(this, "initial");
    if (initial !== undefined) this.runs.set(this.loadKey(DEFAULT_PROXY), initial);
    // The load controls and the single-SYN switches (beside the diagram they choose) are two fieldsets.
    for (const fieldset of this.querySelectorAll("fieldset[data-controls]"))
      fieldset.addEventListener("input", () => this.apply(this.readControls(), true));
    const { settings, rejected } = proxyFromParams(readParams(PREFIX));
    if (rejected.length > 0) {
      this.text(
        "[data-error]",
        fill(pstr(this.strings, "badUrl"), { names: rejected.map((r) => PREFIX + r).join(", ") }),
      );
    }
    if (JSON.stringify(settings) !== JSON.stringify(DEFAULT_PROXY)) this.apply(settings, false);
  }

  disconnectedCallback(): void {
    this.loadRuns.stop();
  }

  private field<T extends HTMLInputElement>(selector: string): T {
    const el = this.querySelector<T>(selector);
    if (el === null) throw new Error(`proxy lab: no control ${selector}`);
    return el;
  }

  private readControls(): ProxyLabSettings {
    const closer = this.querySelector<HTMLInputElement>('input[name="closer"]:checked')?.value as
      ProxyCloser | undefined;
    return {
      proxyIps: PROXY_IPS[Number(this.field('input[name="ips"]').value)] ?? DEFAULT_PROXY.proxyIps,
      rate: PROXY_RATES[Number(this.field('input[name="rate"]').value)] ?? DEFAULT_PROXY.rate,
      closer: closer ?? DEFAULT_PROXY.closer,
      timestamps: this.field('input[name="timestamps"]').checked,
      rfc1337: this.field('input[name="rfc1337"]').checked,
      oldSeq: this.field('input[name="oldSeq"]').checked,
    };
  }

  private text(selector: string, value: string): void {
    const el = this.querySelector(selector);
    if (el !== null && el.textContent !== value) el.textContent = value;
  }

  /** What decides the load run (oldSeq only concerns the single SYN). */
  private loadKey(s: ProxyLabSettings): string {
    return JSON.stringify(proxyOptions(s));
  }

  private fmt = (n: number, digits = 0): string =>
    new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: digits }).format(n);

  apply(s: ProxyLabSettings, fromUser: boolean): void {
    const before = this.settings;
    this.settings = s;
    // Controls (when the setup came from the URL) and their visible values.
    this.field('input[name="ips"]').value = String(PROXY_IPS.findIndex((n) => n === s.proxyIps));
    this.field('input[name="ips"]').setAttribute("aria-valuetext", String(s.proxyIps));
    this.text('[data-value="ips"]', String(s.proxyIps));
    const rateText = fill(pstr(this.strings, "rateValue"), { rate: this.nf.format(s.rate) });
    this.field('input[name="rate"]').value = String(PROXY_RATES.findIndex((n) => n === s.rate));
    this.field('input[name="rate"]').setAttribute("aria-valuetext", rateText);
    this.text('[data-value="rate"]', rateText);
    for (const r of this.querySelectorAll<HTMLInputElement>('input[name="closer"]')) r.checked = r.value === s.closer;
    this.field('input[name="timestamps"]').checked = s.timestamps;
    this.field('input[name="rfc1337"]').checked = s.rfc1337;
    this.field('input[name="oldSeq"]').checked = s.oldSeq;
    writeParams(PREFIX, JSON.stringify(s) === JSON.stringify(DEFAULT_PROXY) ? {} : proxyToParams(s));

    // The single SYN: one of the diagrams rendered at build time.
    const key = synCaseKey(s);
    if (key !== synCaseKey(before) || !fromUser) {
      for (const el of this.querySelectorAll<HTMLElement>("[data-syn-case]")) el.hidden = el.dataset["synCase"] !== key;
      // Beside each switch: a note when it changes nothing in this case (the build compared the runs).
      const none = (this.querySelector<HTMLElement>(`[data-syn-case="${key}"]`)?.dataset["noEffectFor"] ?? "").split(
        " ",
      );
      for (const el of this.querySelectorAll<HTMLElement>("[data-no-effect]"))
        el.hidden = !none.includes(el.dataset["noEffect"] ?? "");
      const story = this.querySelector(`[data-syn-case="${key}"] [data-syn-story]`)?.textContent ?? "";
      if (fromUser) this.text("[data-syn-live]", story);
    }
    const run = this.runs.get(this.loadKey(s));
    this.draw(run);
    if (run === undefined) this.schedule(s);
  }

  private draw(run: ProxyRun | undefined): void {
    const s = this.settings;
    const strings = this.strings;
    const pending = pstr(strings, "pending");
    const tw = {
      proxy: run === undefined ? pending : this.nf.format(run.timeWaitNow["proxy"] ?? 0),
      backend: run === undefined ? pending : this.nf.format(run.timeWaitNow["backend"] ?? 0),
    };
    const topo = this.querySelector("[data-topology]");
    if (topo !== null) topo.innerHTML = topologySvg(s, tw, strings);
    for (const [name, value] of Object.entries(proxyFigures(run, strings, this.fmt)))
      this.text(`[data-fig="${name}"]`, value);
    const body = this.querySelector("[data-examples] tbody");
    // Column names label each cell when the table is stacked into cards on a narrow screen.
    const heads = [...this.querySelectorAll("[data-examples] thead th")].map((th) => th.textContent?.trim() ?? "");
    if (body !== null) {
      body.replaceChildren(
        ...(run?.examples ?? []).map((e) => {
          const tr = document.createElement("tr");
          for (const [i, v] of [e.host, e.local, e.peer].entries()) {
            const td = document.createElement("td");
            td.dataset["label"] = heads[i] ?? "";
            if (i === 0) td.textContent = v;
            else td.append(Object.assign(document.createElement("code"), { textContent: v }));
            tr.append(td);
          }
          return tr;
        }),
      );
    }
    this.setAttribute("aria-busy", run === undefined ? "true" : "false");
    this.dataset["exact"] = String(run !== undefined);
    if (run === undefined) {
      this.text("[data-status]", pstr(strings, "statusRunning"));
    } else {
      this.text("[data-status]", pstr(strings, "statusExact"));
      this.text("[data-summary]", proxySummary(s, run, strings, this.fmt));
    }
  }

  private schedule(s: ProxyLabSettings): void {
    this.loadRuns.schedule(this.loadKey(s), (id) => ({ id, options: proxyOptions(s) }));
  }

  private onRun(reply: ProxyLabReply, key: string): void {
    if ("error" in reply) {
      this.setAttribute("aria-busy", "false");
      this.text("[data-status]", fill(pstr(this.strings, "statusError"), { message: reply.error }));
      return;
    }
    this.runs.set(key, reply.run);
    if (key === this.loadKey(this.settings)) this.draw(reply.run);
  }
}

customElements.define("tcp-proxy-lab", ProxyLab);
