/**
 * The notebook runtime: a dedicated worker that compiles one cell with
 * sucrase and evaluates it with the simulation core available as the module
 * "tcp-lab". One worker runs one cell once and is then thrown away, so no
 * state leaks between runs and a runaway cell is stopped by terminating it.
 *
 * Before the reader's code runs, the global scope is cut down to an
 * allow-list (src/notebook/sandbox.ts): the core, console and pure
 * built-ins. Every other name — the network, storage, fonts, workers, the
 * page, code from strings — is replaced by a getter that throws one clear
 * error. The page's Content-Security-Policy, which this blob: worker
 * inherits, is the second wall. The page gets only data back (see
 * src/notebook/protocol.ts).
 */
import * as core from "../../src/sim/index.ts";
import { CELL_SOURCE_URL, WRAPPER_LINES, compileCell, wrapForEval } from "../../src/notebook/compile.ts";
import { describeThrown, firstCellFrame, mapToSource, thrownStack } from "../../src/notebook/errors.ts";
import { OutputBudget } from "../../src/notebook/budget.ts";
import { lockDownScope } from "../../src/notebook/sandbox.ts";
import { ALWAYS_REFUSED } from "./refused-globals.ts";
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

// Everything the runtime itself needs, captured before the lockdown.
const scope = globalThis as unknown as Record<string, unknown>;
const rawPost = self.postMessage.bind(self);
const listen = self.addEventListener.bind(self);
const post = (message: WorkerMessage, transfer: Transferable[] = []): void => rawPost(message, { transfer });
const evaluate = globalThis.eval;
const later = globalThis.setTimeout.bind(globalThis);
const now = performance.now.bind(performance);

/** The module a cell gets for `import … from "tcp-lab"`: the core's public API (src/sim/index.ts, exporters included). */
const tcpLab: Readonly<Record<string, unknown>> = Object.freeze({ ...core });

/** pcap(trace | result, options?) → libpcap bytes; logging or returning them offers a download. */
function pcap(input: unknown, options?: core.PcapOptions): Uint8Array {
  const trace = Array.isArray(input) ? input : (input as { trace?: unknown } | null)?.trace;
  if (!Array.isArray(trace)) throw new TypeError("pcap() takes a trace (array of events) or a ScenarioResult");
  return core.traceToPcap(trace as core.TraceEvent[], options);
}

const budget = new OutputBudget();

function emit(item: OutputItem): void {
  const admitted = budget.admit(item);
  if (admitted === null) return;
  if (admitted.kind === "pcap") {
    // Copy so the transfer cannot detach a buffer the cell still uses.
    const bytes = admitted.bytes.slice();
    post({ type: "output", item: { kind: "pcap", bytes } }, [bytes.buffer]);
  } else post({ type: "output", item: admitted });
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

function errorPosition(error: unknown, map: DecodedMap): { line: number; column: number } | null {
  const frame = firstCellFrame(thrownStack(error), CELL_SOURCE_URL);
  return frame ? mapToSource(frame, map, WRAPPER_LINES) : null;
}

/** Reports what the cell threw, as what it is; never lets the report itself throw. */
function reportThrown(thrown: unknown, phase: "run" | "rejection", map: DecodedMap): void {
  const { name, message } = describeThrown(thrown);
  post({ type: "error", phase, name: clip(name), message: clip(message), position: errorPosition(thrown, map) });
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
  const cellScope: Record<string, unknown> = {
    require: (name: unknown) => {
      if (name === "tcp-lab") return tcpLab;
      throw new Error(request.unknownModuleMessage.replace("{name}", String(name)));
    },
    console: cellConsole,
    pcap,
    chart,
  };
  for (const [name, value] of Object.entries(cellScope)) {
    Object.defineProperty(scope, name, { value, writable: false, enumerable: false, configurable: false });
  }
  // A rejected promise nobody handled, or an error thrown from a callback (queueMicrotask),
  // is the cell's error: report it as such, not as a crash of the runtime.
  listen("unhandledrejection", (event: PromiseRejectionEvent) => {
    event.preventDefault();
    reportThrown(event.reason, "rejection", compiled.map);
  });
  listen("error", (event: ErrorEvent) => {
    event.preventDefault();
    reportThrown(event.error ?? event.message, "run", compiled.map);
  });
  const { unremovable } = lockDownScope(globalThis, request.refusedMessage, ALWAYS_REFUSED);
  if (unremovable.length > 0) {
    // Fail closed: a browser that will not let us remove a capability does not run cells.
    post({
      type: "error",
      phase: "run",
      name: "Error",
      message: request.refusedMessage.replace("{name}", unremovable.join(", ")),
      position: null,
    });
    post({ type: "done", elapsedMs: now() - started });
    return;
  }
  post({ type: "started" });
  try {
    const result: unknown = evaluate(wrapForEval(compiled.code));
    if (result !== undefined) show("result", [result]);
  } catch (error) {
    reportThrown(error, "run", compiled.map);
  }
  // Done after the cell's pending promise callbacks have run and an unhandled
  // rejection among them has been reported (that event comes in a task of its own).
  later(() => later(() => post({ type: "done", elapsedMs: now() - started }), 0), 0);
}

self.addEventListener(
  "message",
  (event: MessageEvent<RunRequest>) => {
    if (event.data?.type === "run") run(event.data);
  },
  { once: true },
);
