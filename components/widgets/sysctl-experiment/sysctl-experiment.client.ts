/**
 * Browser side of <tcp-sysctl-experiment>. Control values live in a small
 * store and in the URL ("sx.<id>.<control>"); a change re-runs the
 * scenario with the same pure functions the build used, in a Web Worker
 * started on the first change: the page ships little script until the
 * reader touches a control, and long runs never block it.
 */
import { readData } from "../kit.ts";
import { map } from "nanostores";
import { readParams, writeParams } from "../../shared/url-state.ts";
import {
  changedValues,
  defaultValues,
  urlPrefix,
  validControlValue,
  valuesFromUrl,
  type ExperimentSpec,
} from "../../../src/sysctl-review/experiment/spec.ts";
import { fill } from "../../../src/sysctl-review/format.ts";

import type { RunReply, RunRequest } from "./experiment.worker.ts";

/**
 * One worker for every experiment on the page, started on the first run.
 * Where workers are unavailable the same code runs on the main thread.
 */
let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, (reply: RunReply) => void>();

function startWorker(): Worker | null {
  try {
    const w = new Worker(new URL("./experiment.worker.ts", import.meta.url), { type: "module" });
    w.addEventListener("message", (e: MessageEvent<RunReply>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    });
    return w;
  } catch {
    return null;
  }
}

async function runOffMainThread(req: Omit<RunRequest, "id">): Promise<RunReply> {
  worker ??= startWorker();
  const id = ++nextId;
  if (worker === null) {
    const { render } = await import("./experiment.worker.ts");
    return render({ ...req, id });
  }
  const w = worker;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ ...req, id });
  });
}

class SysctlExperiment extends HTMLElement {
  private spec!: ExperimentSpec;
  private readonly values = map<Record<string, string>>({});
  private generation = 0;

  connectedCallback(): void {
    this.spec = readData<ExperimentSpec>(this, "spec") ?? ({} as ExperimentSpec);
    for (const el of this.querySelectorAll<HTMLElement>("[data-needs-js]")) el.hidden = false;
    for (const el of this.querySelectorAll<HTMLElement>("[data-no-js]")) el.hidden = true;

    const { values, rejected } = valuesFromUrl(this.spec, readParams(urlPrefix(this.spec)));
    this.values.set(values);
    this.syncControls();
    if (rejected.length > 0) {
      const keys = rejected.map((k) => urlPrefix(this.spec) + k).join(", ");
      this.message(fill(this.spec.strings.badUrl, { keys }));
    }
    if (Object.keys(changedValues(this.spec, values)).length > 0) void this.run();

    this.values.listen((next) => {
      writeParams(urlPrefix(this.spec), changedValues(this.spec, next));
      void this.run();
    });
    this.addEventListener("change", (e) => this.onChange(e));
    this.querySelector("[data-reset]")?.addEventListener("click", () => {
      this.message("");
      this.values.set(defaultValues(this.spec));
      this.syncControls();
    });
  }

  private control(key: string): HTMLInputElement | HTMLSelectElement | null {
    return this.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(key)}"]`);
  }

  private syncControls(): void {
    for (const c of this.spec.controls) {
      const el = this.control(c.key);
      if (el) el.value = this.values.get()[c.key] ?? c.default;
    }
  }

  private message(text: string): void {
    const el = this.querySelector("[data-msg]");
    if (el) el.textContent = text;
  }

  private onChange(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    const c = this.spec.controls.find((x) => x.key === el.name);
    if (!c) return;
    if (!validControlValue(c, el.value)) {
      el.setAttribute("aria-invalid", "true");
      this.message(fill(this.spec.strings.invalidNumber, { label: c.label, min: c.min ?? "", max: c.max ?? "" }));
      return;
    }
    el.removeAttribute("aria-invalid");
    this.message("");
    this.values.setKey(c.key, c.kind === "number" ? String(Number(el.value)) : el.value);
  }

  private async run(): Promise<void> {
    const gen = ++this.generation;
    const out = this.querySelector<HTMLElement>("[data-output]");
    out?.setAttribute("aria-busy", "true");
    const locale = this.dataset["locale"] ?? "en";
    const reply = await runOffMainThread({ spec: this.spec, values: { ...this.values.get() }, locale });
    // A later change already started another run: its result wins.
    if (gen !== this.generation) return;
    if (out) {
      out.innerHTML = reply.html;
      out.removeAttribute("aria-busy");
    }
    const live = this.querySelector("[data-live]");
    if (live) live.textContent = reply.announcement;
  }
}

if (!customElements.get("tcp-sysctl-experiment")) customElements.define("tcp-sysctl-experiment", SysctlExperiment);
