/**
 * The core's structure: no import cycle inside src/sim (type-only imports
 * included: a cycle of types is still a knot to untie before anything moves).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../../src/sim");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative imports and re-exports of one file, resolved to absolute paths. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gms)) {
    out.push(resolve(dirname(file), m[1] as string));
  }
  return out;
}

/** One cycle as a list of files relative to src/sim, or undefined. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    path.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (state.get(m) === undefined) {
        const c = visit(m);
        if (c !== undefined) return c;
      }
    }
    path.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of graph.keys()) {
    if (state.get(n) !== undefined) continue;
    const c = visit(n);
    if (c !== undefined) return c;
  }
  return undefined;
}

describe("src/sim structure", () => {
  it("the cycle finder finds a planted cycle", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    expect(findCycle(g)).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", ["b"]]]))).toBeUndefined();
  });

  it("has no import cycle", () => {
    const all = files(ROOT);
    const graph = new Map(all.map((f) => [f, importsOf(f)]));
    // Every relative import must be a file of src/sim we know (or the cycle check misses edges).
    for (const [f, deps] of graph)
      for (const d of deps) if (d.startsWith(ROOT)) expect(all, `${relative(ROOT, f)} imports ${d}`).toContain(d);
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(ROOT, f)).join(" → ")).toBeUndefined();
  });
});
