/**
 * Every packetdrill script in scripts/ passes against the core, and each one
 * can fail: changing the expected flags of any outbound line, or the expected
 * result of any system call, makes the run stop at exactly that line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDrill } from "../../../src/sim/index.ts";

const dir = join(import.meta.dirname, "scripts");
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith(".pkt"))
  .sort();

/** Mutations of one line that must make the script fail there. */
function mutants(line: string): string[] {
  const out: string[] = [];
  const pkt = /^(\s*\S+\s+>\s+)([SFRP.]+)(\s.*)$/.exec(line);
  if (pkt !== null) {
    const flags = pkt[2] as string;
    out.push(`${pkt[1]}${flags.includes("R") ? flags.replace("R", "F") : `R${flags}`}${pkt[3]}`);
  }
  const call = /^(.*\)\s*=\s*)(-?\w+)(.*)$/.exec(line);
  if (call !== null && pkt === null && !line.includes("`")) {
    const ret = call[2] as string;
    out.push(`${call[1]}${ret === "-1" ? "0" : "-1 EBADF"}`);
  }
  return out;
}

describe("packetdrill scripts against the core", { timeout: 120_000 }, () => {
  expect(scripts.length).toBeGreaterThanOrEqual(12);
  for (const f of scripts) {
    const src = readFileSync(join(dir, f), "utf8");
    it(`${f} passes`, () => {
      const r = runDrill(src);
      expect(r.failure).toBeUndefined();
      expect(r.ok).toBe(true);
    });
    it(`${f} fails at the changed line when a check is changed`, () => {
      const lines = src.split("\n");
      let tried = 0;
      lines.forEach((l, i) => {
        for (const m of mutants(l)) {
          const copy = [...lines];
          copy[i] = m;
          const r = runDrill(copy.join("\n"));
          expect(r.ok, `${f}:${i + 1} mutated to "${m}" still passes`).toBe(false);
          expect(r.failure?.line, `${f}:${i + 1}: ${r.failure?.message}`).toBe(i + 1);
          tried++;
        }
      });
      expect(tried).toBeGreaterThan(3);
    });
  }
});
