/** The core and the CLI refuse bad input with one line naming the value and the accepted range. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulation } from "../../../src/sim/simulation.ts";
import { runScenario } from "../../../src/sim/scenarios/index.ts";
import { main } from "../../../src/cli/sim.ts";
import { depth } from "../support/depth.ts";

function twoHosts(seed = 1) {
  const sim = new Simulation({ seed });
  return { sim, a: sim.addHost("a", "10.0.0.1"), b: sim.addHost("b", "10.0.0.2") };
}

function cli(...argv: string[]): { status: number; err: string } {
  let err = "";
  const status = main(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } });
  return { status, err };
}

describe("Network.link refuses bad options", () => {
  for (const field of ["loss", "duplicate", "reorder"] as const) {
    for (const bad of [-0.5, 1.5, NaN, Infinity]) {
      it(`${field} ${bad}`, () => {
        const { sim, a, b } = twoHosts();
        expect(() => sim.link(a, b, { [field]: bad })).toThrow(RangeError);
        expect(() => sim.link(a, b, { [field]: bad })).toThrow(`link ${field} must be between 0 and 1, got ${bad}`);
      });
    }
    it(`${field} of the wrong type is a TypeError`, () => {
      const { sim, a, b } = twoHosts();
      expect(() => sim.link(a, b, { [field]: "0.1" as unknown as number })).toThrow(TypeError);
    });
  }
  for (const field of ["delay", "reorderDelay"] as const) {
    for (const bad of [-1, NaN, 2.5, Infinity]) {
      it(`${field} ${bad}`, () => {
        const { sim, a, b } = twoHosts();
        expect(() => sim.link(a, b, { [field]: bad })).toThrow(RangeError);
        expect(() => sim.link(a, b, { [field]: bad })).toThrow(
          `link ${field} must be a whole number of µs >= 0, got ${bad}`,
        );
      });
    }
  }

  it("any rate in [0, 1] is accepted and any other number is refused (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("loss", "duplicate", "reorder"),
        fc.oneof(fc.double(), fc.constantFrom(NaN, -0, 0, 1, -Number.MIN_VALUE, 1 + Number.EPSILON)),
        (field, v) => {
          const { sim, a, b } = twoHosts();
          const ok = v >= 0 && v <= 1;
          if (ok) expect(() => sim.link(a, b, { [field]: v })).not.toThrow();
          else expect(() => sim.link(a, b, { [field]: v })).toThrow(RangeError);
        },
      ),
      { numRuns: depth(300, 3000) },
    );
  });
});

describe("seeds", () => {
  for (const bad of [NaN, Infinity, -Infinity, 1.5, 2 ** 53]) {
    it(`new Simulation({ seed: ${bad} }) throws a RangeError`, () => {
      expect(() => new Simulation({ seed: bad })).toThrow(RangeError);
      expect(() => new Simulation({ seed: bad })).toThrow(`seed must be a whole number between`);
      expect(() => runScenario("handshake", { seed: bad })).toThrow(/^scenario "handshake": seed must be/);
    });
  }
  it("a seed that is not a number is a TypeError", () => {
    expect(() => new Simulation({ seed: "7" as unknown as number })).toThrow(TypeError);
  });
  it("whole seeds, negative ones too, still run", () => {
    for (const seed of [0, 1, -5, 2 ** 40]) expect(new Simulation({ seed }).seed).toBe(seed);
  });
});

describe("scenario names", () => {
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "nope"]) {
    it(`runScenario(${JSON.stringify(name)}) names the valid scenarios`, () => {
      expect(() => runScenario(name)).toThrow(RangeError);
      expect(() => runScenario(name)).toThrow(`unknown scenario "${name}"; valid: handshake,`);
      const r = cli(name);
      expect(r.status).toBe(2);
      expect(r.err).toMatch(new RegExp(`^sim: unknown scenario "${name}" \\(known: handshake,.*\\)\\n$`));
    });
  }
});

describe("sysctl overrides", () => {
  it("a host that does not exist is refused, naming the hosts", () => {
    expect(() => runScenario("fin-wait2-timeout", { sysctl: { "ghost:tcp_fin_timeout": 3 } })).toThrow(RangeError);
    const r = cli("fin-wait2-timeout", "--set", "ghost:tcp_fin_timeout=3");
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'sim: sysctl override "ghost:net.ipv4.tcp_fin_timeout" names no host of this run; hosts: client, server\n',
    );
  });

  it("a knob the scenario sets from a parameter cannot be overridden silently", () => {
    expect(() => runScenario("fin-wait2-timeout", { sysctl: { tcp_fin_timeout: 600 } })).toThrow(RangeError);
    expect(() => runScenario("fin-wait2-timeout", { sysctl: { "client:net.ipv4.tcp_fin_timeout": 5 } })).toThrow(
      "set finTimeout=5 instead",
    );
    const r = cli("fin-wait2-timeout", "--set", "tcp_fin_timeout=600");
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'sim: scenario "fin-wait2-timeout": sysctl net.ipv4.tcp_fin_timeout=600 conflicts with client:net.ipv4.tcp_fin_timeout=60, which the scenario sets from its parameter finTimeout (1..600); set finTimeout=600 instead\n',
    );
  });

  it("the same value, another host, or the parameter itself still run", () => {
    const same = runScenario("fin-wait2-timeout", { sysctl: { tcp_fin_timeout: 60 } });
    expect(same.summary["finWait2Seconds"]).toBe(60);
    const other = runScenario("fin-wait2-timeout", { sysctl: { "server:tcp_fin_timeout": 30 } });
    expect(other.summary["finWait2Seconds"]).toBe(60);
    const param = runScenario("fin-wait2-timeout", { params: { finTimeout: 45 } });
    expect(param.summary["finWait2Seconds"]).toBe(45);
    expect(cli("fin-wait2-timeout", "--param", "finTimeout=45").status).toBe(0);
  });
});
