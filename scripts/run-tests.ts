/**
 * `npm test`: every stage runs even when an earlier one fails, so one run
 * tells the whole truth; a summary at the end names each failed stage with
 * its duration, and the exit status is non-zero if any stage failed.
 *
 * The one exception: the browser stage tests the build in dist/, so it does
 * not run when the build failed (it would test a stale site), and the summary
 * says so.
 *
 *   node scripts/run-tests.ts               all stages
 *   node scripts/run-tests.ts unit e2e      only these stages, in this order
 */
import { spawn } from "node:child_process";

interface Stage {
  readonly name: string;
  /** The npm script it runs. */
  readonly script: string;
  /** Stages that must have passed in this run for this one to mean anything. */
  readonly needs?: readonly string[];
}

export const STAGES: readonly Stage[] = [
  { name: "check", script: "check" },
  { name: "lint", script: "lint" },
  { name: "unit", script: "test:unit" },
  { name: "tshark", script: "test:tshark" },
  { name: "build", script: "build" },
  { name: "e2e", script: "test:e2e", needs: ["build"] },
];

type Outcome = { status: "passed" | "failed"; ms: number; code: number | string } | { status: "not run"; why: string };

function run(script: string): Promise<number | string> {
  return new Promise((done) => {
    const npm = process.env["npm_execpath"];
    // Under `npm test`, npm_execpath is npm's own CLI script: run it with this Node.
    const [cmd, args] =
      npm !== undefined && npm.endsWith(".js")
        ? [process.execPath, [npm, "run", "--silent", script]]
        : ["npm", ["run", "--silent", script]];
    const child = spawn(cmd, args, { stdio: "inherit" });
    child.on("error", (e) => done(e.message));
    child.on("exit", (code, signal) => done(signal ?? code ?? 1));
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => !STAGES.some((s) => s.name === a));
  if (unknown.length > 0) {
    process.stderr.write(
      `run-tests: unknown stage ${unknown.join(", ")}; stages: ${STAGES.map((s) => s.name).join(", ")}\n`,
    );
    return 2;
  }
  const chosen = argv.length === 0 ? STAGES : argv.map((a) => STAGES.find((s) => s.name === a) as Stage);
  const outcomes = new Map<string, Outcome>();
  const start = performance.now();
  for (const stage of chosen) {
    const blocked = (stage.needs ?? []).filter((n) => outcomes.get(n)?.status === "failed");
    if (blocked.length > 0) {
      outcomes.set(stage.name, {
        status: "not run",
        why: `${blocked.join(", ")} failed, so dist/ may be stale or missing`,
      });
      continue;
    }
    process.stdout.write(`\n── ${stage.name} (npm run ${stage.script}) ──\n`);
    const t0 = performance.now();
    const code = await run(stage.script);
    const ms = performance.now() - t0;
    outcomes.set(stage.name, { status: code === 0 ? "passed" : "failed", ms, code });
  }

  const lines = ["", "── Summary ──"];
  for (const [name, o] of outcomes) {
    if (o.status === "not run") lines.push(`  NOT RUN  ${name}: ${o.why}`);
    else if (o.status === "failed") lines.push(`  FAILED   ${name} after ${seconds(o.ms)} (exit ${o.code})`);
    else lines.push(`  passed   ${name} in ${seconds(o.ms)}`);
  }
  const failed = [...outcomes].filter(([, o]) => o.status !== "passed").map(([n]) => n);
  lines.push(
    failed.length === 0
      ? `All ${outcomes.size} stages passed in ${seconds(performance.now() - start)}.`
      : `${failed.length} of ${outcomes.size} stages failed or did not run: ${failed.join(", ")} (total ${seconds(performance.now() - start)}).`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  return failed.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
