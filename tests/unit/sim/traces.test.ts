/**
 * A readable trace per named scenario, kept as a file snapshot
 * (__snapshots__/traces/<name>.txt): sends, drops and state changes, one
 * line each, sequence numbers relative to each direction's first SYN. The
 * fingerprints (fingerprints.test.ts) say *whether* a run changed; these
 * files show *how*, in a diff a reviewer can read. An intended change
 * updates them with `npx vitest run tests/unit/sim/traces.test.ts -u`.
 */
import { describe, expect, it } from "vitest";
import { runScenario, scenarioNames } from "../../../src/sim/scenarios/index.ts";
import { formatTrace } from "./builders.ts";

/** Parameters that keep the bulk scenarios' traces a few screens long. */
const SMALL: Readonly<Record<string, Readonly<Record<string, string | number | boolean>>>> = {
  "port-exhaustion": { durationSec: 1, rate: 4, trace: "all" },
  "proxy-backend": { durationSec: 1, rate: 4, trace: "all" },
  "syn-flood": { spoofedSyns: 6 },
  "tw-buckets-overflow": { connections: 4 },
};

describe("trace snapshots", { timeout: 60_000 }, () => {
  for (const name of scenarioNames) {
    it(`${name} (seed 1, defaults)`, async () => {
      const r = runScenario(name, { seed: 1, params: { ...(SMALL[name] ?? {}) } });
      const text = `${formatTrace(r.trace)}\n`;
      await expect(text).toMatchFileSnapshot(`./__snapshots__/traces/${name}.txt`);
    });
  }
});
