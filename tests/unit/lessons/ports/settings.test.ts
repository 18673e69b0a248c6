import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_SETTINGS,
  PORT_RANGES,
  ceilingPerSec,
  scenarioOptions,
  settingsFromParams,
  settingsToParams,
} from "../../../../src/lessons/ports/settings.ts";
import { CONTROL_NAMES, controlIndex, controlSteps, withControl } from "../../../../src/lessons/ports/controls.ts";
import { runScenario } from "../../../../src/sim/scenarios/index.ts";

const anySettings = fc
  .record(Object.fromEntries(CONTROL_NAMES.map((n) => [n, fc.integer({ min: 0, max: controlSteps(n) - 1 })])))
  .map((idx) => CONTROL_NAMES.reduce((s, n) => withControl(s, n, idx[n] as number), DEFAULT_SETTINGS));

describe("port lab settings", () => {
  test("URL round trip for every reachable setup", () => {
    fc.assert(
      fc.property(anySettings, (s) => {
        const back = settingsFromParams(new Map(Object.entries(settingsToParams(s))));
        expect(back.rejected).toEqual([]);
        expect(back.settings).toEqual(s);
      }),
    );
  });

  test("slider positions round trip", () => {
    fc.assert(
      fc.property(anySettings, (s) => {
        for (const n of CONTROL_NAMES) expect(withControl(s, n, controlIndex(s, n))).toEqual(s);
      }),
    );
  });

  test("unreadable values keep their defaults and are named", () => {
    const { settings, rejected } = settingsFromParams(
      new Map([
        ["rate", "999"],
        ["range", "1-2"],
        ["closer", "nobody"],
        ["reuse", "1"],
        ["keepalive", "yes"],
      ]),
    );
    expect(rejected).toEqual(["rate", "range", "closer", "keepalive"]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, twReuse: 1 });
  });

  test("the ceiling is the core's ports ÷ 60 s × destinations when nothing is reused", () => {
    for (const [i] of PORT_RANGES.entries()) {
      const s = { ...DEFAULT_SETTINGS, portRange: i, sourceIps: 2, destPorts: 3 };
      const core = runScenario("port-exhaustion", scenarioOptions(s, 1));
      expect(ceilingPerSec(s)).toBe(core.summary["theoreticalCeilingPerSec"]);
    }
    expect(ceilingPerSec({ ...DEFAULT_SETTINGS, closer: "server" })).toBeUndefined();
    expect(ceilingPerSec({ ...DEFAULT_SETTINGS, twReuse: 1 })).toBe(28232);
  });
});
