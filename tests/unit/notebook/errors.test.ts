/**
 * Error positions: sucrase compile errors and runtime stack frames mapped
 * back to the TypeScript a reader wrote. Runtime cases really evaluate the
 * wrapped code in this V8, the same engine family the browser runs.
 */
import { describe, expect, it } from "vitest";
import { CELL_SOURCE_URL, WRAPPER_LINES, compileCell, wrapForEval } from "../../../src/notebook/compile.ts";
import {
  firstCellFrame,
  mapToSource,
  positionOfOffset,
  sourceExcerpt,
  stripSucraseLocation,
} from "../../../src/notebook/errors.ts";
import { decodeMappings, decodeVlq, originalPosition } from "../../../src/notebook/source-map.ts";

function runtimePosition(source: string, scope: Record<string, unknown> = {}): { line: number; column: number } | null {
  const compiled = compileCell(source);
  if (!compiled.ok) throw new Error(`did not compile: ${compiled.message}`);
  Object.assign(globalThis, scope);
  try {
    (0, eval)(wrapForEval(compiled.code));
  } catch (error) {
    const frame = firstCellFrame((error as Error).stack ?? "", CELL_SOURCE_URL);
    return frame ? mapToSource(frame, compiled.map, WRAPPER_LINES) : null;
  } finally {
    for (const key of Object.keys(scope)) Reflect.deleteProperty(globalThis, key);
  }
  throw new Error("the code did not throw");
}

describe("source maps", () => {
  it("decodes Base64 VLQ groups", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("SAAS")).toEqual([9, 0, 0, 9]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(decodeVlq("gB")).toEqual([16]);
    expect(() => decodeVlq("g")).toThrow(/truncated/);
    expect(() => decodeVlq("*")).toThrow(/bad VLQ/);
  });

  it("maps a generated column to the token that starts at or before it", () => {
    const map = decodeMappings({ version: 3, mappings: "AAAA,IAAI;AACA,UAAU" });
    expect(originalPosition(map, 0, 0)).toEqual({ line: 0, column: 0 });
    expect(originalPosition(map, 0, 6)).toEqual({ line: 0, column: 4 });
    // Source columns carry over from line to line (Source Map v3): 4 + 0, then + 10.
    expect(originalPosition(map, 1, 3)).toEqual({ line: 1, column: 4 });
    expect(originalPosition(map, 1, 11)).toEqual({ line: 1, column: 14 });
    expect(originalPosition(map, 5, 3)).toEqual({ line: 5, column: 3 });
  });
});

describe("compile errors", () => {
  it("point at the line and column of the offending token", () => {
    const result = compileCell("const a: number = 1;\nconst b = ;\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.position).toEqual({ line: 2, column: 11 });
    expect(result.message).toBe("Unexpected token");
  });

  it("computes positions from offsets, counting columns from 1", () => {
    expect(positionOfOffset("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(positionOfOffset("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(positionOfOffset("ab", 99)).toEqual({ line: 1, column: 3 });
    expect(stripSucraseLocation("Error transforming cell.ts: Unexpected token (2:11)")).toBe("Unexpected token");
  });
});

describe("runtime errors", () => {
  it("map through sucrase's rewritten imports back to the call in the TypeScript", () => {
    const source = [
      'import { runScenario } from "tcp-lab";',
      "type Options = { seed: number };",
      "const options: Options = { seed: 1 };",
      '    runScenario("nope", options);',
    ].join("\n");
    const tcpLab = {
      runScenario: () => {
        throw new Error("unknown scenario");
      },
    };
    const position = runtimePosition(source, { require: () => tcpLab });
    expect(position).toEqual({ line: 4, column: 5 });
  });

  it("point at a property read on null after type annotations were stripped", () => {
    const source = "interface P { x: number }\nconst p = null as unknown as P;\nconst value: number = p.x;";
    expect(runtimePosition(source)).toEqual({ line: 3, column: 25 });
  });

  it("point at a throw statement inside a function declared earlier", () => {
    const source = "function fail(reason: string): never {\n  throw new Error(reason);\n}\nfail('x');";
    expect(runtimePosition(source)).toEqual({ line: 2, column: 9 });
  });

  it("find the cell's frame in V8 and Firefox stack formats", () => {
    expect(
      firstCellFrame(`Error: x\n    at f (${CELL_SOURCE_URL}:4:7)\n    at g (blob:abc:1:2)`, CELL_SOURCE_URL),
    ).toEqual({
      line: 4,
      column: 7,
    });
    expect(firstCellFrame(`f@${CELL_SOURCE_URL}:3:9\n@blob:x:1:1`, CELL_SOURCE_URL)).toEqual({ line: 3, column: 9 });
    expect(firstCellFrame("Error: x\n    at other.js:1:1", CELL_SOURCE_URL)).toBeNull();
  });

  it("ignore positions inside the wrapper", () => {
    const compiled = compileCell("1");
    if (!compiled.ok) throw new Error("compile");
    expect(mapToSource({ line: 1, column: 5 }, compiled.map, WRAPPER_LINES)).toBeNull();
  });

  it("show the source line with a caret under the column", () => {
    expect(sourceExcerpt("a\n  bad()", { line: 2, column: 3 })).toBe("  bad()\n  ^");
    expect(sourceExcerpt("a", { line: 9, column: 1 })).toBe("");
  });
});

describe("evaluation wrapper", () => {
  it("returns the value of the cell's last expression and keeps declarations local", () => {
    const compiled = compileCell("const n: number = 20;\nn + 22");
    if (!compiled.ok) throw new Error("compile");
    expect((0, eval)(wrapForEval(compiled.code))).toBe(42);
    expect("n" in globalThis).toBe(false);
  });

  it("returns undefined when the cell ends with a declaration", () => {
    const compiled = compileCell("const x = 1;");
    if (!compiled.ok) throw new Error("compile");
    expect((0, eval)(wrapForEval(compiled.code))).toBeUndefined();
  });
});
