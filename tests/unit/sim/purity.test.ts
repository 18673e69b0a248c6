import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "../../..");
const FORBIDDEN = ["Date.now", "new Date(", "Math.random", "performance.now", "document.", "window.", "localStorage"];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("purity: no clock, no Math.random, no DOM in src/", () => {
  const files = tsFiles(join(ROOT, "src")).filter((f) => relative(ROOT, f) !== join("src", "content.config.ts"));

  it("finds the simulator sources", () => {
    expect(files.some((f) => f.endsWith(join("sim", "simulation.ts")))).toBe(true);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))("%s is pure", (_name, f) => {
    // Quoted names are data, not use: the notebook sandbox lists "localStorage" among the globals it hides.
    const text = readFileSync(f, "utf8").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
    const hits = FORBIDDEN.filter((w) => text.includes(w));
    expect(hits).toEqual([]);
  });
});
