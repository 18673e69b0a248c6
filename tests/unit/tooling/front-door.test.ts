/**
 * One front door: code outside src/sim reaches the simulation core only
 * through src/sim/index.ts. ESLint's no-restricted-imports enforces it for
 * .ts/.astro files; ESLint does not read MDX, so this test scans the pages
 * (both languages) and, as a second net, every other source file.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["content", "components", "src", "lab", "bench", "scripts"];
const SOURCE = /\.(ts|mts|mjs|js|astro|mdx)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && path !== join("src", "sim")) walk(path, out);
    } else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Module specifiers of static imports, re-exports and dynamic import() calls. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(["'])([^"']+)\1/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[2] ?? "");
  return found;
}

/** True when a specifier reaches into the core past its index. */
function pastFrontDoor(spec: string): boolean {
  return /(^|\/)sim\/(?!index\.ts$)./.test(spec);
}

describe("the core's front door", () => {
  it("recognises an import past src/sim/index.ts", () => {
    expect(specifiers('import { handshake } from "~/src/sim/scenarios/handshake.ts";').map(pastFrontDoor)).toEqual([
      true,
    ]);
    expect(specifiers('import type { X } from "../../sim/index.ts";').map(pastFrontDoor)).toEqual([false]);
  });

  it("no file outside src/sim imports past src/sim/index.ts (MDX pages in both languages included)", () => {
    const files = ROOTS.flatMap((root) => walk(root));
    expect(files.some((f) => f.startsWith(join("content", "zh-cn")) && f.endsWith(".mdx"))).toBe(true);
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter(pastFrontDoor)
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
