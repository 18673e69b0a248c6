import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SyntaxValidator } from "fast-xml-validator";

const run = (...args: string[]) => spawnSync(process.execPath, ["src/cli/quiz.ts", ...args], { encoding: "utf8" });

describe("quiz CLI end to end", () => {
  it("prints help", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: quiz");
  });

  it("writes a Moodle XML file that is the same for the same seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "quiz-cli-"));
    const a = join(dir, "a.xml");
    const b = join(dir, "b.xml");
    const args = ["--topics", "handshake,timewait", "--count", "6", "--seed", "42", "--format", "moodle"];
    expect(run(...args, "--out", a).status).toBe(0);
    expect(run(...args, "--out", b).status).toBe(0);
    const xml = readFileSync(a, "utf8");
    expect(SyntaxValidator.validate(xml)).toBe(true);
    expect((xml.match(/<question type="(numerical|multichoice|shortanswer)">/g) ?? []).length).toBe(6);
    expect(readFileSync(b, "utf8")).toBe(xml);
  });

  it("writes a per-student CSV key to stdout", () => {
    const r = run(
      "--format",
      "csv",
      "--count",
      "3",
      "--topics",
      "handshake",
      "--code",
      "NET-7",
      "--student",
      "alice",
      "--student",
      "bob",
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\r\n");
    expect(lines).toHaveLength(1 + 6);
    expect(lines.filter((l) => l.startsWith("alice,"))).toHaveLength(3);
  });

  it("fails with one clear line and a non-zero status on bad input", () => {
    const r = run("--count", "-3");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^quiz: --count/);
  });

  it("reports an unwritable output file", () => {
    const r = run("--count", "1", "--out", "/nonexistent-dir/q.txt");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^quiz: cannot write \/nonexistent-dir\/q.txt: ENOENT/);
  });
});
