/**
 * The scenario registry. Add a scenario: write `scenarios/<name>.ts`
 * exporting a ScenarioDef, import it here and add it to `all`.
 */
import type { ScenarioDef, ScenarioOptions, ScenarioResult } from "./types.ts";
import { handshake } from "./handshake.ts";
import { dataAndClose } from "./data-and-close.ts";
import { lostFinalAck } from "./lost-final-ack.ts";
import { oldDuplicate } from "./old-duplicate.ts";
import { portExhaustion } from "./port-exhaustion.ts";
import { proxyBackend } from "./proxy-backend.ts";
import { synFlood } from "./syn-flood.ts";
import { synToTimewait } from "./syn-to-timewait.ts";
import { finWait2Timeout } from "./fin-wait2-timeout.ts";
import { keepalive } from "./keepalive.ts";
import { twBucketsOverflow } from "./tw-buckets-overflow.ts";
import { twRecycleNat } from "./tw-recycle-nat.ts";
import { acceptQueue } from "./accept-queue.ts";
import { InputRangeError, InputTypeError } from "../input.ts";

const all: readonly ScenarioDef[] = [
  handshake,
  dataAndClose,
  lostFinalAck,
  oldDuplicate,
  portExhaustion,
  proxyBackend,
  synFlood,
  synToTimewait,
  finWait2Timeout,
  keepalive,
  twBucketsOverflow,
  twRecycleNat,
  acceptQueue,
];

export const scenarios: Readonly<Record<string, ScenarioDef>> = Object.freeze(
  Object.fromEntries(all.map((s) => [s.name, s])),
);

export const scenarioNames: readonly string[] = all.map((s) => s.name);

/** Run a named scenario. Unknown names and bad parameters throw an Error with a one-line message. */
export function runScenario(name: string, options: ScenarioOptions = {}): ScenarioResult {
  if (typeof name !== "string")
    throw new InputTypeError(`scenario name must be a string, got ${String(name)}; valid: ${scenarioNames.join(", ")}`);
  // Own keys only: "constructor" or "__proto__" are not scenarios.
  const def = Object.hasOwn(scenarios, name) ? scenarios[name] : undefined;
  if (def === undefined) throw new InputRangeError(`unknown scenario "${name}"; valid: ${scenarioNames.join(", ")}`);
  return def.run(options);
}

export type { ScenarioDef, ScenarioOptions, ScenarioResult, ParamSpec, SsRow, KernelProfile } from "./types.ts";
