/**
 * Messages between a notebook cell on the page and the worker that runs its
 * code. The page treats everything that arrives as untrusted data: it inserts
 * text as text and draws diagrams and charts with its own code from numbers
 * and strings it re-validates (see rich.ts), never markup from the worker.
 */
import type { TraceEvent } from "../sim/index.ts";
import type { SourcePosition } from "./errors.ts";

/** Page → worker. */
export interface RunRequest {
  readonly type: "run";
  readonly source: string;
  /** Message for refused globals; "{name}" is replaced by the global's name. */
  readonly refusedMessage: string;
  /** Message for imports of anything but "tcp-lab"; "{name}" is the module asked for. */
  readonly unknownModuleMessage: string;
}

export type LogLevel = "log" | "info" | "debug" | "warn" | "error";

export type OutputItem =
  | { readonly kind: "text"; readonly level: LogLevel | "result"; readonly text: string }
  | {
      readonly kind: "table";
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly omittedRows: number;
    }
  | {
      readonly kind: "trace";
      readonly events: readonly TraceEvent[];
      /** Events in the trace before the transfer limit cut it. */
      readonly totalEvents: number;
    }
  | {
      readonly kind: "scenario";
      readonly name: string;
      readonly endTime: number;
      readonly summary: readonly (readonly [string, string])[];
    }
  | { readonly kind: "chart"; readonly label: string; readonly points: readonly (readonly [number, number])[] }
  | { readonly kind: "pcap"; readonly bytes: Uint8Array }
  /** A capture left out because it would exceed the run's capture budget. */
  | { readonly kind: "pcapOmitted"; readonly bytes: number; readonly limit: number }
  | { readonly kind: "truncated" };

/** Worker → page. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "started" }
  | { readonly type: "output"; readonly item: OutputItem }
  | {
      readonly type: "error";
      /** "rejection": a promise the cell created was rejected and nothing handled it. */
      readonly phase: "compile" | "run" | "rejection";
      readonly name: string;
      readonly message: string;
      /** Where in the reader's TypeScript (1-based), when known. */
      readonly position: SourcePosition | null;
    }
  | { readonly type: "done"; readonly elapsedMs: number };

/** How much output one run may produce before the rest is dropped with a note. */
export const OUTPUT_LIMITS = {
  /** Output items (log lines, tables, diagrams…) per run. */
  items: 500,
  /** Characters of text over all items of a run. */
  chars: 200_000,
  /** Characters of one formatted value. */
  charsPerItem: 20_000,
  /** Trace events sent for one diagram. */
  traceEvents: 3_000,
  /** Points of one chart. */
  chartPoints: 2_000,
  /** Bytes of capture (pcap) output over all items of a run; a larger capture is replaced by a note. */
  pcapBytes: 16 * 1024 * 1024,
} as const;

/** Wall-clock time a cell may run before its worker is terminated. */
export const RUN_TIME_LIMIT_MS = 5_000;
