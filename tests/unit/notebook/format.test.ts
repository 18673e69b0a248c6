import { describe, expect, it } from "vitest";
import { formatLogArguments, formatValue } from "../../../src/notebook/format.ts";
import { toTable, INDEX_COLUMN, VALUES_COLUMN } from "../../../src/notebook/table.ts";

describe("formatValue", () => {
  it("prints primitives the way a console does", () => {
    expect(formatValue(42)).toBe("42");
    expect(formatValue(-0)).toBe("-0");
    expect(formatValue(10n)).toBe("10n");
    expect(formatValue("it's")).toBe("'it\\'s'");
    expect(formatValue(undefined)).toBe("undefined");
    expect(formatValue(null)).toBe("null");
    expect(formatValue(Symbol("s"))).toBe("Symbol(s)");
  });

  it("keeps short collections on one line and breaks long ones", () => {
    expect(formatValue({ a: [1, "x"], "b-c": true })).toBe("{ a: [ 1, 'x' ], 'b-c': true }");
    const long = formatValue({ first: "a".repeat(40), second: "b".repeat(40) });
    expect(long).toBe(`{\n  first: '${"a".repeat(40)}',\n  second: '${"b".repeat(40)}'\n}`);
  });

  it("names classes, maps, sets and typed arrays", () => {
    class Point {
      x = 1;
    }
    expect(formatValue(new Point())).toBe("Point { x: 1 }");
    expect(formatValue(new Map([["k", 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(formatValue(new Set([1, 2]))).toBe("Set(2) { 1, 2 }");
    expect(formatValue(new Uint8Array([1, 2]))).toBe("Uint8Array(2) [ 1, 2 ]");
    expect(formatValue(function named() {})).toBe("[Function: named]");
    expect(
      formatValue(
        class K {
          k = 1;
        },
      ),
    ).toBe("[class K]");
    expect(formatValue(new RangeError("bad"))).toBe("RangeError: bad");
  });

  it("survives cycles, depth and length without flooding", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic["self"] = cyclic;
    expect(formatValue(cyclic)).toBe("{ name: 'loop', self: [Circular] }");
    expect(formatValue({ a: { b: { c: { d: { e: { f: 1 } } } } } }, { depth: 2 })).toBe(
      "{ a: { b: { c: [Object] } } }",
    );
    const many = formatValue(Array.from({ length: 150 }, (_, i) => i));
    expect(many.startsWith("(150) [")).toBe(true);
    expect(many).toContain("… 50 more items");
    expect(formatValue("x".repeat(2000), { maxString: 10 })).toBe(`'xxxxxxxxxx'… (1990 more characters)`);
  });

  it("reports a throwing getter instead of throwing", () => {
    const tricky = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    expect(formatValue(tricky)).toBe("{ boom: '[getter threw: no]' }");
  });

  it("prints top-level strings raw in log arguments", () => {
    expect(formatLogArguments(["seq", 1, { ack: 2 }])).toBe("seq 1 { ack: 2 }");
  });
});

describe("toTable", () => {
  it("lays out an array of records with a column per key", () => {
    const t = toTable([
      { host: "client", state: "TIME_WAIT" },
      { host: "server", port: 80 },
    ]);
    expect(t?.columns).toEqual([INDEX_COLUMN, "host", "state", "port"]);
    expect(t?.rows).toEqual([
      ["0", "'client'", "'TIME_WAIT'", ""],
      ["1", "'server'", "", "80"],
    ]);
  });

  it("puts primitives in a Values column and honours a column filter", () => {
    expect(toTable({ a: 1, b: { x: 2 } })?.columns).toEqual([INDEX_COLUMN, "x", VALUES_COLUMN]);
    expect(toTable([{ a: 1, b: 2 }], ["b"])?.rows).toEqual([["0", "2"]]);
  });

  it("limits rows and says how many were left out", () => {
    const t = toTable(
      Array.from({ length: 30 }, (_, i) => ({ i })),
      undefined,
      10,
    );
    expect(t?.rows.length).toBe(10);
    expect(t?.omittedRows).toBe(20);
  });

  it("refuses non-tabular data", () => {
    expect(toTable(5)).toBeNull();
    expect(toTable("text")).toBeNull();
  });
});
