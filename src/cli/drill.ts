/**
 * `npm run sim -- drill script.pkt [more.pkt ...] [--seed N] [--tolerance US] [--trace]`:
 * run packetdrill scripts against the simulation core. Prints PASS per script
 * or the first mismatch (script line, expected vs actual); with --trace, the
 * run's segments as tcpdump lines. Exit status: 0 all passed, 1 a script
 * failed, 2 usage error (no file, unreadable file, bad flag).
 */
import { readFileSync } from "node:fs";
import { formatDrillFailure, runDrill, traceToTcpdump } from "../sim/index.ts";

export const DRILL_USAGE =
  "usage: npm run sim -- drill <script.pkt> [more.pkt ...] [--seed N] [--tolerance US] [--trace]";

interface Io {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export function drillMain(argv: readonly string[], io: Io): number {
  const files: string[] = [];
  let seed = 1;
  let tolerance = 4000;
  let trace = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--help" || a === "-h") {
      io.stdout.write(`${DRILL_USAGE}\n`);
      return 0;
    }
    if (a === "--trace") trace = true;
    else if (a === "--seed" || a === "--tolerance") {
      const v = Number(argv[++i]);
      if (argv[i] === undefined || !Number.isSafeInteger(v) || v < 0) {
        io.stderr.write(`sim drill: ${a} needs a whole number >= 0\n${DRILL_USAGE}\n`);
        return 2;
      }
      if (a === "--seed") seed = v;
      else tolerance = v;
    } else if (a.startsWith("-")) {
      io.stderr.write(`sim drill: unknown flag ${a}\n${DRILL_USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    io.stderr.write(`sim drill: no script given\n${DRILL_USAGE}\n`);
    return 2;
  }
  let failed = 0;
  for (const f of files) {
    let src: string;
    try {
      src = readFileSync(f, "utf8");
    } catch (e) {
      io.stderr.write(`sim drill: cannot read ${f}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const r = runDrill(src, { seed, toleranceUs: tolerance });
    if (trace) io.stdout.write(`${traceToTcpdump(r.sim.trace).join("\n")}\n`);
    if (r.ok) io.stdout.write(`${f}: PASS (${r.eventsRun} events)\n`);
    else if (r.failure !== undefined) {
      failed++;
      io.stdout.write(`${formatDrillFailure(f, r.failure)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
