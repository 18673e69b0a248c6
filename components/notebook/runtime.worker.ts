/**
 * The notebook runtime: a dedicated worker that compiles one cell with
 * sucrase and evaluates it with the simulation core available as the module
 * "tcp-lab". One worker runs one cell once and is then thrown away, so no
 * state leaks between runs and a runaway cell is stopped by terminating it.
 *
 * Before the reader's code runs, every global that reaches the page, storage
 * or the network — or that could evaluate a string as code, which is the one
 * way left to write a dynamic import() — is replaced by a getter that throws
 * a clear error. The page gets only data back (see src/notebook/protocol.ts).
 */
import * as core from "../../src/sim/index.ts";
import * as exporters from "../../src/sim/export/index.ts";
import { CELL_SOURCE_URL, WRAPPER_LINES, compileCell, wrapForEval } from "../../src/notebook/compile.ts";
import { firstCellFrame, mapToSource } from "../../src/notebook/errors.ts";
import { formatLogArguments, formatValue } from "../../src/notebook/format.ts";
import {
  OUTPUT_LIMITS,
  type LogLevel,
  type OutputItem,
  type RunRequest,
  type WorkerMessage,
} from "../../src/notebook/protocol.ts";
import { richItems } from "../../src/notebook/rich.ts";
import { toTable } from "../../src/notebook/table.ts";
import type { DecodedMap } from "../../src/notebook/source-map.ts";
import type { TraceEvent } from "../../src/sim/trace.ts";

/** Globals a cell may not touch: no page, no storage, no network, no way to spawn code or talk to the page. */
const REFUSED_GLOBALS: readonly string[] = [
  "document",
  "window",
  "localStorage",
  "sessionStorage",
  "indexedDB",
  "caches",
  "cookieStore",
  "navigator",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebTransport",
  "EventSource",
  "BroadcastChannel",
  "importScripts",
  "Worker",
  "SharedWorker",
  "postMessage",
  "close",
  "eval",
  "Function",
  "setTimeout",
  "setInterval",
];

// Everything the runtime itself needs, captured before the lockdown.
const scope = globalThis as unknown as Record<string, unknown>;
const rawPost = self.postMessage.bind(self);
const post = (message: WorkerMessage, transfer: Transferable[] = []): void => rawPost(message, { transfer });
const evaluate = globalThis.eval;
const later = globalThis.setTimeout.bind(globalThis);
const now = performance.now.bind(performance);

/** The module a cell gets for `import … from "tcp-lab"`: the core's public API plus its exporters. */
const tcpLab: Readonly<Record<string, unknown>> = Object.freeze({ ...exporters, ...core });

/** pcap(trace | result, options?) → libpcap bytes; logging or returning them offers a download. */
function pcap(input: unknown, options?: exporters.PcapOptions): Uint8Array {
  const trace = Array.isArray(input) ? input : (input as { trace?: unknown } | null)?.trace;
  if (!Array.isArray(trace)) throw new TypeError("pcap() takes a trace (array of events) or a ScenarioResult");
  return exporters.traceToPcap(trace as TraceEvent[], options);
}

let budgetItems = 0;
let budgetChars = 0;
let truncated = false;

function itemSize(item: OutputItem): number {
  switch (item.kind) {
    case "text":
      return item.text.length;
    case "table":
      return item.rows.reduce((n, row) => n + row.reduce((m, c) => m + c.length, 0), 0);
    case "trace":
      return item.events.length * 40;
    case "chart":
      return item.points.length * 8;
    case "scenario":
      return item.summary.reduce((n, [k, v]) => n + k.length + v.length, 0);
    default:
      return 0;
  }
}

function emit(item: OutputItem): void {
  if (truncated) return;
  budgetItems += 1;
  budgetChars += itemSize(item);
  if (budgetItems > OUTPUT_LIMITS.items || budgetChars > OUTPUT_LIMITS.chars) {
    truncated = true;
    post({ type: "output", item: { kind: "truncated" } });
    return;
  }
  if (item.kind === "pcap") {
    // Copy so the transfer cannot detach a buffer the cell still uses.
    const bytes = item.bytes.slice();
    post({ type: "output", item: { kind: "pcap", bytes } }, [bytes.buffer]);
  } else post({ type: "output", item });
}

