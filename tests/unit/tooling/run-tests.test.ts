/**
 * `npm test` (scripts/run-tests.ts) in a scratch project whose stages pass or
 * fail on demand: every stage runs, the summary names each failure with its
 * duration, the browser stage does not run against a stale build, and the
 * exit status tells the truth.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const RUNNER = resolve("scripts/run-tests.ts");
const SCRIPTS = {
  check: "check",
  lint: "lint",
  unit: "test:unit",
  tshark: "test:tshark",
  build: "build",
  e2e: "test:e2e",
};

/** Run the runner in a project where the named stages exit 1; each stage leaves a marker file. */
function runWith(failing: readonly string[], args: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "run-tests-"));
  const scripts: Record<string, string> = {};
  for (const [stage, script] of Object.entries(SCRIPTS)) {
    const code = failing.includes(stage) ? 1 : 0;
    scripts[script] = `node -e "require('fs').writeFileSync('ran-${stage}','');process.exit(${code})"`;
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, scripts }));
  const env = { ...process.env };
  delete env["npm_execpath"];
  const r = spawnSync(process.execPath, [RUNNER, ...args], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
  const ran = Object.keys(SCRIPTS).filter((s) => existsSync(join(dir, `ran-${s}`)));
  rmSync(dir, { recursive: true, force: true });
  const summary = r.stdout.slice(r.stdout.indexOf("── Summary ──"));
  return { status: r.status, summary, ran };
}

describe("npm test runner", () => {
  it("runs every stage and exits 0 when all pass", () => {
    const r = runWith([]);
    expect(r.ran).toEqual(["check", "lint", "unit", "tshark", "build", "e2e"]);
    expect(r.status).toBe(0);
    expect(r.summary).toMatch(/All 6 stages passed/);
  });

  it("keeps going after a failure and names every failed stage with its duration", () => {
    const r = runWith(["lint", "tshark"]);
    expect(r.ran).toEqual(["check", "lint", "unit", "tshark", "build", "e2e"]);
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/FAILED +lint after \d+\.\d s/);
    expect(r.summary).toMatch(/FAILED +tshark after \d+\.\d s/);
    expect(r.summary).toMatch(/passed +unit in \d+\.\d s/);
    expect(r.summary).toMatch(/2 of 6 stages failed or did not run: lint, tshark/);
  });

  it("does not run the browser suite against a stale build, and says so", () => {
    const r = runWith(["build"]);
    expect(r.ran).toEqual(["check", "lint", "unit", "tshark", "build"]);
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/FAILED +build/);
    expect(r.summary).toMatch(/NOT RUN +e2e: build failed, so dist\/ may be stale/);
  });

  it("runs only the stages named, and refuses unknown ones", () => {
    const r = runWith([], ["unit", "lint"]);
    expect(r.ran.sort()).toEqual(["lint", "unit"]);
    expect(r.status).toBe(0);
    expect(runWith([], ["unitt"]).status).toBe(2);
  });
});
