/**
 * Runs cell code in a fresh Web Worker and turns what comes back into
 * output under the cell. Loaded with a dynamic import() on the first run.
 *
 * How the runtime is loaded: `?worker&url` makes Vite bundle
 * runtime.worker.ts (sucrase + the simulation core, no imports left) into one
 * script under /_astro/ and gives us its URL. In a build we fetch that script
 * once, wrap it in a Blob and start every worker from the blob: URL, so the
 * worker inherits the page's own policy container instead of getting a fresh
 * one from the network. The dev server serves the worker as an ES module
 * with imports, which a blob: URL cannot resolve, so there we start it from
 * its URL directly.
 *
 * One worker runs one cell once; a spare is started in the background after
 * each run, so the next run does not wait for the runtime to boot.
 */
import runtimeUrl from "./runtime.worker.ts?worker&url";
import { RUN_TIME_LIMIT_MS, type OutputItem, type RunRequest, type WorkerMessage } from "~/src/notebook/protocol.ts";
import type { SourcePosition } from "~/src/notebook/errors.ts";

export interface RunCallbacks {
  onStarted(): void;
  onOutput(item: OutputItem): void;
  onError(error: {
    phase: "compile" | "run" | "rejection";
    name: string;
    message: string;
    position: SourcePosition | null;
  }): void;
  onDone(elapsedMs: number): void;
  onTimeout(limitMs: number): void;
  onCrash(message: string): void;
}

export interface RunHandle {
  stop(): void;
}

/** How long a worker may take to boot before the run is abandoned (slow machines, cold caches). */
const BOOT_LIMIT_MS = 30_000;

let scriptUrl: Promise<string> | null = null;
let spare: Promise<Worker> | null = null;

function workerScriptUrl(): Promise<string> {
  if (import.meta.env.DEV) return Promise.resolve(runtimeUrl);
  scriptUrl ??= fetch(runtimeUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${runtimeUrl}`);
      return response.text();
    })
    .then((text) => URL.createObjectURL(new Blob([text], { type: "text/javascript" })))
    .catch((error: unknown) => {
      scriptUrl = null;
      throw error;
    });
  return scriptUrl;
}

async function startWorker(): Promise<Worker> {
  const url = await workerScriptUrl();
  return new Worker(url, import.meta.env.DEV ? { type: "module" } : {});
}

function takeWorker(): Promise<Worker> {
  const worker = spare ?? startWorker();
  spare = null;
  return worker;
}

function prepareSpare(): void {
  if (spare) return;
  spare = startWorker();
  spare.catch(() => {
    spare = null;
  });
}

export function runCode(
  source: string,
  messages: Omit<RunRequest, "type" | "source">,
  callbacks: RunCallbacks,
): RunHandle {
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let startedAt: number | null = null;

  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    worker?.terminate();
    worker = null;
    setTimeout(prepareSpare, 50);
  };

  timer = setTimeout(() => {
    if (finished) return;
    finish();
    callbacks.onCrash(`the runtime did not start within ${BOOT_LIMIT_MS / 1000} s`);
  }, BOOT_LIMIT_MS);

  takeWorker().then(
    (w) => {
      if (finished) {
        w.terminate();
        return;
      }
      worker = w;
      w.addEventListener("message", (event: MessageEvent<WorkerMessage>) => {
        if (finished) return;
        const message = event.data;
        switch (message.type) {
          case "started":
            startedAt = performance.now();
            clearTimeout(timer);
            callbacks.onStarted();
            timer = setTimeout(() => {
              if (finished) return;
              finish();
              callbacks.onTimeout(RUN_TIME_LIMIT_MS);
            }, RUN_TIME_LIMIT_MS);
            break;
          case "output":
            callbacks.onOutput(message.item);
            break;
          case "error":
            callbacks.onError(message);
            break;
          case "done":
            finish();
            callbacks.onDone(message.elapsedMs);
            break;
          default:
            break;
        }
      });
      w.addEventListener("error", (event) => {
        event.preventDefault();
        if (finished) return;
        finish();
        if (startedAt === null) callbacks.onCrash(event.message || "the worker failed");
        else {
          // The cell's code was running: this is the cell's error, not a runtime that failed to start.
          callbacks.onError({ phase: "run", name: "Error", message: event.message || "", position: null });
          callbacks.onDone(performance.now() - startedAt);
        }
      });
      const request: RunRequest = { type: "run", source, ...messages };
      w.postMessage(request);
    },
    (error: unknown) => {
      if (finished) return;
      finish();
      callbacks.onCrash(error instanceof Error ? error.message : String(error));
    },
  );

  return {
    stop() {
      finish();
    },
  };
}
