import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_SETTINGS, DROP_SYNACK_MAX, DROP_SYN_MAX } from "../../../../src/lessons/handshake/stepper-model.ts";
import { decodeState, encodeState, type StepperState } from "../../../../src/lessons/handshake/url-state.ts";

const toMap = (values: Record<string, string | undefined>) =>
  new Map(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));

describe("stepper URL state", () => {
  it("round-trips every state", () => {
    const isn = fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: null });
    const state = fc.record({
      settings: fc.record({
        clientIsn: isn,
        serverIsn: isn,
        dropSyn: fc.integer({ min: 0, max: DROP_SYN_MAX }),
        dropSynAck: fc.integer({ min: 0, max: DROP_SYNACK_MAX }),
        timestamps: fc.boolean(),
        relative: fc.boolean(),
      }),
      step: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    });
    fc.assert(
      fc.property(state, (s: StepperState) => {
        const decoded = decodeState(toMap(encodeState(s)));
        expect(decoded.rejected).toEqual([]);
        expect(decoded.state).toEqual(s);
      }),
    );
  });

  it("keeps defaults for unreadable keys and names them", () => {
    const d = decodeState(
      new Map([
        ["cisn", "banana"],
        ["dsyn", "99"],
        ["ts", "0"],
        ["step", "-3"],
      ]),
    );
    expect(d.rejected).toEqual(["cisn", "dsyn", "step"]);
    expect(d.state.settings).toEqual({ ...DEFAULT_SETTINGS, timestamps: false });
    expect(d.state.step).toBeNull();
  });

  it("leaves defaults out of the URL", () => {
    expect(
      Object.values(encodeState({ settings: DEFAULT_SETTINGS, step: null })).filter((v) => v !== undefined),
    ).toEqual([]);
  });
});
