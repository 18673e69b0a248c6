/**
 * How far the long sweeps go. `npm test` runs a sample that still covers
 * every kind and level; `npm run test:deep` (vitest.deep.config.ts sets
 * TCP_LAB_DEEP=1) runs the full sweep.
 */
export const DEEP = process.env["TCP_LAB_DEEP"] === "1";

/** `quick` under `npm test`, `full` under `npm run test:deep`. */
export function depth(quick: number, full: number): number {
  return DEEP ? full : quick;
}
