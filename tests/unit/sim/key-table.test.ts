import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { KeyTable } from "../../../src/sim/tcp/key-table.ts";

/** Connection-table keys: IP-pair number × 2³² + int32(localPort << 16 | remotePort), as tcp/table-entry.ts makes them. */
const key = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 65535 }), fc.constantFrom(80, 8080))
  .map(([pair, lport, rport]) => pair * 4294967296 + ((lport << 16) | rport));

describe("KeyTable (the connection table's storage)", () => {
  it("behaves as a Map: same answers, same size, same insertion order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("set", "delete", "get"), key), { minLength: 200, maxLength: 3000 }),
        fc.array(key, { minLength: 1, maxLength: 300 }),
        (ops, pool) => {
          const t = new KeyTable<number>();
          const m = new Map<number, number>();
          ops.forEach(([op, k0], i) => {
            // Draw most keys from a small pool so that deletes and re-inserts hit.
            const k = i % 4 === 0 ? k0 : (pool[i % pool.length] as number);
            if (op === "set") {
              t.set(k, i);
              m.set(k, i);
            } else if (op === "delete") expect(t.delete(k)).toBe(m.delete(k));
            else expect(t.get(k)).toBe(m.get(k));
          });
          expect(t.size).toBe(m.size);
          expect([...t.entries()]).toEqual([...m.entries()]);
          expect([...t.keys()]).toEqual([...m.keys()]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
