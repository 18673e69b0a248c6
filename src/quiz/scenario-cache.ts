/**
 * Named scenario runs, memoised: a quiz of twenty questions asks the same
 * run several times, and the browser should not redo a 90-second simulation.
 * The cache is bounded so a long session does not grow without limit.
 */
import { runScenario, type ScenarioOptions, type ScenarioResult } from "../sim/index.ts";

const LIMIT = 64;
const cache = new Map<string, ScenarioResult>();

export function runCached(name: string, options: ScenarioOptions): ScenarioResult {
  const key = JSON.stringify([name, options]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = runScenario(name, options);
  if (cache.size >= LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, result);
  return result;
}

/** A numeric summary value, or an error naming the scenario (a core change that drops a key must fail loudly). */
export function summaryNumber(result: ScenarioResult, key: string): number {
  const v = result.summary[key];
  if (typeof v !== "number") throw new Error(`quiz: scenario "${result.name}" has no numeric summary "${key}"`);
  return v;
}
