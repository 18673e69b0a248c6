/**
 * The notebook's error reporting, output budget, scope allow-list and the
 * built pages' CSP, as pure functions (the browser tests drive the same
 * code in the real worker: tests/e2e/sandbox-network.e2e.ts).
 */
import { describe, expect, it } from "vitest";
import { describeThrown } from "../../../src/notebook/errors.ts";
import { formatLogArguments, formatValue, functionSummary } from "../../../src/notebook/format.ts";
import { OutputBudget } from "../../../src/notebook/budget.ts";
import { OUTPUT_LIMITS } from "../../../src/notebook/protocol.ts";
import { lockDownScope } from "../../../src/notebook/sandbox.ts";
import { ALWAYS_REFUSED } from "../../../components/notebook/refused-globals.ts";
import { finishCsp, inlineScriptHashes, parsePolicy, sha256Source } from "../../../scripts/csp.ts";

describe("function summaries", () => {
  it("names every kind of function and never says a global is missing", () => {
    expect(formatLogArguments([(x: number) => x])).toBe("[Function (anonymous)]");
    expect(formatValue(async function load() {})).toBe("[AsyncFunction: load]");
    expect(formatValue(function* gen() {})).toBe("[GeneratorFunction: gen]");
    expect(
      formatValue(
        class Net {
          n = 1;
        },
      ),
    ).toBe("[class Net]");
    expect(formatValue({ run: function run() {}, n: 1 })).toBe("{ run: [Function: run], n: 1 }");
    expect(functionSummary(Math.max)).toBe("[Function: max]");
  });
});

describe("describeThrown reports what was thrown", () => {
  it("for non-Error values", () => {
    expect(describeThrown("boom")).toEqual({ name: "Uncaught", message: "'boom'" });
    expect(describeThrown(42)).toEqual({ name: "Uncaught", message: "42" });
    expect(describeThrown(null)).toEqual({ name: "Uncaught", message: "null" });
    expect(describeThrown({ code: 7, f() {} })).toEqual({ name: "Uncaught", message: "{ code: 7, f: [Function: f] }" });
  });

  it("for an Error whose message getter throws, and for hostile proxies", () => {
    const e = new RangeError("x");
    Object.defineProperty(e, "message", {
      get() {
        throw new Error("inner");
      },
    });
    const d = describeThrown(e);
    expect(d.name).toBe("RangeError");
    expect(d.message).toContain("reading its message threw Error: inner");
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("trap");
        },
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    expect(describeThrown(hostile).message).toContain("cannot be shown");
    expect(describeThrown(new TypeError("plain"))).toEqual({ name: "TypeError", message: "plain" });
  });
});

describe("output budget", () => {
  const pcap = (n: number) => ({ kind: "pcap" as const, bytes: new Uint8Array(n) });

  it("counts captures: one over the byte budget is replaced by a note, smaller ones still pass", () => {
    const budget = new OutputBudget();
    const half = Math.floor(OUTPUT_LIMITS.pcapBytes / 2);
    expect(budget.admit(pcap(half))?.kind).toBe("pcap");
    expect(budget.admit(pcap(half + 1))).toEqual({
      kind: "pcapOmitted",
      bytes: half + 1,
      limit: OUTPUT_LIMITS.pcapBytes,
    });
    expect(budget.admit(pcap(100))?.kind).toBe("pcap");
  });

  it("stops after the item limit with one truncated note", () => {
    const budget = new OutputBudget({ ...OUTPUT_LIMITS, items: 3 });
    const text = { kind: "text" as const, level: "log" as const, text: "x" };
    const out = Array.from({ length: 6 }, () => budget.admit(text));
    expect(out.map((o) => o?.kind ?? null)).toEqual(["text", "text", "text", "truncated", null, null]);
  });
});

describe("lockDownScope", () => {
  function fakeGlobal(): Record<string, unknown> {
    const base = { addEventListener() {}, fetch() {} };
    const mid = Object.create(base) as Record<string, unknown>;
    Object.defineProperty(mid, "fonts", { get: () => ({ load() {} }), configurable: true });
    const g = Object.create(mid) as Record<string, unknown>;
    Object.assign(g, {
      Math,
      JSON,
      console: {},
      WebSocketStream: function WebSocketStream() {},
      importScripts() {},
      FutureThing: {},
    });
    return g;
  }

  it("refuses every name not on the allow-list, wherever it lives, with the same message", () => {
    const g = fakeGlobal();
    const { refused, unremovable } = lockDownScope(g, "{name} is not available", ALWAYS_REFUSED);
    expect(unremovable).toEqual([]);
    // Named refusals hold even where the global is absent (this fake scope has no WebTransport).
    expect(() => g["WebTransport"]).toThrow("WebTransport is not available");
    for (const name of ["fetch", "fonts", "WebSocketStream", "importScripts", "FutureThing", "addEventListener"]) {
      expect(refused).toContain(name);
      expect(() => g[name], name).toThrow(`${name} is not available`);
    }
    expect(g["Math"]).toBe(Math);
    // The prototype chain keeps nothing to re-attach, and cannot be extended.
    const proto = Object.getPrototypeOf(g) as object;
    expect(Object.getOwnPropertyNames(proto)).toEqual([]);
    expect(Object.isFrozen(proto)).toBe(true);
    expect(() => (() => 0).constructor).toThrow("Function is not available");
  });

  it("fails closed on a capability it cannot remove", () => {
    const g = {} as Record<string, unknown>;
    Object.defineProperty(g, "sticky", { get: () => 1, configurable: false });
    expect(lockDownScope(g, "{name}").unremovable).toEqual(["sticky"]);
  });
});

describe("finishCsp", () => {
  const page = (head: string, body = "") =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"/><script>theme()</script>${head}</head><body>${body}</body></html>`;
  const meta = `<meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self' 'sha256-x=';">`;

  it("adds the hash of every executed inline script, skips JSON, and moves the meta first", () => {
    const html = page(meta + `<script type="application/json">{"a":1}</script><script type="module">go()</script>`);
    const out = finishCsp(html);
    expect(out.indexOf("content-security-policy")).toBeLessThan(out.indexOf("<script>"));
    const policy = parsePolicy(/content="([^"]*)"/.exec(out)?.[1] ?? "");
    expect(policy.get("script-src")).toEqual(["'self'", "'sha256-x='", sha256Source("theme()"), sha256Source("go()")]);
    expect(inlineScriptHashes(html)).not.toContain(sha256Source('{"a":1}'));
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("allows eval only on pages with a notebook cell, and refuses pages without a policy", () => {
    const out = finishCsp(page(meta, "<tcp-notebook-cell></tcp-notebook-cell>"));
    expect(parsePolicy(/content="([^"]*)"/.exec(out)?.[1] ?? "").get("script-src")).toContain("'unsafe-eval'");
    expect(() => finishCsp(page(""), "x.html")).toThrow("x.html: no Content-Security-Policy meta");
  });
});
