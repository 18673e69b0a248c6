/**
 * Behaviour must not change under a refactor: every named scenario's run
 * hashes to the fingerprint recorded in fingerprints/fingerprints.json
 * (cases and hashing in fingerprints/cases.ts). An intended change of
 * behaviour rerecords them (node tests/unit/sim/fingerprints/record.ts)
 * in a commit that says why.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fingerprint, fingerprintCases } from "./fingerprints/cases.ts";

const recorded = JSON.parse(
  readFileSync(new URL("./fingerprints/fingerprints.json", import.meta.url), "utf8"),
) as Record<string, string>;
const cases = fingerprintCases();

describe("scenario fingerprints", { timeout: 120_000 }, () => {
  it("the recorded set is exactly the set of cases", () => {
    expect(Object.keys(recorded).sort()).toEqual(cases.map((c) => c.id).sort());
  });
  for (const scenario of new Set(cases.map((c) => c.scenario))) {
    it(`${scenario}: every run hashes as recorded`, () => {
      const changed: string[] = [];
      for (const c of cases) if (c.scenario === scenario && fingerprint(c) !== recorded[c.id]) changed.push(c.id);
      expect(changed).toEqual([]);
    });
  }
});
