/** `npm run sim -- drill`: PASS lines, the first mismatch, exit statuses. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/sim.ts";

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(argv, { stdout: { write: (c) => (out += String(c)) }, stderr: { write: (c) => (err += c) } });
  return { code, out, err };
}

const good = join(import.meta.dirname, "scripts", "passive-open.pkt");

describe("sim drill", () => {
  it("prints PASS and exits 0; --trace adds tcpdump lines", () => {
    expect(run(["drill", good])).toMatchObject({ code: 0, out: `${good}: PASS (22 events)\n` });
    const t = run(["drill", good, "--trace"]);
    expect(t.out).toMatch(/192\.168\.0\.1\.8080 > 192\.0\.2\.1\.40000: Flags \[S\.\]/);
  });
  it("prints the first mismatch with the script line and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "drill-"));
    const bad = join(dir, "bad.pkt");
    writeFileSync(bad, readFileSync(good, "utf8").replace("> P. 1:21(20) ack 11", "> P. 1:21(20) ack 10"));
    const r = run(["drill", bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      `${bad}:18: error: live packet field tcp_ack: expected: 10 vs actual: 11\n` +
        "  script: > P. 1:21(20) ack 10\n" +
        "  actual: > P. 1:21(20) ack 11 win 502\n",
    );
  });
  it("usage errors exit 2", () => {
    expect(run(["drill"]).code).toBe(2);
    expect(run(["drill", good, "--seed"]).code).toBe(2);
    expect(run(["drill", "/nonexistent.pkt"]).err).toMatch(/cannot read/);
  });
});
