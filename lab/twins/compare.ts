/** Figure comparison with a tolerance: numbers within it, arrays element-wise, the rest exactly. */
import type { FigureValue } from "./types.ts";

export function agrees(kernel: FigureValue | undefined, sim: FigureValue | undefined, tolerance: number): boolean {
  if (kernel === undefined || sim === undefined) return false;
  if (typeof kernel === "number" && typeof sim === "number") return Math.abs(kernel - sim) <= tolerance + 1e-9;
  if (Array.isArray(kernel) && Array.isArray(sim)) {
    const k = kernel as readonly (number | string)[];
    const s = sim as readonly (number | string)[];
    return k.length === s.length && k.every((x, i) => agrees(x, s[i], tolerance));
  }
  return kernel === sim;
}

/** Short text of a value for one console line. */
export function show(v: FigureValue | undefined): string {
  if (v === undefined) return "(missing)";
  if (Array.isArray(v)) return "[" + (v as readonly (number | string)[]).join(",") + "]";
  return String(v);
}
