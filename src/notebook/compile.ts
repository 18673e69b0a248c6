/**
 * TypeScript → JavaScript for a cell, with sucrase: types are stripped (not
 * checked) and `import … from "tcp-lab"` becomes a `require` the runtime
 * answers. Sucrase keeps every line in place and gives a token-level source
 * map, so positions in errors map back to the reader's code.
 */
import { transform } from "sucrase";
import { positionOfOffset, stripSucraseLocation, type SourcePosition } from "./errors.ts";
import { decodeMappings, type DecodedMap } from "./source-map.ts";

/** Name the evaluated code carries in stack traces (`//# sourceURL`). */
export const CELL_SOURCE_URL = "tcp-lab-notebook-cell.js";

/**
 * Lines the runtime puts before the transpiled code. The wrapper is a strict
 * script whose last statement is a block holding the code, so indirect eval
 * returns the value of the cell's last expression (its "result"), and
 * `let`/`const` stay local to the block.
 */
export const WRAPPER_LINES = 1;

export type CompileResult =
  | { readonly ok: true; readonly code: string; readonly map: DecodedMap }
  | { readonly ok: false; readonly message: string; readonly position: SourcePosition | null };

export function compileCell(source: string): CompileResult {
  try {
    const out = transform(source, {
      transforms: ["typescript", "imports"],
      disableESTransforms: true,
      production: true,
      filePath: "cell.ts",
      sourceMapOptions: { compiledFilename: CELL_SOURCE_URL },
    });
    const map = out.sourceMap ? decodeMappings(out.sourceMap) : [];
    return { ok: true, code: out.code, map };
  } catch (error) {
    const pos = (error as { pos?: unknown }).pos;
    return {
      ok: false,
      message: stripSucraseLocation(error instanceof Error ? error.message : String(error)),
      position: typeof pos === "number" ? positionOfOffset(source, pos) : null,
    };
  }
}

/**
 * The script the worker evaluates (see WRAPPER_LINES). Sucrase starts its
 * output with a "use strict" directive, which inside the block is just a
 * string expression that would become the cell's result when nothing
 * follows; it is blanked to `void 0;` padded to the same width, so columns
 * do not move.
 */
export function wrapForEval(transpiled: string): string {
  const directive = '"use strict";';
  const body = transpiled.startsWith(directive)
    ? "void 0;".padEnd(directive.length, " ") + transpiled.slice(directive.length)
    : transpiled;
  return `"use strict";void 0;{\n${body}\n}\n//# sourceURL=${CELL_SOURCE_URL}`;
}