function clip(text: string): string {
  const max = OUTPUT_LIMITS.charsPerItem;
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function show(level: LogLevel | "result", args: readonly unknown[]): void {
  if (args.length === 1) {
    const rich = richItems(args[0]);
    if (rich) {
      for (const item of rich) emit(item);
      return;
    }
  }
  emit({ kind: "text", level, text: clip(level === "result" ? formatValue(args[0]) : formatLogArguments(args)) });
}

function chart(values: unknown, label = ""): void {
  const rich = richItems(values, String(label));
  if (!rich || rich[0]?.kind !== "chart") throw new TypeError("chart() takes an array of numbers or of {t, value}");
  for (const item of rich) emit(item);
}

const cellConsole = {
  log: (...args: unknown[]) => show("log", args),
  info: (...args: unknown[]) => show("info", args),
  debug: (...args: unknown[]) => show("debug", args),
  warn: (...args: unknown[]) => show("warn", args),
  error: (...args: unknown[]) => show("error", args),
  dir: (value: unknown) => show("log", [value]),
  assert: (condition: unknown, ...args: unknown[]) => {
    if (!condition) show("error", ["Assertion failed", ...args]);
  },
  table: (data: unknown, columns?: readonly string[]) => {
    const table = toTable(data, Array.isArray(columns) ? columns.map(String) : undefined);
    if (table) emit({ kind: "table", ...table });
    else show("log", [data]);
  },
  group: () => undefined,
  groupEnd: () => undefined,
};

function lockDown(refusedMessage: string): void {
  for (const name of REFUSED_GLOBALS) {
    const refuse = (): never => {
      throw new Error(refusedMessage.replace("{name}", name));
    };
    for (let o: object | null = globalThis; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (descriptor?.configurable) Reflect.deleteProperty(o, name);
    }
    Object.defineProperty(globalThis, name, { get: refuse, set: refuse, configurable: false });
  }
  // Function constructors reached through any function's `constructor` evaluate strings too.
  const functionKinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const fn of functionKinds) {
    const proto = Object.getPrototypeOf(fn) as object;
    Object.defineProperty(proto, "constructor", {
      get: () => {
        throw new Error(refusedMessage.replace("{name}", "Function"));
      },
      configurable: false,
    });
  }
}

function errorPosition(error: unknown, map: DecodedMap): { line: number; column: number } | null {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  const frame = firstCellFrame(stack, CELL_SOURCE_URL);
  return frame ? mapToSource(frame, map, WRAPPER_LINES) : null;
}

function describeThrown(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Uncaught", message: formatValue(error) };
}

function run(request: RunRequest): void {
  const started = now();
  const compiled = compileCell(request.source);
  if (!compiled.ok) {
    post({
      type: "error",
      phase: "compile",
      name: "SyntaxError",
      message: compiled.message,
      position: compiled.position,
    });
    post({ type: "done", elapsedMs: now() - started });
    return;
  }
  scope["require"] = (name: unknown) => {
    if (name === "tcp-lab") return tcpLab;
    throw new Error(request.unknownModuleMessage.replace("{name}", String(name)));
  };
  scope["console"] = cellConsole;
  scope["pcap"] = pcap;
  scope["chart"] = chart;
  self.addEventListener("unhandledrejection", (event) => {
    const { name, message } = describeThrown(event.reason);
    emit({ kind: "text", level: "error", text: clip(`${name}: ${message}`) });
  });
  lockDown(request.refusedMessage);
  post({ type: "started" });
  try {
    const result: unknown = evaluate(wrapForEval(compiled.code));
    if (result !== undefined) show("result", [result]);
  } catch (error) {
    const { name, message } = describeThrown(error);
    post({ type: "error", phase: "run", name, message: clip(message), position: errorPosition(error, compiled.map) });
  }
  // After pending promise callbacks of the cell have run.
  later(() => post({ type: "done", elapsedMs: now() - started }), 0);
}

self.addEventListener(
  "message",
  (event: MessageEvent<RunRequest>) => {
    if (event.data?.type === "run") run(event.data);
  },
  { once: true },
);
