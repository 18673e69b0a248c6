/**
 * Where an error happened, in the reader's own TypeScript: compile errors
 * carry an offset into the source; runtime errors carry a stack whose frames
 * point into the evaluated JavaScript, which we map back through sucrase's
 * source map and the fixed wrapper the runtime puts around the code.
 */
import { formatValue } from "./format.ts";
import { originalPosition, type DecodedMap } from "./source-map.ts";

/** 1-based line and column, as editors show them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Line and column (1-based) of a character offset in `source`. */
export function positionOfOffset(source: string, offset: number): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

/** Sucrase appends " (line:column)" to its messages; we show our own position instead. */
export function stripSucraseLocation(message: string): string {
  return message.replace(/^Error transforming [^:]*: /, "").replace(/\s*\(\d+:\d+\)\s*$/, "");
}

/**
 * The first stack frame that points into the evaluated cell (named by its
 * `//# sourceURL`), as 1-based line and column in that evaluated text.
 * V8 writes "at fn (name:3:7)" or "at name:3:7"; Firefox and Safari "fn@name:3:7".
 */
export function firstCellFrame(stack: string, sourceUrl: string): SourcePosition | null {
  for (const frame of stack.split("\n")) {
    const at = frame.lastIndexOf(sourceUrl + ":");
    if (at < 0) continue;
    const match = /^:(\d+):(\d+)/.exec(frame.slice(at + sourceUrl.length));
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return null;
}

/**
 * Maps a 1-based position in the evaluated text back to the reader's code.
 * `lineOffset` is the number of wrapper lines before the transpiled code.
 * Returns null for positions inside the wrapper.
 */
export function mapToSource(position: SourcePosition, map: DecodedMap, lineOffset: number): SourcePosition | null {
  const generatedLine = position.line - 1 - lineOffset;
  if (generatedLine < 0 || generatedLine >= map.length) return null;
  const original = originalPosition(map, generatedLine, position.column - 1);
  return { line: original.line + 1, column: original.column + 1 };
}

/** The text of a source line and a caret under the column, for showing where an error is. */
export function sourceExcerpt(source: string, position: SourcePosition): string {
  const lineText = source.split("\n")[position.line - 1];
  if (lineText === undefined) return "";
  const caretColumn = Math.max(0, Math.min(position.column - 1, lineText.length));
  const pad = lineText.slice(0, caretColumn).replace(/[^\t]/g, " ");
  return `${lineText}\n${pad}^`;
}

/** What a cell threw, as a name and a message for the page. */
export interface ThrownDescription {
  readonly name: string;
  readonly message: string;
}

/** Own data property or a getter's result; a getter that throws yields `fallback(error)`. */
function readProperty(target: object, key: string, fallback: (error: unknown) => string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return fallback(error);
  }
}

/**
 * Describes anything a cell can throw without throwing itself: an Error (even
 * one whose `name` or `message` getter throws), a string, a number, null, an
 * object with methods, a hostile Proxy. A value that is not an Error is shown
 * as the value, under the name "Uncaught", like a console does.
 */
export function describeThrown(thrown: unknown): ThrownDescription {
  let isError: boolean;
  try {
    isError = thrown instanceof Error;
  } catch {
    isError = false; // a Proxy whose getPrototypeOf trap throws
  }
  if (!isError) return { name: "Uncaught", message: formatValue(thrown) };
  const error = thrown as Error;
  const getterThrew = (what: string) => (inner: unknown) =>
    `(reading its ${what} threw ${formatValue(inner, { depth: 1, maxString: 200 })})`;
  const name = readProperty(error, "name", getterThrew("name"));
  const message = readProperty(error, "message", getterThrew("message"));
  return {
    name: typeof name === "string" && name !== "" ? name : "Error",
    message: typeof message === "string" ? message : formatValue(message),
  };
}

/** The stack of a thrown Error as text, or "" (never runs a throwing getter to completion). */
export function thrownStack(thrown: unknown): string {
  try {
    const stack = thrown instanceof Error ? thrown.stack : undefined;
    return typeof stack === "string" ? stack : "";
  } catch {
    return "";
  }
}
