/**
 * The example cells on the Playground and in the lessons run against
 * today's core without an error: compiled and evaluated exactly as the worker does, with "tcp-lab"
 * answered by the core. Examples cannot quietly rot as the core changes.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../../src/sim/index.ts";
import * as exporters from "../../../src/sim/export/index.ts";
import { compileCell, wrapForEval } from "../../../src/notebook/compile.ts";
import { formatLogArguments } from "../../../src/notebook/format.ts";
import { dedentCode } from "../../../src/notebook/source-text.ts";
import { isValidCellId } from "../../../src/notebook/share.ts";

interface ExampleCell {
  readonly file: string;
  readonly id: string;
  readonly code: string;
}

function cellsIn(file: string): ExampleCell[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/<Cell\s+id="([^"]+)"[^>]*?code=\{`([\s\S]*?)`\}/g)].map((m) => ({
    file,
    id: m[1] ?? "",
    // Cooked as the template literal it is in MDX, so escapes such as a backslash-n resolve as they will on the page.
    code: dedentCode(String((0, eval)("`" + (m[2] ?? "") + "`"))),
  }));
}

/** Runs a cell as the worker would; returns its log lines and last value. */
function runCell(code: string): { logs: string[]; result: unknown } {
  const compiled = compileCell(code);
  if (!compiled.ok) throw new Error(`syntax error at ${JSON.stringify(compiled.position)}: ${compiled.message}`);
  const logs: string[] = [];
  const log = (...args: unknown[]): void => void logs.push(formatLogArguments(args));
  const scope: Record<string, unknown> = {
    require: (name: string) => {
      if (name !== "tcp-lab") throw new Error(`unknown module ${name}`);
      return { ...exporters, ...core };
    },
    pcap: (x: { trace: core.TraceEvent[] }) => exporters.traceToPcap(x.trace),
    chart: () => undefined,
  };
  const savedConsole = globalThis.console;
  Object.assign(globalThis, scope);
  globalThis.console = {
    ...savedConsole,
    log,
    info: log,
    warn: log,
    error: log,
    table: () => void logs.push("[table]"),
  };
  try {
    return { logs, result: (0, eval)(wrapForEval(compiled.code)) };
  } finally {
    globalThis.console = savedConsole;
    for (const key of Object.keys(scope)) Reflect.deleteProperty(globalThis, key);
  }
}

function mdxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mdxFiles(path);
    return path.endsWith(".mdx") ? [path] : [];
  });
}

const playground = cellsIn("content/playground.mdx");
const lessons = mdxFiles("content")
  .filter((file) => file !== join("content", "playground.mdx"))
  .flatMap(cellsIn);

describe("example cells", () => {
  it("exist, with unique valid ids per file", () => {
    expect(playground.length).toBeGreaterThanOrEqual(4);
    expect(lessons.length).toBeGreaterThanOrEqual(3);
    for (const list of [playground, ...Map.groupBy(lessons, (c) => c.file).values()]) {
      const ids = list.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every(isValidCellId)).toBe(true);
    }
  });

  for (const cell of [...playground, ...lessons]) {
    it(`${cell.file} #${cell.id} runs without an error and shows something`, () => {
      const { logs, result } = runCell(cell.code);
      expect(logs.length > 0 || result !== undefined).toBe(true);
      // Any check a cell prints as "…: false" is a claim the core contradicts.
      expect(logs.filter((line) => /:\s*false\b/.test(line))).toEqual([]);
    });
  }

  it("the handshake example's checks all print true", () => {
    const cell = playground.find((c) => c.id === "handshake-acks");
    const { logs } = runCell(cell?.code ?? "");
    expect(logs.join("\n").match(/\btrue\b/g)).toHaveLength(3);
  });
});
